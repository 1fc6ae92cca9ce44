#!/usr/bin/env bash
# Issue 8: programs that close every descriptor from 3 to 1023, or dup2 over descriptors they did
# not open, again and again while dumps run every 10 ms. The program's own files must hold exactly
# what it wrote (heapwatch never writes into them, never closes them under it), every dump file
# present is complete, no temporary file is left, the exit dump is written, and heapwatch says at
# most one line about dumps it could not write.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/core/dump_checks.sh"
source "$HW_ROOT/tests/core/runs.sh"
source "$HW_ROOT/tests/stress/common.sh"
set -e

seconds=$((2 * STRESS_SCALE))
failed=()
for mode in closeall dup2; do
    (
        d=$HW_TMP/$mode-dumps
        mkdir -p "$HW_TMP/$mode" && cd "$HW_TMP/$mode"
        status=0
        within $((seconds + 20)) "$d" HEAPWATCH_INTERVAL=0.01 "$HW_PROGS/stress_fds" "$mode" "$seconds" || status=$?
        check_eq "$(tail -n 1 "$HW_TMP/last.out")" "files ok" "$mode: the program's check of its own files"
        check_eq "$status" 0 "$mode: exit status"
        check_le "$(warnings "$HW_TMP/last.err" | wc -l)" 1 "$mode: heapwatch lines on stderr"
        check_dumps "$d"
        pid=$(only_pid "$d")
        check_expectations "$HW_TMP/last.out" "$(final_dump "$d" "$pid")"
        check_ge "$(dumps_of "$d" "$pid" | wc -l)" $((20 * seconds)) "$mode: dumps written in $seconds s at a 10 ms interval"
        note "$mode: $(dumps_of "$d" "$pid" | wc -l) dumps, $(warnings "$HW_TMP/last.err" | wc -l) warnings"
    ) || failed+=("$mode")
done
[ ${#failed[@]} -eq 0 ] || fail "modes that failed: ${failed[*]}"
