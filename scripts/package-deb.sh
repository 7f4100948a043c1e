#!/usr/bin/env bash
# Builds the Debian package of gangmu and checks it.
#
#   scripts/package-deb.sh            # needs `cargo install cargo-deb --locked` once, and man-db
#
# Steps: a release build; the man page and the bash, zsh and fish completions written by that
# binary into target/assets/; `cargo deb --no-build` (assets listed in Cargo.toml under
# [package.metadata.deb]); then the .deb is unpacked with `dpkg-deb -x` into a scratch root and
# the unpacked binary, man page and completions are tried. Prints the .deb's path last.
# Takes about 15 s when the release build is up to date, 4–5 minutes from a clean target
# directory on two busy cores.
#
# The Maintainer field is $DEB_MAINTAINER, else the git identity ("Name <email>").
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS

die() {
  echo "package-deb: $*" >&2
  exit 1
}

cargo deb --version >/dev/null 2>&1 || die "cargo-deb is missing: cargo install cargo-deb --locked"
command -v dpkg-deb >/dev/null || die "dpkg-deb is missing (Debian/Ubuntu: apt install dpkg)"
command -v man >/dev/null || die "man is missing (Debian/Ubuntu: apt install man-db)"

maintainer=${DEB_MAINTAINER:-}
if [[ -z $maintainer ]]; then
  name=$(git config user.name || true)
  email=$(git config user.email || true)
  [[ -n $name && -n $email ]] || die "set DEB_MAINTAINER='Name <email>' (or git's user.name and user.email)"
  maintainer="$name <$email>"
fi

# 1. Build, and generate the assets from the binary that goes into the package.
cargo build --release --locked
bin=${CARGO_TARGET_DIR:-target}/release/gangmu
assets=target/assets
mkdir -p "$assets"
"$bin" --man >"$assets/gangmu.1"
"$bin" --completions bash >"$assets/gangmu.bash"
"$bin" --completions zsh >"$assets/_gangmu"
"$bin" --completions fish >"$assets/gangmu.fish"

# 2. Package (cargo-deb prints the .deb's path on stdout).
deb=$(cargo deb --no-build --locked --maintainer "$maintainer" | tail -n 1)
[[ -f $deb ]] || die "cargo deb did not report a .deb (got: $deb)"

# 3. Check: unpack into a scratch root and use what is there.
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"
fail() { die "$deb: $*"; }

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
dpkg-deb -f "$deb" Package | grep -qx gangmu || fail "Package is not gangmu"
dpkg-deb -f "$deb" Version | grep -q "^$version" || fail "Version is not $version"

installed_version=$("$root/usr/bin/gangmu" --version)
[[ $installed_version == "gangmu $version"* ]] || fail "usr/bin/gangmu --version says: $installed_version"
[[ $installed_version == "$("$bin" --version)" ]] || fail "usr/bin/gangmu is not the binary just built"
"$root/usr/bin/gangmu" --outline tests/fixtures/report.txt | grep -q . || fail "--outline printed nothing"

page="$root/usr/share/man/man1/gangmu.1.gz"
[[ -f $page ]] || fail "no usr/share/man/man1/gangmu.1.gz"
man_text=$(MANPAGER=cat MANWIDTH=80 man -l "$page" 2>&1) || fail "man -l failed: $man_text"
grep -q -- "--outline" <<<"$man_text" || fail "the man page does not mention --outline"

bash_completion="$root/usr/share/bash-completion/completions/gangmu"
bash -c 'source "$1" && complete -p gangmu' _ "$bash_completion" >/dev/null ||
  fail "bash does not load $bash_completion"
zsh_completion="$root/usr/share/zsh/vendor-completions/_gangmu"
head -n 1 "$zsh_completion" | grep -qx '#compdef gangmu' || fail "bad $zsh_completion"
if command -v zsh >/dev/null; then
  zsh -n "$zsh_completion" || fail "zsh -n $zsh_completion"
fi
fish_completion="$root/usr/share/fish/vendor_completions.d/gangmu.fish"
grep -q '^complete -c gangmu' "$fish_completion" || fail "bad $fish_completion"
if command -v fish >/dev/null; then
  fish -n "$fish_completion" || fail "fish -n $fish_completion"
fi

echo "package-deb: contents of $deb:"
dpkg-deb -c "$deb" | awk '{print "  " $3 "\t" $6}'
echo "package-deb: checked $installed_version, man page and completions in $((SECONDS - start)) s"
echo "$deb"
