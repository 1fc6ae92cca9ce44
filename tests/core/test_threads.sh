#!/usr/bin/env bash
# Issue 2, test 3: 8 threads x 100000 mixed allocations, most freed by another thread, with dumps
# every 50 ms meanwhile. The churn must end at exactly 0 live bytes, the 80 blocks the threads keep
# at exactly 80000, every dump taken mid-run must add up, and nothing may crash.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/core/dump_checks.sh"
source "$HW_ROOT/tests/core/runs.sh"
set -e

d=$HW_TMP/dumps
status=0; hw_run "$d" HEAPWATCH_INTERVAL=0.05 HEAPWATCH_TOP=1000 "$HW_PROGS/core_threads" || status=$?
check_eq "$status" 0 "exit status"
check_dumps "$d"
pid=$(only_pid "$d")
final=$(final_dump "$d" "$pid")
note "$(dumps_of "$d" "$pid" | wc -l) dumps; the exit dump's header:"
grep -E '^(live_bytes|live_blocks|total_allocs|total_frees|stacks|dump_pause_max_us) ' "$final"

# HEAPWATCH_TOP=1000 shows every live stack, so a churn stack missing from the ranking holds nothing.
check_eq "$(awk '$1 == "rest" { print $2 }' "$final")" 0 "stacks left to the rest record"
no_live_stack "$final" threads_churn_block
expect_live "$final" threads_keep_blocks 80000 80
check_eq "$(stack_value "$final" threads_keep_blocks $F_ALLOC_BLOCKS)" 80 "alloc blocks of threads_keep_blocks"
check_ge "$(header "$final" total_allocs)" 800080 "total_allocs"
check_ge "$(header "$final" total_frees)" 800000 "total_frees"
check_eq "$(header "$final" dropped_allocs)" 0 "dropped_allocs"
