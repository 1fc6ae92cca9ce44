#!/usr/bin/env bash
# Issue 7: HEAPWATCH_SAMPLE gives unbiased estimates. With one sample per 16 KiB on average, the
# stacks of perf_sampled get more than 1000 expected samples each, so their estimated live bytes
# and blocks must be within 10% of the truth, also for blocks that realloc grew; the header says
# the figures are estimates, and at what rate.
source "$HW_ROOT/tests/lib.sh"

within() { # within ESTIMATE TRUTH PERCENT WHAT
    awk -v e="$1" -v t="$2" -v p="$3" 'BEGIN { d = e - t; if (d < 0) d = -d; exit !(d * 100 <= t * p) }' ||
        fail "$4: estimate $1 is not within $3% of $2"
    note "$4: estimate $1, truth $2"
}

d=$HW_TMP/dumps
hw_run "$d" HEAPWATCH_INTERVAL=0 HEAPWATCH_SAMPLE=16384 "$HW_PROGS/perf_sampled" >out.txt ||
    fail "perf_sampled failed under sampling"
check_eq "$(cat out.txt)" "kept 200000 small, 1000 big and 100000 grown blocks" "program output"
final=$(final_dump "$d" "$(only_pid "$d")")
check_eq "$(header "$final" sample_rate)" 16384 "sample_rate"
check_eq "$(header "$final" estimated)" 1 "estimated"

within "$(stack_field "$final" small_blocks $F_LIVE)" $((200000 * 128)) 10 "small_blocks live bytes"
within "$(stack_field "$final" small_blocks $F_BLOCKS)" 200000 10 "small_blocks live blocks"
within "$(stack_field "$final" small_blocks $F_ALLOC_BYTES)" $((400000 * 128)) 10 "small_blocks allocated bytes"
within "$(stack_field "$final" big_blocks $F_LIVE)" $((1000 * 65536)) 10 "big_blocks live bytes"
within "$(stack_field "$final" big_blocks $F_BLOCKS)" 1000 10 "big_blocks live blocks"
within "$(stack_field "$final" grown_blocks $F_LIVE)" $((100000 * 256)) 10 "grown_blocks live bytes"
within "$(stack_field "$final" grown_blocks $F_BLOCKS)" 100000 10 "grown_blocks live blocks"
