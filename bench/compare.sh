#!/usr/bin/env bash
# Compares gangmu with the standard tools on large inputs built from ../shared/corpus and
# prints a markdown table of medians (see BENCHMARKS.md).
#
#   bench/compare.sh [RUNS]        # RUNS per figure, default 5 (odd, for a clean median)
#   GANGMU_BENCH_1GB=0 bench/compare.sh   # without the 1 GB inputs (they add ~2 GB and minutes)
#
# Each ratio of issue 19 is taken against its peer measured in the same run, with the targets
# of that issue; the machine's load is printed before and after.
#
# Needs: tmux, less, GNU grep, fold, GNU time (/usr/bin/time, apt-get install time),
# python3 (only to build the inputs). Inputs go to ${TMPDIR:-/tmp}/gangmu-bench (~700 MB, ~2.8 GB with the 1 GB inputs).
# Wall-clock figures depend on the load: the 1-minute load average is printed beside each.
set -euo pipefail

RUNS=${1:-5}
BIG=${GANGMU_BENCH_1GB:-1}
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CORPUS=${CORPUS:-$ROOT/../shared/corpus}
WORK=${TMPDIR:-/tmp}/gangmu-bench
GANGMU=${GANGMU:-$ROOT/target/release/gangmu}
TIME=/usr/bin/time
export LC_ALL=C.UTF-8
unset LESS LESSOPEN LESSCLOSE

for tool in tmux less grep fold python3; do
    command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done
[ -x "$TIME" ] || { echo "missing: GNU time ($TIME): apt-get install time" >&2; exit 2; }
if [ -z "${GANGMU_SKIP_BUILD:-}" ]; then
    (cd "$ROOT" && cargo build --release --quiet)
fi
mkdir -p "$WORK"
: > "$WORK/none.toml"

# ---- inputs -------------------------------------------------------------------------------
python3 - "$CORPUS" "$WORK" "$BIG" <<'PY'
import os, sys
corpus, work, big = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
novel = open(os.path.join(corpus, "shuihuzhuan.txt"), "rb").read()
MB = 1 << 20
def write(name, make):
    path = os.path.join(work, name)
    if not os.path.exists(path):
        data = make()
        with open(path + ".tmp", "wb") as f:
            f.write(data)
        os.replace(path + ".tmp", path)
def repeat(n):
    return lambda: novel * (n // len(novel) + 1)
cut = novel.index(b"\n", MB) + 1
write("1mb.txt", lambda: novel[:cut])
write("100mb.txt", repeat(100 * MB))
write("200mb.txt", repeat(200 * MB))
flat = novel.replace(b"\r", b"").replace(b"\n", b"")
write("line50mb.txt", lambda: flat * (50 * MB // len(flat) + 1))
write("line100mb.txt", lambda: flat * (100 * MB // len(flat) + 1))
def headings(n):
    return lambda: "".join(f"第{i}章　标题{i}\n　　正文一句，又一句。\n" for i in range(1, n + 1)).encode()
write("headings1m.txt", headings(1_000_000))
write("headings2m.txt", headings(2_000_000))
if big:
    write("1gb.txt", repeat(1000 * MB))
    write("line1gib.txt", lambda: (flat * ((1 << 30) // len(flat) + 1))[: 1 << 30])
PY

# Heading patterns for grep: the numbered and named divisions gangmu recognises.
PAT='^[[:space:]　]*(第[一二三四五六七八九十百千万零〇两0-9]+([编章节条回卷篇]|部分|分编)|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|[0-9]+[.．、]|[（(][0-9]+[）)]|[①②③④⑤⑥⑦⑧⑨⑩]|序言|前言|楔子|附则|后记)'

# The chapter headings of the novel, as issue 19 counts them.
PAT19='^(第[一二三四五六七八九十百零〇]+回|楔子)'

load1() { cut -d' ' -f1 /proc/loadavg; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print a[(NR+1)/2]; else printf "%g\n", (a[NR/2]+a[NR/2+1])/2}'; }
mbps() { awk -v b="$1" -v ms="$2" 'BEGIN { if (ms > 0) printf "%.0f", b / 1048576 / (ms / 1000); else print "-" }'; }
size_of() { stat -c %s "$1"; }

# time_cmd OUT CMD... : wall ms of CMD with stdout to a file (grep skips work on /dev/null)
time_cmd() {
    local out=$1; shift
    local t0; t0=$(now_ms)
    "$@" > "$out"
    echo $(( $(now_ms) - t0 ))
}

# median_cmd CMD... : median wall ms over RUNS; sets LOADS to the loads seen
median_cmd() {
    local ms=() i
    LOADS=""
    for ((i = 0; i < RUNS; i++)); do
        LOADS="$LOADS $(load1)"
        ms+=("$(time_cmd "$WORK/out.txt" "$@")")
    done
    printf '%s\n' "${ms[@]}" | median
}
load_range() { printf '%s\n' $LOADS | sort -n | awk 'NR==1{lo=$1} {hi=$1} END {print lo "–" hi}'; }

T="tmux -L gangmu-bench -f /dev/null"
cleanup() { $T kill-server 2>/dev/null || true; }
trap cleanup EXIT

# wait_for TEXT TIMEOUT_S : poll the pane until TEXT shows
wait_for() {
    local deadline=$(( $(now_ms) + ${2:-60} * 1000 ))
    until $T capture-pane -p -t b 2>/dev/null | grep -qF -- "$1"; do
        if (( $(now_ms) > deadline )); then echo "timeout waiting for: $1" >&2; return 1; fi
    done
}

# first_screen PROBE CMD : ms from sending CMD to a shell in a 120x40 pane until PROBE shows
first_screen() {
    local probe=$1 cmd=$2
    cleanup
    $T new-session -d -s b -x 120 -y 40 "exec sh"
    sleep 0.3
    local t0; t0=$(now_ms)
    $T send-keys -t b "exec $cmd" Enter
    wait_for "$probe" 60
    echo $(( $(now_ms) - t0 ))
    quit_pane
}

# quit_pane : q, then wait for the program to exit. Killing the tmux server instead would
# leave the reader spinning on the closed terminal (see BENCHMARKS.md, findings).
quit_pane() {
    local pid i
    pid=$($T display-message -p -t b '#{pane_pid}' 2>/dev/null || true)
    $T send-keys -t b q 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        echo "warning: pid $pid did not quit on q; killing it" >&2
        kill -9 "$pid" 2>/dev/null || true
    fi
    cleanup
}

STATE=$WORK/state
GANGMU_READER="$GANGMU --no-resume --state-dir $STATE --config $WORK/none.toml"
PROBE='话说大宋仁宗'   # first body line of the novel

rows=()
row() { rows+=("$1"); }

# ---- first screen ---------------------------------------------------------------------------
SCREEN_FILES="1mb 100mb"; [ "$BIG" = 1 ] && SCREEN_FILES="$SCREEN_FILES 1gb"
for f in $SCREEN_FILES; do
    file=$WORK/$f.txt
    for prog in gangmu less; do
        ms=() LOADS=""
        for ((i = 0; i < RUNS; i++)); do
            LOADS="$LOADS $(load1)"
            if [ $prog = gangmu ]; then
                rm -rf "$STATE"
                ms+=("$(first_screen "$PROBE" "$GANGMU_READER $file")")
            else
                ms+=("$(first_screen "$PROBE" "less $file")")
            fi
        done
        eval "fs_${prog}_$f=$(printf '%s\n' "${ms[@]}" | median)"
        eval "fs_load_${prog}_$f='$(load_range)'"
    done
    g=$(eval echo "\$fs_gangmu_$f") l=$(eval echo "\$fs_less_$f")
    row "| first screen, $f (120×40 tmux) | $g ms | less: $l ms | $(awk -v a="$g" -v b="$l" 'BEGIN{printf "%.2f×", a/b}') | ≤ 1.0× | $(eval echo "\$fs_load_gangmu_$f") / $(eval echo "\$fs_load_less_$f") |"
done

# ---- --outline vs grep -c -------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f×", a/b}'; }
BIG_FILES=""; [ "$BIG" = 1 ] && BIG_FILES=1gb
for f in 1mb 100mb $BIG_FILES; do
    file=$WORK/$f.txt
    size=$(size_of "$file")
    g=$(median_cmd "$GANGMU" --outline "$file"); gl=$(load_range)
    e=$(median_cmd grep -cE "$PAT19" "$file"); el=$(load_range)
    row "| \`--outline\`, $f | $g ms ($(mbps "$size" "$g") MB/s) | grep -cE '$PAT19': $e ms | $(ratio "$g" "$e") | ≤ 1.5× grep | $gl / $el |"
    eval "outline_ms_$f=$g"
done
# the broader pattern of every heading family gangmu knows, with grep's two engines
g=$(median_cmd "$GANGMU" --outline "$WORK/100mb.txt"); gl=$(load_range)
e=$(median_cmd grep -cE "$PAT" "$WORK/100mb.txt"); el=$(load_range)
p=$(median_cmd grep -cP "$PAT" "$WORK/100mb.txt"); pl=$(load_range)
row "| \`--outline\`, 100mb, all families | $g ms | grep -cE: $e ms; grep -cP: $p ms | $(ratio "$g" "$e") / $(ratio "$g" "$p") | (information) | $gl / $el / $pl |"

# ---- --print --width 80 vs fold -w 80 -------------------------------------------------------
for f in 1mb 100mb line50mb $BIG_FILES; do
    file=$WORK/$f.txt
    size=$(size_of "$file")
    g=$(median_cmd "$GANGMU" --print --width 80 "$file"); gl=$(load_range)
    o=$(median_cmd fold -w 80 "$file"); ol=$(load_range)
    row "| \`--print --width 80\`, $f | $g ms ($(mbps "$size" "$g") MB/s) | fold -w 80: $o ms | $(ratio "$g" "$o") | ≤ 2× fold | $gl / $ol |"
done

# ---- peak RSS of the command-line paths -------------------------------------------------------
# peak_kb CMD... : peak resident set size (KB) of CMD, stdout to a file, median over RUNS
peak_kb() {
    local kb=() i
    LOADS=""
    for ((i = 0; i < RUNS; i++)); do
        LOADS="$LOADS $(load1)"
        $TIME -f %M -o "$WORK/peak.txt" "$@" > "$WORK/out.txt"
        kb+=("$(tail -1 "$WORK/peak.txt")")
    done
    printf '%s\n' "${kb[@]}" | median
}
for f in 100mb $BIG_FILES; do
    file=$WORK/$f.txt
    size=$(size_of "$file")
    for args in "--outline" "--outline --json" "--outline --stats" "--print --width 80"; do
        # shellcheck disable=SC2086
        kb=$(peak_kb "$GANGMU" $args "$file"); l=$(load_range)
        row "| peak RSS, \`$args\`, $f | $(( kb / 1024 )) MiB ($(awk -v r="$kb" -v s="$size" 'BEGIN{printf "%.2f", r*1024/s}')× file) | | | ≤ 64 MiB | $l |"
    done
done

# ---- peak RSS of the reader after jumping to the end ----------------------------------------
# rss CMD END_KEY_PROBE : runs CMD under GNU time in the pane, presses G once loaded, waits for
# END_KEY_PROBE, quits, prints the maximum resident set size in KB
rss() {
    local cmd=$1 done_probe=$2 ready_probe=$3
    cleanup
    rm -f "$WORK/time.txt"
    $T new-session -d -s b -x 120 -y 40 "exec sh"
    sleep 0.3
    $T send-keys -t b "exec $TIME -v -o $WORK/time.txt $cmd" Enter
    wait_for "$PROBE" 60
    # gangmu: wait for the background load to finish before G (G goes to the loaded end)
    if [ -n "$ready_probe" ]; then
        while $T capture-pane -p -t b | grep -qF "$ready_probe"; do sleep 0.1; done
    fi
    $T send-keys -t b G
    wait_for "$done_probe" 120
    sleep 0.5
    quit_pane
    local i
    for ((i = 0; i < 100; i++)); do [ -s "$WORK/time.txt" ] && break; sleep 0.1; done
    awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt"
}
size=$(size_of "$WORK/100mb.txt")
ms=() LOADS=""
for ((i = 0; i < 3; i++)); do
    LOADS="$LOADS $(load1)"; rm -rf "$STATE"
    ms+=("$(rss "$GANGMU_READER $WORK/100mb.txt" "100%" "loading")")
done
gr=$(printf '%s\n' "${ms[@]}" | median); grl=$(load_range)
ms=() LOADS=""
for ((i = 0; i < 3; i++)); do
    LOADS="$LOADS $(load1)"
    ms+=("$(rss "less $WORK/100mb.txt" "(END)" "")")
done
lr=$(printf '%s\n' "${ms[@]}" | median); lrl=$(load_range)
row "| peak RSS, 100mb, after \`G\` | $(( gr / 1024 )) MiB ($(awk -v r="$gr" -v s="$size" 'BEGIN{printf "%.2f", r*1024/s}')× file) | less: $(( lr / 1024 )) MiB | $(awk -v a="$gr" -v b="$lr" 'BEGIN{printf "%.2f×", a/b}') | ≤ 1.2× file size | $grl / $lrl |"

# ---- linearity: 1× vs 2× inputs ---------------------------------------------------------------
lin() {
    local name=$1 a=$2 b=$3; shift 3
    local ta tb
    ta=$(median_cmd "$@" "$WORK/$a"); la=$(load_range)
    tb=$(median_cmd "$@" "$WORK/$b"); lb=$(load_range)
    row "| linearity: $name | $ta ms → $tb ms | | $(awk -v a="$ta" -v b="$tb" 'BEGIN{printf "%.2f×", b/a}') | ≈ 2× (linear) | $la / $lb |"
}
lin "\`--print --width 80\`, 50 → 100 MB single line" line50mb.txt line100mb.txt "$GANGMU" --print --width 80
lin "\`--outline\`, 1M → 2M headings" headings1m.txt headings2m.txt "$GANGMU" --outline
lin "\`--outline\`, 100 → 200 MB" 100mb.txt 200mb.txt "$GANGMU" --outline
if [ "$BIG" = 1 ]; then
    # issue 19: a 1 GB file in at most 10× the 100 MB time; a 1 GiB line in seconds
    g=$outline_ms_1gb
    row "| linearity: \`--outline\`, 100 MB → 1 GB | $outline_ms_100mb ms → $g ms | | $(ratio "$g" "$outline_ms_100mb") | ≤ 10× | (above) |"
    g=$(median_cmd "$GANGMU" --outline "$WORK/line1gib.txt"); gl=$(load_range)
    kb=$(peak_kb "$GANGMU" --outline "$WORK/line1gib.txt")
    row "| \`--outline\`, 1 GiB single line | $g ms, $(( kb / 1024 )) MiB | | | seconds, ≤ 64 MiB | $gl |"
fi

# ---- table ------------------------------------------------------------------------------------
echo
echo "Machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(uname -sr), load at start of each figure in the last column."
echo "Medians of $RUNS runs (reader RSS: 3). $(date -u +%Y-%m-%dT%H:%MZ)"
echo "Load (1, 5, 15 min) before: $LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| figure | gangmu | reference | ratio | target | load (1 min) |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
