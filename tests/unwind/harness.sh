# shellcheck shell=bash disable=SC2034 # sourced: its variables are used by the tests
# Sourced by the tests/unwind tests: builds the programs of tests/unwind/harness, linked with the
# fast unwinder's objects from the preload build -- the very objects libheapwatch.so is made of --
# and with libunwind, which they are compared against.
HARNESS_SRC=$HW_ROOT/tests/unwind/harness
HARNESS_OBJECTS="unwind_cfi unwind_cfi_cache unwind_cfi_modules unwind_cfi_dwarf arena fork_gate thread_slot"
HARNESS_CFLAGS=(-std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -g -pthread "-I$HW_ROOT/preload")

# Skips the test where the fast unwinder cannot run or is not built.
harness_prerequisites() {
    local o
    [ "$(uname -m)" = x86_64 ] || skip "the fast unwinder walks x86_64 stacks only"
    for o in $HARNESS_OBJECTS; do
        [ -f "$HW_BUILD/preload/$o.o" ] || skip "$HW_BUILD/preload/$o.o is not built (make all)"
    done
}

# harness_link OUT OBJECTS...: links a harness program with the fast unwinder and libunwind.
harness_link() {
    local out=$1 o
    shift
    local objects=()
    for o in $HARNESS_OBJECTS; do objects+=("$HW_BUILD/preload/$o.o"); done
    g++ -o "$out" "$@" "${objects[@]}" -lunwind -ldl -pthread || fail "cannot link $out"
}
