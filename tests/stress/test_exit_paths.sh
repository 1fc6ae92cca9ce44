#!/usr/bin/env bash
# Issue 8: every way a process ends ends the same under heapwatch: the exit status or the fatal
# signal is unchanged, nothing hangs, no temporary file is left, and whenever exit runs the atexit
# handlers the exit dump is complete and exact -- after handlers that allocate, and while other
# threads are still allocating. Exits that skip the handlers (_exit, quick_exit, abort, fatal
# signals) owe no exit dump.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/core/dump_checks.sh"
source "$HW_ROOT/tests/core/runs.sh"
source "$HW_ROOT/tests/stress/common.sh"
set -e

# ends_as_without MODE DIR: runs the mode plainly and under heapwatch; the status is the same.
ends_as_without() {
    local plain=0 profiled=0
    (ulimit -c 0; exec "$HW_PROGS/stress_exit" "$1") >/dev/null 2>&1 || plain=$?
    (ulimit -c 0; within 20 "$2" HEAPWATCH_INTERVAL=0.01 "$HW_PROGS/stress_exit" "$1") || profiled=$?
    check_eq "$profiled" "$plain" "$1: exit status under heapwatch"
    no_warnings "$HW_TMP/last.err"
    ENDED_WITH=$plain
}

failed=()
for mode in return exit atexit threads thread-exit; do
    (
        d=$HW_TMP/$mode
        ends_as_without "$mode" "$d"
        check_dumps "$d"
        check_expectations "$HW_TMP/last.out" "$(final_dump "$d" "$(only_pid "$d")")"
        note "$mode: status $ENDED_WITH, exit dump exact"
    ) || failed+=("$mode")
done

for mode in _exit quick_exit abort segv term; do
    (
        d=$HW_TMP/$mode
        ends_as_without "$mode" "$d"
        [ -z "$(ls -A "$d" | grep '\.tmp$')" ] || fail "$mode: temporary file left behind"
        [ -z "$(ls "$d")" ] || check_dumps "$d"
        note "$mode: status $ENDED_WITH, $(ls "$d" | grep -c 'txt$') dumps"
    ) || failed+=("$mode")
done

# Exit racing the allocating threads, again and again.
(
    for i in $(seq $((10 * STRESS_SCALE))); do
        d=$HW_TMP/race-$i
        status=0
        within 20 "$d" HEAPWATCH_INTERVAL=0.01 "$HW_PROGS/stress_exit" threads || status=$?
        check_eq "$status" 0 "exit status of run $i of exit racing three allocating threads"
        check_dumps "$d"
        final_dump "$d" "$(only_pid "$d")" >/dev/null
    done
) || failed+=(race)

[ ${#failed[@]} -eq 0 ] || fail "exit paths that failed: ${failed[*]}"
