#!/usr/bin/env bash
# Issue 2, test 4: every aligned and array allocation function keeps glibc's semantics under
# heapwatch (the program checks alignment, usable size, zeroing, ENOMEM, EINVAL, and errno left
# alone on success, and must print the same lines as without heapwatch), and the exit dump counts
# exactly the sizes requested:
# pvalloc counts the 100 bytes asked for, not the page glibc rounds up to; failed calls count nothing.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/core/dump_checks.sh"
source "$HW_ROOT/tests/core/runs.sh"
set -e

d=$HW_TMP/dumps
same_as_without memalign "$d" HEAPWATCH_INTERVAL=0 "$HW_PROGS/core_memalign"
if grep -q FAIL memalign.hw.out; then fail "under heapwatch: $(grep FAIL memalign.hw.out)"; fi
check_eq "$(grep -c '^ok ' memalign.hw.out)" 34 "checks passed"
check_dumps "$d"
final=$(final_dump "$d" "$(only_pid "$d")")

# Two calls of a helper from two lines are two stacks: their sum is what the helper allocated.
expect_live_total "$final" memalign_via_posix_memalign 1010 2   # posix_memalign(64, 1000) + (65536, 10)
expect_live_total "$final" memalign_via_aligned_alloc 2048 1    # aligned_alloc(3, 10) was freed
expect_live_total "$final" memalign_via_memalign 3010 2         # memalign(4096, 3000) + (24, 10)
expect_live "$final" memalign_via_valloc 5000 1
expect_live "$final" memalign_via_pvalloc 100 1
expect_live "$final" memalign_via_calloc 777 1
expect_live "$final" memalign_via_reallocarray 221 1
no_live_stack "$final" memalign_dirty_heap
no_live_stack "$final" check_errno_kept
for helper in valloc pvalloc calloc reallocarray; do
    check_eq "$(stack_value "$final" "memalign_via_$helper" $F_ALLOC_BYTES)" \
        "$(stack_value "$final" "memalign_via_$helper" $F_LIVE)" "alloc bytes of memalign_via_$helper (failed calls add nothing)"
done

# Alignments of 32 and 64 carry their alignment as room in front: posix_memalign(64, 1000) adds 48
# bytes beyond a tag's 16, memalign(24, 10) (glibc aligns to 32) adds 16; larger ones are listed.
blocks=$(header "$final" live_blocks)
check_eq "$(header "$final" metadata_bytes_per_block)" $((16 + (64 + blocks - 1) / blocks)) \
    "metadata bytes per block with $blocks live blocks"
