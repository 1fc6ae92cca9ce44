#!/usr/bin/env bash
# The fast unwinder's call-frame interpreter on hand-written tables (tests/unwind/harness/
# dwarf_cases.c): prologues with and without frame pointers, remember/restore_state around an
# early return, restore, every advance_loc size, signed and factored operands, GNU_args_size;
# and what must make a frame unsupported: CFA and RBP expressions, RBP kept in another register
# or given by value, a CFA on another register, signal-frame CIEs, an RBP slot outside the frame,
# addresses no FDE covers. An undefined return address must end the walk.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/unwind/harness.sh"
[ "$(uname -m)" = x86_64 ] || skip "the fast unwinder reads x86_64 unwind tables only"

harness_sanitized dwarf_cases
./dwarf_cases || fail "the call-frame interpreter gave a wrong rule"
