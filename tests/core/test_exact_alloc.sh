#!/usr/bin/env bash
# Issue 2, test 1: 1000 x 4096 bytes from one function are counted exactly while held, and the
# stack holds nothing once they are freed. Also checks, on this simplest program, what every dump
# must get right: header figures, frame symbols, source lines and offsets that addr2line agrees
# with, the series file, and mode 0600 whatever the umask.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/core/dump_checks.sh"
source "$HW_ROOT/tests/core/runs.sh"
set -e

prog=$HW_PROGS/core_exact_alloc
d=$HW_TMP/dumps
umask 000

paused_start "$d" HEAPWATCH_INTERVAL=0 "$prog"
pid=$(paused_at held)
held=$(signal_dump "$d" "$pid" 0)
paused_resume
status=0; paused_end || status=$?
check_eq "$status" 0 "exit status"
check_eq "$PAUSED_REST" "" "the program's stdout after its pause (heapwatch must never write there)"
final=$(final_dump "$d" "$pid")
check_dumps "$d"
check_eq "$(dumps_of "$d" "$pid" | wc -l)" 2 "dump files (signal, exit)"

# The dump taken while the blocks are held.
check_eq "$(header "$held" reason)" signal "reason of the held dump"
check_eq "$(header "$held" final)" 0 "final flag of the held dump"
check_eq "$(header "$held" pid)" "$pid" "pid"
check_eq "$(header "$held" exe)" "$(readlink -f "$prog")" "exe"
check_eq "$(awk '$1 == "cmdline" { $1 = ""; print substr($0, 2); exit }' "$held")" "$prog" "cmdline"
check_eq "$(header "$held" interval | awk '{ print $1 + 0 }')" 0 "interval"
check_eq "$(header "$held" depth)" 32 "depth (default)"
check_eq "$(header "$held" sample_rate)" 0 "sample_rate (default)"
check_eq "$(header "$held" estimated)" 0 "estimated"
expect_live "$held" exact_alloc_pages 4096000 1000
check_eq "$(stack_value "$held" exact_alloc_pages $F_RANK)" 1 "rank of exact_alloc_pages (the top stack)"
check_eq "$(stack_value "$held" exact_alloc_pages $F_ALLOC_BYTES)" 4096000 "alloc bytes of exact_alloc_pages"
check_eq "$(stack_value "$held" exact_alloc_pages $F_ALLOC_BLOCKS)" 1000 "alloc blocks of exact_alloc_pages"
check_eq "$(stack_value "$held" exact_alloc_pages $F_PEAK)" 4096000 "peak bytes of exact_alloc_pages"
check_eq "$(stack_value "$held" exact_alloc_pages $F_GROWTH)" +4096000 "growth of exact_alloc_pages since start"
check_eq "$(stack_value "$held" exact_alloc_pages $F_SITE)" - "OpenSSL site of a plain malloc stack"
check_eq "$(stack_value "$held" exact_alloc_pages $F_RANK growth)" 1 "rank in the growth ranking"
check_ge "$(header "$held" live_bytes)" 4096000 "live_bytes of the held dump"
check_ge "$(header "$held" live_blocks)" 1000 "live_blocks of the held dump"
check_ge "$(header "$held" total_allocs)" 1000 "total_allocs"
check_ge "$(header "$held" total_alloc_bytes)" 4096000 "total_alloc_bytes"
check_ge "$(header "$held" peak_live_bytes)" 4096000 "peak_live_bytes"
check_eq "$(header "$held" openssl)" not-loaded "openssl state of a program without libcrypto"
check_eq "$(header "$held" openssl_live_bytes)" 0 "openssl_live_bytes"
check_ge "$(header "$held" threads)" 2 "threads (the program and heapwatch's dump thread)"
check_ge "$(header "$held" fds)" 3 "fds (stdin, stdout, stderr at least)"
check_eq "$(header "$held" sockets)" 0 "sockets"

# Frame 0 is exact_alloc_pages at the malloc call's line; its module and offset lead back there.
id=$(stack_value "$held" exact_alloc_pages $F_ID)
line=$(grep -n 'blocks\[i\] = malloc(BLOCK_SIZE)' "$HW_ROOT/tests/progs/core_exact_alloc.c" | cut -d: -f1)
source0=$(frame_of "$held" live "$id" 0 7)
[[ $source0 == *core_exact_alloc.c:$line ]] || fail "frame 0 source: expected core_exact_alloc.c:$line, got $source0"
check_eq "$(function_of "$(frame_of "$held" live "$id" 1 6)")" main "frame 1 function"
module=$(frame_of "$held" live "$id" 0 4)
check_eq "$module" "$(readlink -f "$prog")" "frame 0 module"
offset=$(frame_of "$held" live "$id" 0 5)
address=$(frame_of "$held" live "$id" 0 3)
check_eq "$(addr2line -f -e "$module" "$(printf '0x%x' $((offset - 1)))" | head -n 1)" exact_alloc_pages \
    "addr2line at frame 0 OFFSET-1"
in_map=no
while read -r start end; do
    if ((start <= address && address < end)); then in_map=yes; fi
done < <(awk -v m="$module" '$1 == "map" && $5 == m { print $2, $3 }' "$held")
check_eq "$in_map" yes "frame 0 address $address inside a map record of $module"

# The exit dump, after exact_free_pages: the stack holds nothing, and the heap shrank by exactly
# the blocks freed (the program does nothing else between the two dumps).
check_eq "$(header "$final" reason)" exit "reason of the exit dump"
check_eq "$(header "$final" seq)" 1 "seq of the exit dump"
no_live_stack "$final" exact_alloc_pages
check_eq "$(stack_value "$final" exact_alloc_pages $F_ID peak)" "$id" "stack id in the exit dump's peak ranking"
check_eq "$(stack_value "$final" exact_alloc_pages $F_LIVE peak)" 0 "live bytes of exact_alloc_pages after the frees"
check_eq "$(stack_value "$final" exact_alloc_pages $F_AT_PEAK peak)" 4096000 "its bytes at the process's peak"
check_eq "$(stack_value "$final" exact_alloc_pages $F_GROWTH peak)" -4096000 "its growth since the held dump"
check_eq "$(stack_value "$final" exact_alloc_pages $F_ALLOC_BLOCKS peak)" 1000 "its alloc blocks, unchanged"
check_eq "$(($(header "$held" live_bytes) - $(header "$final" live_bytes)))" 4096000 "live_bytes freed between the dumps"
check_eq "$(($(header "$held" live_blocks) - $(header "$final" live_blocks)))" 1000 "live_blocks freed between the dumps"
check_ge "$(header "$final" total_frees)" 1000 "total_frees"
check_ge "$(header "$final" total_freed_bytes)" 4096000 "total_freed_bytes"

# The series: one point per dump, with the dumps' own figures.
series=$d/heapwatch.$pid.series
check_eq "$(series_points "$series")" 2 "series points"
check_eq "$(series_point "$series" 0 5)" signal "reason of series point 0"
check_eq "$(series_point "$series" 1 5)" exit "reason of series point 1"
check_eq "$(series_point "$series" 0 6)" "$(header "$held" live_bytes)" "live_bytes of series point 0"
check_eq "$(series_point "$series" 1 6)" "$(header "$final" live_bytes)" "live_bytes of series point 1"
