#!/usr/bin/env bash
# Issue 2, test 8: wrong HEAPWATCH_* values and an unwritable dump directory change nothing the
# program's users see (stdout, exit status), and each problem gives exactly one stderr line,
# "heapwatch: ...", naming the variable; good values give none. The bad value's default is used.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/core/dump_checks.sh"
source "$HW_ROOT/tests/core/runs.sh"
set -e

prog=$HW_PROGS/core_output
case_number=0

# expect_warnings DUMP_DIR WANTED... -- SETTINGS...: runs the program with SETTINGS (and a 0.05 s
# interval unless they set one) for $lifetime seconds, fails unless it behaves as without
# heapwatch and its stderr is exactly one heapwatch line per WANTED word, each line naming its word.
lifetime=0
expect_warnings() {
    local dir=$1 wanted=() name word
    shift
    while [ "$1" != -- ]; do wanted+=("$1"); shift; done
    shift
    case_number=$((case_number + 1)) name=case$case_number
    same_as_without "$name" "$dir" HEAPWATCH_INTERVAL=0.05 "$@" "$prog" "$lifetime"
    [ ! -s "$name.plain.err" ] || fail "core_output wrote to stderr without heapwatch"
    check_eq "$(grep -c . "$name.hw.err" || true)" ${#wanted[@]} "stderr lines with $*: $(cat "$name.hw.err")"
    if grep -v '^heapwatch: ' "$name.hw.err"; then fail "stderr lines not prefixed 'heapwatch: ' with $*"; fi
    for word in "${wanted[@]}"; do
        check_eq "$(grep -cF -- "$word" "$name.hw.err" || true)" 1 "warnings naming $word with $*: $(cat "$name.hw.err")"
    done
}

d=$HW_TMP/dumps
for bad in HEAPWATCH_INTERVAL=abc HEAPWATCH_INTERVAL=-1 HEAPWATCH_INTERVAL=2x HEAPWATCH_TOP=-1 \
           HEAPWATCH_TOP=many HEAPWATCH_SIGNAL=NOPE HEAPWATCH_SIGNAL=RTMIN+999 HEAPWATCH_SIGNAL=99999 \
           HEAPWATCH_SIGNAL=KILL HEAPWATCH_DEPTH=0 HEAPWATCH_DEPTH=100000000 HEAPWATCH_DEPTH=deep \
           HEAPWATCH_KEEP=-3 HEAPWATCH_KEEP=all HEAPWATCH_SAMPLE=-5 HEAPWATCH_SAMPLE=some; do
    expect_warnings "$d" "${bad%%=*}" -- "$bad"
done
expect_warnings "$d" HEAPWATCH_TOP HEAPWATCH_DEPTH -- HEAPWATCH_TOP=x HEAPWATCH_DEPTH=y

for good in HEAPWATCH_INTERVAL=0 HEAPWATCH_INTERVAL=0.5 HEAPWATCH_SIGNAL=USR2 HEAPWATCH_SIGNAL=SIGUSR2 \
            HEAPWATCH_SIGNAL=RTMIN+5 HEAPWATCH_SIGNAL=12 HEAPWATCH_SIGNAL=0 HEAPWATCH_TOP=5 \
            HEAPWATCH_DEPTH=8 HEAPWATCH_KEEP=2 HEAPWATCH_SAMPLE=0; do
    expect_warnings "$d" -- "$good"
done

# Bad values fall back to the defaults, which the dump shows.
d=$HW_TMP/defaults
hw_run "$d" HEAPWATCH_INTERVAL=abc HEAPWATCH_DEPTH=0 HEAPWATCH_SAMPLE=-5 "$prog" >/dev/null 2>&1 || true
check_dumps "$d"
final=$(final_dump "$d" "$(only_pid "$d")")
check_eq "$(header "$final" interval | awk '{ print $1 + 0 }')" 5 "interval after HEAPWATCH_INTERVAL=abc"
check_eq "$(header "$final" depth)" 32 "depth after HEAPWATCH_DEPTH=0"
check_eq "$(header "$final" sample_rate)" 0 "sample_rate after HEAPWATCH_SAMPLE=-5"
expect_live "$final" output_make_line $((100 * 64)) 100

# Unwritable directories, tried at every 0.05 s interval and at exit: one warning, naming the path.
touch "$HW_TMP/plain-file"
lifetime=0.3
for unwritable in "$HW_TMP/plain-file/dumps" /proc; do
    expect_warnings "$HW_TMP/unused" "$unwritable" -- HEAPWATCH_DIR="$unwritable"
done
