#!/usr/bin/env bash
# What one stack capture costs, in instructions counted by callgrind: the fast unwinder against
# libunwind's unw_backtrace, from the same place (tests/unwind/harness/cost.c) on stacks of 17
# and 40 frames, of -O2 code without frame pointers and of code with them. The fast capture must
# cost at most a third as much.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/unwind/harness.sh"
harness_prerequisites
command -v valgrind >/dev/null || skip "valgrind is not installed"

ROUNDS=2000

# per_capture PROGRAM UNWINDER FRAMES: the instructions one capture takes.
per_capture() {
    local depth
    depth=$(valgrind --tool=callgrind --toggle-collect=measured_captures --callgrind-out-file=callgrind.out \
        "./$1" "$2" "$3" "$ROUNDS" 2>callgrind.log) || fail "$1 $2 $3 failed under callgrind"
    check_eq "$depth" "$3" "frames captured by $1 $2"
    awk -v rounds="$ROUNDS" '/Collected :/ { printf "%d", $NF / rounds }' callgrind.log
}

for variant in "O2 -O2 -fomit-frame-pointer" "frame-pointers -O2 -fno-omit-frame-pointer"; do
    read -r name flags <<<"$variant"
    # shellcheck disable=SC2086 # $flags is a list of compiler options
    gcc "${HARNESS_CFLAGS[@]}" $flags -c "$HARNESS_SRC/cost.c" -o "cost_$name.o" || fail "cannot build cost.c"
    harness_link "cost_$name" "cost_$name.o"
    for frames in 17 40; do
        before=$(per_capture "cost_$name" libunwind "$frames") || exit 1
        after=$(per_capture "cost_$name" fast "$frames") || exit 1
        awk -v what="$flags" -v n="$frames" -v b="$before" -v a="$after" 'BEGIN {
            printf "%s, %d frames: unw_backtrace %d, unwind_cfi_capture %d instructions per capture (%.1fx less)\n",
                what, n, b, a, b / a }'
        check_le $((after * 3)) "$before" "3x the fast capture's cost ($after) against unw_backtrace's"
    done
done
exit 0
