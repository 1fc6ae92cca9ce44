#!/usr/bin/env bash
# Issue 2, test 2: one allocating helper reached through two callers makes two stacks, told apart
# by frame 1, each with its own exact share (300 and 700 blocks of 48 bytes). With HEAPWATCH_TOP=1
# the smaller one goes to the rest record; with HEAPWATCH_DEPTH=1 both are one stack.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/core/dump_checks.sh"
source "$HW_ROOT/tests/core/runs.sh"
set -e

d=$HW_TMP/dumps
status=0; hw_run "$d" HEAPWATCH_INTERVAL=0 "$HW_PROGS/core_two_paths" || status=$?
check_eq "$status" 0 "exit status"
check_dumps "$d"
final=$(final_dump "$d" "$(only_pid "$d")")

check_eq "$(stacks_with "$final" two_paths_new_entry)" 2 "live stacks with two_paths_new_entry at frame 0"
for caller in two_paths_from_parser:300 two_paths_from_loader:700; do
    name=${caller%:*} blocks=${caller#*:}
    id=$(stack_value "$final" "$name" $F_ID live 1)
    check_eq "$(function_of "$(frame_of "$final" live "$id" 0 6)")" two_paths_new_entry "frame 0 of the $name stack"
    check_eq "$(function_of "$(frame_of "$final" live "$id" 1 6)")" "$name" "frame 1 of the $name stack"
    check_eq "$(function_of "$(frame_of "$final" live "$id" 2 6)")" main "frame 2 of the $name stack"
    check_eq "$(stack_value "$final" "$name" $F_LIVE live 1)" $((blocks * 48)) "live bytes through $name"
    check_eq "$(stack_value "$final" "$name" $F_BLOCKS live 1)" "$blocks" "live blocks through $name"
    check_eq "$(stack_value "$final" "$name" $F_ALLOC_BLOCKS live 1)" "$blocks" "alloc blocks through $name"
done
check_eq "$(stack_value "$final" two_paths_from_loader $F_RANK live 1)" 1 "rank of the 700-block path"
check_eq "$(stack_value "$final" two_paths_from_parser $F_RANK live 1)" 2 "rank of the 300-block path"

d=$HW_TMP/top1
hw_run "$d" HEAPWATCH_INTERVAL=0 HEAPWATCH_TOP=1 "$HW_PROGS/core_two_paths"
check_dumps "$d"
final=$(final_dump "$d" "$(only_pid "$d")")
check_eq "$(awk '$1 == "ranking" && $2 == "live" { print $3 }' "$final")" 1 "stacks shown with HEAPWATCH_TOP=1"
check_eq "$(stack_value "$final" two_paths_from_loader $F_LIVE live 1)" 33600 "the one stack shown"
check_eq "$(awk '$1 == "rest" { print $2, $3, $4, $5, $6 }' "$final")" "1 14400 300 14400 300" \
    "rest record (stacks, live bytes, blocks, alloc bytes, alloc blocks)"

d=$HW_TMP/depth1
hw_run "$d" HEAPWATCH_INTERVAL=0 HEAPWATCH_DEPTH=1 "$HW_PROGS/core_two_paths"
check_dumps "$d"
final=$(final_dump "$d" "$(only_pid "$d")")
check_eq "$(header "$final" depth)" 1 "depth header"
check_eq "$(stacks_with "$final" two_paths_new_entry)" 1 "stacks with two_paths_new_entry when only frame 0 is kept"
expect_live "$final" two_paths_new_entry 48000 1000
