#!/usr/bin/env bash
# The fast unwinder (preload/unwind_cfi*.c) must return exactly what libunwind's unw_backtrace
# returns at the same place, or say "fall back". Checked with tests/unwind/harness on stacks of
# every frame shape, built -O2 without and with frame pointers, -O0 and -O3: through libc
# (qsort), through a dlopened library and one mapped where another was unloaded, in four threads
# at once, in signal handlers (also on an alternate stack) and in C++ exception cleanups.
# Prints, per situation, how many captures fell back.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/unwind/harness.sh"
harness_prerequisites

gcc "${HARNESS_CFLAGS[@]}" -O2 -c "$HARNESS_SRC/compare.c" "$HARNESS_SRC/main.c" || fail "cannot build the harness"

for variant in "O2 -O2 -fomit-frame-pointer" "frame-pointers -O2 -fno-omit-frame-pointer" "O0 -O0" "O3 -O3"; do
    read -r name flags <<<"$variant"
    # shellcheck disable=SC2086 # $flags is a list of compiler options
    {
        gcc $flags -g -Wall -Wextra -Werror -c "$HARNESS_SRC/shapes.c" -o "shapes_$name.o" &&
            g++ $flags -g -Wall -Wextra -Werror -c "$HARNESS_SRC/exceptions.cc" -o "exceptions_$name.o" &&
            gcc $flags -g -fPIC -shared -DPLUGIN_FLAVOUR=1 "$HARNESS_SRC/plugin.c" -o "plugin_a_$name.so" &&
            gcc $flags -g -fPIC -shared -DPLUGIN_FLAVOUR=2 "$HARNESS_SRC/plugin.c" -o "plugin_b_$name.so"
    } || fail "cannot build the shapes with $flags"
    harness_link "compare_$name" compare.o main.o "shapes_$name.o" "exceptions_$name.o"

    note "code built $flags"
    "./compare_$name" "$PWD/plugin_a_$name.so" "$PWD/plugin_b_$name.so" >"report_$name" 2>&1
    status=$?
    cat "report_$name"
    [ $status -eq 0 ] || fail "the fast unwinder and libunwind disagree on code built $flags"
    # Where nothing unusual is on the stack, every capture must be a fast one.
    grep -E '^(shapes|through a dlopened)' "report_$name" | grep -v ' 0 fallbacks' &&
        fail "captures fell back on ordinary stacks (code built $flags)"
done
exit 0
