#!/usr/bin/env bash
# The fast unwinder's rule cache with one writer and three readers at once (tests/unwind/harness/
# cache_check.c): 200000 rules, so the table grows several times, emptied every 40000; a reader
# may only get a wrong rule if the generation moved meanwhile, and afterwards every rule kept is
# found and every forgotten one is gone.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/unwind/harness.sh"
harness_prerequisites

harness_module_objects unwind_cfi_cache arena
gcc "${HARNESS_CFLAGS[@]}" -O2 "$HARNESS_SRC/cache_check.c" unwind_cfi_cache.o arena.o -o cache_check ||
    fail "cannot build cache_check"
./cache_check || fail "the rule cache gave a wrong rule, lost one or kept a forgotten one"
