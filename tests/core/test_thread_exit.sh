#!/usr/bin/env bash
# Issue 2 (lesson 2 of ../shared/notes/lessons.md): when main ends with pthread_exit, the process
# ends with its last thread; heapwatch's dump thread must not keep it alive, and the exit dump is
# still written. The worker's 4321-byte block is freed before it returns.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/core/dump_checks.sh"
source "$HW_ROOT/tests/core/runs.sh"
set -e

d=$HW_TMP/dumps
status=0; out=$(hw_run_within 10 "$d" HEAPWATCH_INTERVAL=0.1 "$HW_PROGS/core_thread_exit") || status=$?
check_eq "$status" 0 "exit status"
check_eq "$out" "worker done" "stdout"
check_dumps "$d"
final=$(final_dump "$d" "$(only_pid "$d")")
no_live_stack "$final" thread_exit_worker
check_eq "$(stack_value "$final" thread_exit_worker $F_ALLOC_BYTES peak)" 4321 "the worker's block at the peak"
