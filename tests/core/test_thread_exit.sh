#!/usr/bin/env bash
# Issue 2 (lesson 2 of ../shared/notes/lessons.md): when main ends with pthread_exit, the process
# ends with its last thread; heapwatch's dump thread must not keep it alive, and the exit dump is
# still written. The worker's 4321-byte block is freed before it returns.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/core/dump_checks.sh"
source "$HW_ROOT/tests/core/runs.sh"
set -e

d=$HW_TMP/dumps
mkdir -p "$d"
status=0
out=$(timeout 10 env HEAPWATCH_DIR="$d" HEAPWATCH_INTERVAL=0.1 LD_PRELOAD="$HW_LIB" "$HW_PROGS/core_thread_exit") ||
    status=$?
[ $status -ne 124 ] || fail "the process did not end when its last thread did (killed after 10 s)"
check_eq "$status" 0 "exit status"
check_eq "$out" "worker done" "stdout"
check_dumps "$d"
final=$(final_dump "$d" "$(only_pid "$d")")
no_live_stack "$final" thread_exit_worker
check_eq "$(stack_value "$final" thread_exit_worker $F_ALLOC_BYTES peak)" 4321 "the worker's block at the peak"
