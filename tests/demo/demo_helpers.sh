# Sourced by the demo tests after tests/lib.sh: starting demo_server (the ASan/UBSan build unless
# a test picks another) on a free port and stopping it by pid with its exit status checked,
# running demo_client, talking to the server through peer.py, and, for the tests that run the
# server under heapwatch, asking for a dump and reading its live heap.

DEMO_SERVER=${DEMO_SERVER:-$HW_BUILD/demo_server-asan}
DEMO_CLIENT=${DEMO_CLIENT:-$HW_BUILD/demo_client-asan}
[ -x "$DEMO_SERVER" ] && [ -x "$DEMO_CLIENT" ] || fail "$DEMO_SERVER or $DEMO_CLIENT missing: run make test"

# Every process a test starts in the background is stopped by its pid when the test ends.
started_pids=()
stop_started() {
    local pid
    for pid in "${started_pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    for pid in "${started_pids[@]}"; do
        wait_gone "$pid" 3 || kill -KILL "$pid" 2>/dev/null
    done
    return 0
}
trap stop_started EXIT

# wait_gone PID SECONDS: true once PID has exited, false if it still runs after SECONDS.
wait_gone() {
    local deadline=$((SECONDS + $2))
    while kill -0 "$1" 2>/dev/null; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.05
    done
}

# server_start [ENV=VALUE...] [-- ARGS...]: starts the server with ARGS on a free port, its stderr
# in server.log; sets SERVER_PID and PORT.
server_start() {
    local env_vars=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do env_vars+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    rm -f server.log    # else the wait below could read the previous server's log
    env "${env_vars[@]}" "$DEMO_SERVER" --port 0 "$@" 2>server.log &
    SERVER_PID=$!
    started_pids+=("$SERVER_PID")
    wait_for 10 grep -q 'listening on' server.log
    PORT=$(sed -n 's|.*listening on https://[0-9.]*:\([0-9]*\)/.*|\1|p' server.log)
}

# server_stop [SIGNAL]: sends SIGTERM (or SIGNAL) and checks that the server exits 0 within 5 s
# with the sanitizers quiet.
server_stop() {
    kill -s "${1:-TERM}" "$SERVER_PID"
    wait_gone "$SERVER_PID" 5 || fail "demo_server still runs 5 s after SIG${1:-TERM}"
    local status=0
    wait "$SERVER_PID" || status=$?
    check_eq "$status" 0 "demo_server exit status after SIG${1:-TERM} ($(tail -n 2 server.log))"
    sanitizers_quiet server.log
}

# sanitizers_quiet LOG: fails if AddressSanitizer, LeakSanitizer or UBSan reported anything.
sanitizers_quiet() {
    if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$1"; then
        sed -n '1,30p' "$1" >&2
        fail "sanitizer report in $1"
    fi
}

# peer ACTION [ARGS...]: runs tests/demo/peer.py against the server (see its usage).
peer() { python3 "$HW_ROOT/tests/demo/peer.py" "$PORT" "$@"; }

# server_stat FIELD: one field of the server's /stats.
server_stat() { peer stat "$1"; }

# stat_is FIELD VALUE: for wait_for.
stat_is() { [ "$(server_stat "$1")" = "$2" ]; }

# wait_until_unused: waits until no connection but the one asking /stats is open.
wait_until_unused() { wait_for 5 stat_is open 1; }

# assert_serving: a well-behaved client gets the page.
assert_serving() {
    local out
    out=$(peer get 2>&1) || fail "a well-behaved client was not served: $out"
}

# client_run LOG [ARGS...]: runs demo_client against the server (not verifying its certificate),
# output in LOG; returns its exit status.
client_run() {
    local log=$1
    shift
    "$DEMO_CLIENT" --port "$PORT" --insecure "$@" >"$log" 2>&1
}

# client_start LOG [ARGS...]: the same in the background; sets CLIENT_PID.
client_start() {
    local log=$1
    shift
    "$DEMO_CLIENT" --port "$PORT" --insecure "$@" >"$log" 2>&1 &
    CLIENT_PID=$!
    started_pids+=("$CLIENT_PID")
}

# --- the server under heapwatch ---

# require_heapwatch: skips the test until libheapwatch.so is built.
require_heapwatch() {
    [ -e "$HW_LIB" ] || skip "needs $HW_LIB, which is not built yet"
    DEMO_SERVER=$HW_BUILD/demo_server
    DEMO_CLIENT=$HW_BUILD/demo_client
}

# hw_server_start DIR [ARGS...]: the server under heapwatch, dumping into DIR on signal, at exit,
# and every HW_INTERVAL seconds if that is set.
hw_server_start() {
    local dir=$1
    shift
    mkdir -p "$dir"
    HW_DUMPS=$dir
    server_start HEAPWATCH_DIR="$dir" HEAPWATCH_INTERVAL="${HW_INTERVAL:-0}" LD_PRELOAD="$HW_LIB" -- "$@"
}

series_points() { cat "$HW_DUMPS/heapwatch.$SERVER_PID.series" 2>/dev/null | grep -c '^point'; }
points_above() { [ "$(series_points)" -gt "$1" ]; }

# fresh_dump: asks the server for a dump and sets DUMP to it once written.
fresh_dump() {
    local before
    before=$(series_points)
    kill -USR2 "$SERVER_PID"
    wait_for 10 points_above "$before"
    DUMP=$(newest_dump "$HW_DUMPS" "$SERVER_PID")
}

# measure_live: dumps and sets LIVE to the live heap in bytes.
measure_live() {
    fresh_dump
    LIVE=$(header "$DUMP" live_bytes)
}

# measure_quiet_live: dumps until the server holds no connection (only its listening socket is
# left; /stats cannot tell, as asking opens one), then sets LIVE to its live heap in bytes.
measure_quiet_live() {
    local deadline=$((SECONDS + 10))
    while fresh_dump; [ "$(header "$DUMP" sockets)" -ne 1 ]; do
        [ $SECONDS -lt $deadline ] || fail "connections still open 10 s later ($DUMP)"
        sleep 0.1
    done
    LIVE=$(header "$DUMP" live_bytes)
}
