# Sourced by the OpenSSL tests after tests/lib.sh: building the TLS test programs, a throwaway
# certificate, background processes that are always stopped by their pid, dumps on demand, and
# reading the OpenSSL parts of a dump (the `sites` ranking and the SITE field of stacks).

# The site names asserted on (file:line) are those of Debian 12's OpenSSL 3.0.
case "$(openssl version 2>/dev/null)" in
    "OpenSSL 3.0."*) ;;
    *) skip "these tests know the allocation sites of OpenSSL 3.0; found: $(openssl version 2>&1)" ;;
esac
[ -e "$HW_LIB" ] || fail "$HW_LIB is missing: run make all"

# What an idle TLS connection holds in OpenSSL 3.0 (Debian 12's 3.0.19): the record layer's read
# buffer (16384 bytes of plaintext + 320 of encryption overhead + 5 of header + 3 of alignment) and
# write buffer, and the SSL object that SSL_new allocates, one block per connection.
# shellcheck disable=SC2034 # used by the tests that source this file
READ_BUFFER_SITE=ssl/record/ssl3_buffer.c:68 READ_BUFFER_BYTES=16712 \
    WRITE_BUFFER_SITE=ssl/record/ssl3_buffer.c:129 WRITE_BUFFER_BYTES=16584 \
    SSL_OBJECT_SITE=ssl/ssl_lib.c:691

# tls_gcc OUTPUT GCC_ARG...: compiles into OUTPUT like tests/build.mk builds test programs: no
# inlining, so the stacks asserted on are those of the source. Runs in $HW_ROOT, so sources are
# named tests/openssl/progs/NAME.c, and so are the OpenSSL sites inside them.
tls_gcc() {
    local output=$1
    shift
    mkdir -p "$(dirname "$output")"
    (cd "$HW_ROOT" && gcc -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -O0 -g -fno-omit-frame-pointer \
        -fno-inline -fno-optimize-sibling-calls -pthread -o "$output" "$@") || fail "cannot build $output"
}

# build_tls_prog NAME [GCC_ARG...]: builds the program tests/openssl/progs/NAME.c, linked to libssl,
# into $HW_TMP/bin and prints its path.
build_tls_prog() {
    local name=$1 src=tests/openssl/progs
    shift
    tls_gcc "$HW_TMP/bin/$name" "$src/$name.c" "$src/stdin_hold.c" "$@" -lssl -lcrypto
    echo "$HW_TMP/bin/$name"
}

# free_port: a TCP port on 127.0.0.1 that nobody listens on right now, for servers that cannot be
# told to pick one themselves.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' ||
        fail "cannot find a free port"
}

# make_cert DIR: a self-signed P-256 certificate and key for localhost, DIR/cert.pem and DIR/key.pem.
make_cert() {
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost \
        -days 2 -keyout "$1/key.pem" -out "$1/cert.pem" 2>/dev/null || fail "openssl req failed"
}

# Background processes. Each gets a NAME: its stdout goes to NAME.out, stderr to NAME.err and its
# pid to NAME.pid (all in the test's scratch directory). Whatever is still running when the test
# ends is stopped by that pid.
declare -A held_fds=()
tracked_pids=()
track_pid() { tracked_pids+=("$1"); }
alive() { kill -0 "$1" 2>/dev/null; }
stop_tracked() {
    local pid deadline=$((SECONDS + 3))
    for pid in "${tracked_pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    for pid in "${tracked_pids[@]}"; do
        while alive "$pid" && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null
    done
    return 0
}
trap stop_tracked EXIT

# spawn NAME INPUT CMD...: starts CMD in the background with its stdin from INPUT. It does not
# inherit the fifos this shell holds open for other processes, or they would never see end of file.
spawn() {
    local name=$1 input=$2
    shift 2
    (for fd in "${held_fds[@]}"; do exec {fd}>&-; done; exec "$@") <"$input" >"$name.out" 2>"$name.err" &
    echo $! >"$name.pid"
    track_pid $!
}

# start_bg NAME CMD...: CMD in the background, stdin from /dev/null.
start_bg() { spawn "$1" /dev/null "${@:2}"; }

# hold_fifo NAME: makes the fifo NAME.in and keeps it open for writing in this shell, so that
# processes reading it wait there until release_held NAME gives them end of file.
hold_fifo() {
    local fd
    mkfifo "$1.in"
    exec {fd}<>"$1.in"
    held_fds[$1]=$fd
}

# start_held NAME CMD...: CMD in the background, stdin from its own held fifo NAME.in.
start_held() {
    hold_fifo "$1"
    spawn "$1" "$1.in" "${@:2}"
}
release_held() {
    local fd=${held_fds[$1]}
    exec {fd}>&-
    unset "held_fds[$1]"
}

pid_of() { cat "$1.pid"; }

# wait_exit NAME: waits for the background process NAME and fails unless it exited 0.
wait_exit() {
    local status=0
    wait "$(pid_of "$1")" || status=$?
    [ $status -eq 0 ] || fail "$1 exited with status $status: $(tail -n 3 "$1.err")"
}

# wait_line SECONDS NAME LINE: waits until NAME's stdout has the line LINE; fails at once if NAME
# ends without writing it.
wait_line() {
    local deadline=$((SECONDS + $1))
    until grep -qx -- "$3" "$2.out"; do
        alive "$(pid_of "$2")" || grep -qx -- "$3" "$2.out" ||
            fail "$2 ended without printing '$3': $(tail -n 3 "$2.err")"
        [ $SECONDS -lt $deadline ] || fail "timed out waiting for $2 to print '$3'"
        sleep 0.1
    done
}

# dump_now DIR PID [SIGNAL]: sends the dump signal (default USR2) to PID, waits for the dump it
# triggers and sets DUMP to its path (a variable, not output, so that a failure ends the test).
dump_now() {
    local dir=$1 pid=$2 before
    before=$(dumps_of "$dir" "$pid" | wc -l)
    kill -s "${3:-USR2}" "$pid" || fail "cannot send the dump signal to $pid"
    wait_for 10 dump_count_above "$dir" "$pid" "$before"
    DUMP=$(newest_dump "$dir" "$pid")
    check_eq "$(header "$DUMP" reason)" signal "reason of $DUMP"
}
dump_count_above() { [ "$(dumps_of "$1" "$2" | wc -l)" -gt "$3" ]; }

# site_at_rank FILE RANK: the SITE of the `site` record at RANK (nothing if there is none).
site_at_rank() { awk -v r="$2" '$1 == "site" && $2 == r { print $3; exit }' "$1"; }

# site_live FILE SITE FIELD: like site_field, but 0 for a site the ranking does not list (it ranks
# sites by live bytes, so a site holding nothing may be left out).
site_live() { site_field "$1" "$2" "$3" 2>/dev/null || echo 0; }

# site_stack_blocks FILE SITE: live blocks of all live-ranking stacks whose SITE is SITE.
site_stack_blocks() {
    awk -v s="$2" -v f="$F_SITE" -v b="$F_BLOCKS" '
        $1 == "ranking" { inr = ($2 == "live") }
        inr && $1 == "stack" && $f == s { n += $b }
        END { print n + 0 }' "$1"
}
# site_stack_functions FILE SITE: the functions in the frames of the live stacks whose SITE is SITE.
site_stack_functions() {
    awk -v s="$2" -v f="$F_SITE" '
        $1 == "ranking" { inr = ($2 == "live") }
        inr && $1 == "stack" { mine = ($f == s) }
        inr && $1 == "frame" && mine { fn = $6; sub(/\+0x[0-9a-f]+$/, "", fn); print fn }' "$1"
}

# stacks_tagged FILE tagged|untagged FUNC MAXFRAME: how many stacks of the live ranking have FUNC
# at a frame <= MAXFRAME and carry an OpenSSL site (tagged) or none (untagged).
stacks_tagged() {
    awk -v want="$2" -v fn="$3" -v maxf="$4" -v site="$F_SITE" '
        $1 == "ranking" { inr = ($2 == "live") }
        inr && $1 == "stack" { id = $3; kind = ($site != "-") ? "tagged" : "untagged" }
        inr && $1 == "frame" && kind == want && $2 <= maxf {
            f = $6; sub(/\+0x[0-9a-f]+$/, "", f)
            if (f == fn && !(id in seen)) { seen[id] = 1; n++ }
        }
        END { print n + 0 }' "$1"
}

# openssl_state FILE: the STATE of the `openssl` header record (hooked, chained, ...).
openssl_state() { header "$1" openssl; }
