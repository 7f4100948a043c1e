#!/usr/bin/env bash
# The reader on a large file, in a 120×40 tmux pane: `G` at once, then the time until the status
# line shows 100% (the whole file loaded and the end on screen) and the peak resident set size
# (VmHWM) at that moment. Alternates the binaries given, RUNS times each (issue 19, item 5).
#
#   bench/reader_load.sh FILE RUNS BIN [BIN...]
#   bench/reader_load.sh /tmp/100mb.txt 5 target/release/gangmu /tmp/gangmu-base
#
# Prints one line per run: binary, milliseconds to 100%, peak KB, peak ÷ file size.
set -euo pipefail
FILE=$1 RUNS=$2; shift 2
T="tmux -L gangmu-reader-load -f /dev/null"
STATE=$(mktemp -d)
trap '$T kill-server 2>/dev/null || true; rm -rf "$STATE"' EXIT
size=$(stat -c %s "$FILE")
for ((i = 0; i < RUNS; i++)); do
    for bin in "$@"; do
        $T kill-server 2>/dev/null || true
        $T new-session -d -s r -x 120 -y 40 "sleep 0.3; exec $bin --no-resume --state-dir $STATE $FILE"
        sleep 0.2
        t0=$(date +%s%N)
        $T send-keys -t r G   # read by the reader when it starts, 0.1 s later
        until $T capture-pane -p -t r | tail -1 | grep -q "100%"; do sleep 0.01; done
        t1=$(date +%s%N)
        pid=$($T display-message -p -t r '#{pane_pid}')
        hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
        echo "$bin $(( (t1 - t0) / 1000000 - 100 )) ms ${hwm} KB $(awk -v k="$hwm" -v s="$size" 'BEGIN{printf "%.2f", k*1024/s}')× file"
        $T send-keys -t r q
        sleep 0.3
    done
done
