#!/usr/bin/env bash
# Issue 2, test 5: a realloc chain charged step by step to realloc's caller. A dump at each step
# (realloc(NULL, 100), grow to 5000, grow to 300000, shrink to 10) must show the block on the
# stack of that step's caller only; at exit, realloc(p, 0) has freed its block and a failed huge
# realloc has left the old 777-byte block live on its original stack.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/core/dump_checks.sh"
source "$HW_ROOT/tests/core/runs.sh"
set -e

d=$HW_TMP/dumps
paused_start "$d" HEAPWATCH_INTERVAL=0 HEAPWATCH_TOP=1000 "$HW_PROGS/core_realloc"
seq=0 previous=
for step in from_null:realloc_from_null:100 grown:realloc_grow:5000 \
            huge:realloc_grow_huge:300000 shrunk:realloc_shrink:10; do
    IFS=: read -r point caller bytes <<<"$step"
    pid=$(paused_at "$point")
    dump=$(signal_dump "$d" "$pid" $seq)
    expect_live "$dump" "$caller" "$bytes" 1
    check_eq "$(stack_value "$dump" "$caller" $F_ALLOC_BYTES)" "$bytes" "alloc bytes of $caller"
    check_eq "$(stack_value "$dump" "$caller" $F_GROWTH)" "+$bytes" "growth of $caller"
    expect_live "$dump" realloc_keep_block 777 1
    [ -z "$previous" ] || no_live_stack "$dump" "$previous"
    previous=$caller seq=$((seq + 1))
    paused_resume
done
status=0; paused_end || status=$?
check_eq "$status" 0 "exit status (the program checks contents, NULL and ENOMEM itself)"
check_dumps "$d"
final=$(final_dump "$d" "$pid")

expect_live "$final" realloc_shrink 10 1
expect_live "$final" realloc_keep_block 777 1
check_eq "$(stack_value "$final" realloc_keep_block $F_ALLOC_BLOCKS)" 1 "alloc blocks of realloc_keep_block"
for gone in realloc_from_null realloc_grow realloc_grow_huge realloc_victim realloc_to_zero realloc_too_big; do
    no_live_stack "$final" "$gone"
done
check_eq "$(stack_value "$final" realloc_grow_huge $F_RANK peak)" 1 "rank of the 300000-byte step at the peak"
check_eq "$(stack_value "$final" realloc_grow_huge $F_AT_PEAK peak)" 300000 "its bytes at the peak"
check_eq "$(stack_value "$final" realloc_grow_huge $F_LIVE peak)" 0 "its live bytes at exit"
check_eq "$(stack_value "$final" realloc_grow_huge $F_PEAK peak)" 300000 "its own peak"
check_ge "$(header "$final" peak_live_bytes)" 300777 "peak_live_bytes"
