# shellcheck shell=bash disable=SC2034 # sourced: its variables are used by the tests
# Sourced by the tests/unwind tests: builds the programs of tests/unwind/harness with the fast
# unwinder's sources compiled as libheapwatch.so compiles them, and with libunwind, which they
# are compared against.
HARNESS_SRC=$HW_ROOT/tests/unwind/harness
HARNESS_CFLAGS=(-std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -g -pthread "-I$HW_ROOT/preload")
# The fast unwinder and what it uses from the rest of preload/.
HARNESS_MODULE="unwind_cfi unwind_cfi_cache unwind_cfi_modules unwind_cfi_dwarf arena fork_gate thread_slot"

# Skips the test where the fast unwinder cannot run.
harness_prerequisites() {
    [ "$(uname -m)" = x86_64 ] || skip "the fast unwinder walks x86_64 stacks only"
}

# harness_sanitized NAME: builds ./NAME from harness/NAME.c and the call-frame interpreter
# (preload/unwind_cfi_dwarf.c) under ASan and UBSan; skips the test where the sanitizers are missing.
harness_sanitized() {
    gcc "${HARNESS_CFLAGS[@]}" -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
        "$HARNESS_SRC/$1.c" "$HW_ROOT/preload/unwind_cfi_dwarf.c" -o "$1" ||
        skip "cannot build with the sanitizers"
}

# harness_module_objects NAME...: compiles preload/NAME.c into NAME.o with preload/build.mk's flags.
harness_module_objects() {
    local name
    for name in "$@"; do
        gcc "${HARNESS_CFLAGS[@]}" -O2 -fPIC -fvisibility=hidden -ftls-model=initial-exec \
            -c "$HW_ROOT/preload/$name.c" -o "$name.o" || fail "cannot compile preload/$name.c"
    done
}

# harness_link OUT OBJECTS...: links a harness program with the fast unwinder and libunwind.
harness_link() {
    local out=$1 name
    shift
    local objects=()
    for name in $HARNESS_MODULE; do
        [ -f "$name.o" ] || harness_module_objects "$name"
        objects+=("$name.o")
    done
    g++ -o "$out" "$@" "${objects[@]}" -lunwind -ldl -pthread || fail "cannot link $out"
}
