#!/usr/bin/env bash
# The fast unwinder's .eh_frame reader never reads outside the segment holding the tables, however
# damaged they are (tests/unwind/harness/dwarf_fuzz.c, built with AddressSanitizer and UBSan):
# an intact copy of the program's tables gives the same rules as the original, then 100000 copies
# with damaged bytes, half of them also cut short, are looked up.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/unwind/harness.sh"
[ "$(uname -m)" = x86_64 ] || skip "the fast unwinder reads x86_64 unwind tables only"

harness_sanitized dwarf_fuzz
./dwarf_fuzz || fail "the .eh_frame reader misread its own program's tables, or read outside them"
