#!/usr/bin/env bash
# Issue 2, test 2: one allocating helper reached through two callers makes two stacks, told apart
# by frame 1, each with its own exact share (300 and 700 blocks of 48 bytes).
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
