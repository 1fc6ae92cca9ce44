#!/usr/bin/env bash
# Issue 8: 5000 short-lived threads (16 at a time) whose pthread-key and C++ thread_local
# destructors allocate and free while the thread exits, with a dump every 10 ms so that threads
# keep exiting while dumps run. No crash, no hang, and the exit dump holds exactly the blocks each
# kind of destructor kept.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/core/dump_checks.sh"
source "$HW_ROOT/tests/core/runs.sh"
source "$HW_ROOT/tests/stress/common.sh"
set -e

d=$HW_TMP/churn
threads=$((5000 * STRESS_SCALE))
status=0
within $((40 * STRESS_SCALE)) "$d" HEAPWATCH_INTERVAL=0.01 "$HW_PROGS/stress_thread_churn" "$threads" || status=$?
exact_run "$status" "$d"
check_ge "$(dumps_of "$d" "$WITHIN_PID" | wc -l)" 5 "dumps taken while threads came and went"
