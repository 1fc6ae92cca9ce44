# How the core tests run programs: paused at known points of their allocation pattern (the other
# side is tests/progs/core_wait.h) so that a dump can be taken there, and side by side with and
# without heapwatch, to show that it changes nothing a program's users can see.
# Sourced after tests/lib.sh; every core test needs the library, so a missing one fails at once.

[ -f "$HW_LIB" ] || fail "$HW_LIB is missing: run make all"

# paused_start DIR [VAR=VALUE...] CMD ARGS...: starts CMD under heapwatch with its stdin and stdout
# on pipes to this shell. Keeps its own copies of the pipes: bash drops the coprocess's when it ends.
paused_start() {
    coproc PAUSED { hw_run "$@"; }
    PAUSED_JOB=$PAUSED_PID
    exec {PAUSED_OUT}<&"${PAUSED[0]}" {PAUSED_IN}>&"${PAUSED[1]}"
}

# paused_at POINT: waits until the program announces POINT; prints the pid it announces.
paused_at() {
    local point pid
    read -r -t 20 point pid <&"$PAUSED_OUT" || fail "the program did not reach pause point '$1'"
    [ "$point" = "$1" ] || fail "expected pause point '$1', the program said '$point $pid'"
    echo "$pid"
}

paused_resume() { echo >&"$PAUSED_IN"; }

# paused_end: closes the program's stdin, keeps the rest of its stdout in PAUSED_REST and returns
# its exit status. Not in a $(...) subshell: only this shell can wait for its coprocess.
paused_end() {
    exec {PAUSED_IN}>&-
    PAUSED_REST=$(cat <&"$PAUSED_OUT")
    exec {PAUSED_OUT}<&-
    wait "$PAUSED_JOB"
}

# dump_path DIR PID SEQ: the name dump SEQ of PID has.
dump_path() { printf '%s/heapwatch.%s.%06d.txt' "$1" "$2" "$3"; }

# signal_dump DIR PID SEQ [SIGNAL]: sends the dump signal (default USR2) to PID and waits at most
# one second for its dump SEQ to appear; prints the dump's path.
signal_dump() {
    local file start now
    file=$(dump_path "$1" "$2" "$3")
    start=${EPOCHREALTIME/./}
    kill -s "${4:-USR2}" "$2" || fail "cannot send SIG${4:-USR2} to $2"
    until [ -e "$file" ]; do
        now=${EPOCHREALTIME/./}
        [ $((now - start)) -le 1000000 ] || fail "no dump ${file##*/} within 1 s of SIG${4:-USR2}"
        sleep 0.02
    done
    echo "$file"
}

# same_as_without NAME DIR [VAR=VALUE...] CMD ARGS...: runs CMD plainly, then under heapwatch
# (dumping into DIR, with the VARs), from the current directory with stdin from /dev/null, and
# fails unless stdout and exit status are the same. Leaves NAME.{plain,hw}.{out,err}.
same_as_without() {
    local name=$1 dir=$2 vars=() plain profiled
    shift 2
    while [[ $1 == HEAPWATCH_*=* ]]; do vars+=("$1"); shift; done
    plain=0 profiled=0
    "$@" </dev/null >"$name.plain.out" 2>"$name.plain.err" || plain=$?
    hw_run "$dir" "${vars[@]}" "$@" </dev/null >"$name.hw.out" 2>"$name.hw.err" || profiled=$?
    cmp -s "$name.plain.out" "$name.hw.out" ||
        fail "$name: stdout differs under heapwatch: $(diff "$name.plain.out" "$name.hw.out" | head -n 6)"
    check_eq "$profiled" "$plain" "$name: exit status under heapwatch"
}

# same_stderr NAME: after same_as_without, the program's own stderr (heapwatch's lines aside) is the same.
same_stderr() {
    grep -v '^heapwatch:' "$1.hw.err" | cmp -s "$1.plain.err" - ||
        fail "$1: the program's stderr differs under heapwatch: $(grep -v '^heapwatch:' "$1.hw.err" | diff "$1.plain.err" - | head -n 6)"
}

# hw_run_within SECONDS DIR [VAR=VALUE...] CMD ARGS...: hw_run for a program that might hang under
# heapwatch; a hang fails the test instead of the whole run's time limit. timeout signals the whole
# process group, and SIGKILL follows: a deadlocked forked child may have every signal blocked
# (libunwind blocks them while it holds its locks), and would keep a $(...) around this waiting.
hw_run_within() {
    local limit=$1 dir=$2 status=0
    shift 2
    mkdir -p "$dir"
    timeout -k 2 "$limit" env HEAPWATCH_DIR="$dir" LD_PRELOAD="$HW_LIB" "$@" || status=$?
    [ $status -ne 124 ] && [ $status -ne 137 ] || fail "$* (or a process it forked) did not end within $limit s under heapwatch"
    return $status
}
