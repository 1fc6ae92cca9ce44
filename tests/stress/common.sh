# Helpers of the stress tests (issue 8), sourced after tests/lib.sh and the core helpers
# (tests/core/dump_checks.sh, tests/core/runs.sh), which they build on.
#
# A stress test must tell a hang from a crash from a wrong figure, and a hang must leave enough
# behind to find its cause: `within` takes every thread's backtrace of a program that outlives its
# limit (with gdb) before killing it, and prints them into the test's log.

# The load multiplier: 1 in `make test`, larger under tests/stress/run-long.sh (`make stress`).
STRESS_SCALE=${HW_STRESS_SCALE:-1}

# within SECONDS DIR [VAR=VALUE...] CMD ARGS...: CMD under heapwatch dumping into DIR, stdout and
# stderr to $HW_TMP/last.out and last.err; its pid in WITHIN_PID. Returns CMD's status; on a hang
# prints the backtraces of CMD and of every process it started, kills them and fails the test.
within() {
    local limit=$1 dir=$2 pid status=0 deadline
    shift 2
    mkdir -p "$dir"
    env HEAPWATCH_DIR="$dir" LD_PRELOAD="$HW_LIB" "$@" >"$HW_TMP/last.out" 2>"$HW_TMP/last.err" &
    pid=$!
    WITHIN_PID=$pid
    deadline=$((SECONDS + limit))
    while kill -0 "$pid" 2>/dev/null && [ "$(ps -o stat= -p "$pid")" != Z ]; do
        if [ $SECONDS -ge $deadline ]; then
            hang_report "$pid"
            kill_tree "$pid"
            wait "$pid" 2>/dev/null
            fail "$* did not end within $limit s under heapwatch (backtraces above)"
        fi
        sleep 0.05
    done
    wait "$pid" || status=$?
    return $status
}

# descendants PID: PID and every process below it, parents first.
descendants() {
    local child
    echo "$1"
    for child in $(ps -o pid= --ppid "$1"); do descendants "$child"; done
}

hang_report() {
    local p
    for p in $(descendants "$1"); do
        echo "---- backtraces of hung pid $p: $(tr '\0' ' ' </proc/"$p"/cmdline 2>/dev/null)"
        timeout 30 gdb -p "$p" -batch -ex 'thread apply all bt' 2>&1 | grep -E '^(Thread|#)' | head -n 80
    done
}

kill_tree() {
    local p
    for p in $(descendants "$1"); do kill -KILL "$p" 2>/dev/null || true; done
}

# check_expectations OUT DUMP: every "expect FUNCTION BYTES BLOCKS [MAXFRAME]" line the program
# printed holds in DUMP (the live stacks with FUNCTION at a frame <= MAXFRAME, default 0, hold
# exactly that much).
check_expectations() {
    local what fn bytes blocks maxframe n=0
    while read -r what fn bytes blocks maxframe; do
        [ "$what" = expect ] || continue
        check_eq "$(live_total "$2" "$fn" "${maxframe:-0}")" "$bytes $blocks" \
            "${2##*/}: live bytes and blocks of the stacks with $fn at frame <= ${maxframe:-0}; $(stack_summary "$2")"
        n=$((n + 1))
    done <"$1"
    [ $n -gt 0 ] || fail "the program printed no expectations: $(head -c 300 "$1")"
}

# live_total DUMP FUNCTION [MAXFRAME]: "BYTES BLOCKS" of the live stacks with FUNCTION at a frame
# <= MAXFRAME (default 0), each stack counted once (printf: mawk prints sums past 2^31 in %g and
# clamps %d).
live_total() {
    awk -v fn="$2" -v maxf="${3:-0}" '
        $1 == "ranking" { inr = ($2 == "live") }
        inr && $1 == "stack" { bytes = $4; blocks = $5; counted = 0 }
        inr && $1 == "frame" && $2 <= maxf && !counted {
            f = $6; sub(/\+0x[0-9a-f]+$/, "", f)
            if (f == fn) { b += bytes; n += blocks; counted = 1 }
        }
        END { printf "%.0f %.0f\n", b, n }' "$1"
}

# exact_run STATUS DIR: the run `within` just made into DIR exited 0 without a heapwatch line on
# stderr, its dumps are sound, and its exit dump (path in EXACT_FINAL) meets the program's
# expectations with header totals that agree.
exact_run() {
    check_eq "$1" 0 "exit status ($(head -c 300 "$HW_TMP/last.out"))"
    no_warnings "$HW_TMP/last.err"
    check_dumps "$2"
    EXACT_FINAL=$(final_dump "$2" "$WITHIN_PID")
    check_expectations "$HW_TMP/last.out" "$EXACT_FINAL"
    header_totals_agree "$EXACT_FINAL"
}

# warnings FILE: the heapwatch lines of a captured stderr.
warnings() { grep '^heapwatch:' "$1" || true; }

# no_warnings FILE: heapwatch said nothing on stderr.
no_warnings() {
    [ -z "$(warnings "$1")" ] || fail "unexpected heapwatch warnings: $(warnings "$1" | head -n 3)"
}

# header_totals_agree DUMP: the header's allocation totals match its live figures.
header_totals_agree() {
    local allocs frees live abytes fbytes lbytes
    allocs=$(header "$1" total_allocs) frees=$(header "$1" total_frees) live=$(header "$1" live_blocks)
    abytes=$(header "$1" total_alloc_bytes) fbytes=$(header "$1" total_freed_bytes) lbytes=$(header "$1" live_bytes)
    check_eq $((allocs - frees)) "$live" "${1##*/}: total_allocs - total_frees against live_blocks"
    check_eq $((abytes - fbytes)) "$lbytes" "${1##*/}: total_alloc_bytes - total_freed_bytes against live_bytes"
}
