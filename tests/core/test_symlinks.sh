#!/usr/bin/env bash
# Issue 2: heapwatch never writes through a symlink. Symlinks planted in the dump directory under
# the names the next dumps, their temporary files and the series will use must leave their target
# untouched, and the program must run as without them.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/core/dump_checks.sh"
source "$HW_ROOT/tests/core/runs.sh"
set -e

d=$HW_TMP/dumps
victim=$HW_TMP/victim
echo original >"$victim"
paused_start "$d" HEAPWATCH_INTERVAL=0 "$HW_PROGS/core_idle"
pid=$(paused_at idle)
for seq in 0 1 2; do
    ln -s "$victim" "$(dump_path "$d" "$pid" $seq)"
    ln -s "$victim" "$(printf '%s/.heapwatch.%s.%06d.tmp' "$d" "$pid" $seq)"
done
ln -s "$victim" "$d/heapwatch.$pid.series"
kill -USR2 "$pid"
sleep 0.5
paused_resume
status=0; paused_end || status=$?
check_eq "$status" 0 "exit status"
check_eq "$PAUSED_REST" "" "the program's stdout after its pause"
check_eq "$(cat "$victim")" original "the symlinks' target"
