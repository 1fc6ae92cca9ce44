#!/usr/bin/env bash
# Issue 8: allocator stress patterns under heapwatch end with exactly the live heap the program
# knows it has: larson-style cross-thread replacement, producer/consumer frees on other threads,
# many tiny blocks, huge (>= 1 GiB, virtual) blocks and alignments up to 1 MiB. Dumps run every
# 20 ms meanwhile, so the counters are read while they change.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/core/dump_checks.sh"
source "$HW_ROOT/tests/core/runs.sh"
source "$HW_ROOT/tests/stress/common.sh"
set -e

# check_pattern PATTERN: one run, checked in full.
check_pattern() {
    local pattern=$1 d=$HW_TMP/${1%% *} status=0
    within $((30 * STRESS_SCALE)) "$d" HEAPWATCH_INTERVAL=0.02 HEAPWATCH_TOP=10000 \
        "$HW_PROGS/stress_patterns" $pattern || status=$?
    exact_run "$status" "$d"
    check_eq "$(header "$EXACT_FINAL" dropped_allocs)" 0 "dropped_allocs after $pattern"
    note "$pattern: $(grep -c . "$HW_TMP/last.out") expectations met, $(dumps_of "$d" "$WITHIN_PID" | wc -l) dumps"
}

# Each pattern is checked even when another failed, so that one run reports them all.
failed=()
for pattern in "larson $((3 * STRESS_SCALE))" "prodcons $STRESS_SCALE" "tiny $STRESS_SCALE" huge align; do
    (check_pattern "$pattern") || failed+=("$pattern")
done
[ ${#failed[@]} -eq 0 ] || fail "patterns that failed: ${failed[*]}"
