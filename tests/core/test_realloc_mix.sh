#!/usr/bin/env bash
# Blocks moving between recorded and unrecorded by realloc (block tags sit in front of a block, so
# such a realloc moves the program's bytes): random malloc, realloc, posix_memalign (16..256) and
# free over 1000 slots, tracking everything and sampling at two rates. The program checks every
# byte and malloc_usable_size itself; at exit everything is freed, so live bytes and blocks are 0,
# and no free went unmatched.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/core/dump_checks.sh"
source "$HW_ROOT/tests/core/runs.sh"
set -e

for sample in 0 4096 65536; do
    d=$HW_TMP/sample-$sample
    status=0
    hw_run_within 60 "$d" HEAPWATCH_INTERVAL=0.2 HEAPWATCH_SAMPLE=$sample "$HW_PROGS/core_realloc_mix" || status=$?
    check_eq "$status" 0 "exit status with HEAPWATCH_SAMPLE=$sample"
    check_dumps "$d"
    final=$(final_dump "$d" "$(only_pid "$d")")
    check_eq "$(header "$final" live_bytes)" 0 "live bytes at exit, HEAPWATCH_SAMPLE=$sample"
    check_eq "$(header "$final" live_blocks)" 0 "live blocks at exit, HEAPWATCH_SAMPLE=$sample"
    check_eq "$(header "$final" untracked_frees)" 0 "untracked frees, HEAPWATCH_SAMPLE=$sample"
    check_eq "$(header "$final" dropped_allocs)" 0 "dropped allocations, HEAPWATCH_SAMPLE=$sample"
done
