#!/usr/bin/env bash
# Issue 2 (lesson 6 of ../shared/notes/lessons.md): a program that closes every descriptor it did
# not open and reuses the numbers must not receive heapwatch's output in its own files, and
# heapwatch must go on writing its dumps and series.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/core/dump_checks.sh"
source "$HW_ROOT/tests/core/runs.sh"
set -e

d=$HW_TMP/dumps
status=0; hw_run "$d" HEAPWATCH_INTERVAL=0.05 "$HW_PROGS/core_fd_reuse" "$HW_TMP/own-file" || status=$?
check_eq "$status" 0 "exit status"
check_eq "$(cat "$HW_TMP/own-file")" "$(printf 'mine\n%.0s' $(seq 10))" "the program's own file"
check_dumps "$d"
pid=$(only_pid "$d")
last=$(header "$(final_dump "$d" "$pid")" seq)
check_ge "$last" 5 "seq of the exit dump after 0.5 s of 0.05 s intervals"
check_eq "$(series_points "$d/heapwatch.$pid.series")" $((last + 1)) "series points"
