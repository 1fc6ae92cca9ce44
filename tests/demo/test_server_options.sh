#!/usr/bin/env bash
# demo_server's command line and start-up failures: one clear line and a non-zero exit for bad
# options, a missing or unusable certificate and a busy port; --help goes to stdout.
. "$HW_ROOT/tests/lib.sh"
. "$HW_ROOT/tests/demo/demo_helpers.sh"

# expect_refusal STATUS PATTERN ARGS...: the server exits STATUS with one stderr line matching PATTERN.
expect_refusal() {
    local want=$1 pattern=$2 status=0
    shift 2
    timeout 10 "$DEMO_SERVER" "$@" >out.txt 2>err.txt || status=$?
    check_eq "$status" "$want" "exit status of demo_server $*"
    check_eq "$(wc -l <err.txt)" 1 "stderr lines of demo_server $* ($(cat err.txt))"
    grep -q -- "$pattern" err.txt || fail "demo_server $*: expected '$pattern', got: $(cat err.txt)"
}

expect_refusal 2 "--idle-timeout wants seconds" --idle-timeout -3
expect_refusal 2 "--max-conns wants" --max-conns 10k
expect_refusal 2 "--port wants" --port 70000
expect_refusal 2 "--cert and --key go together" --cert x.pem
expect_refusal 2 "timeouts must be above 0" --handshake-timeout 0
expect_refusal 2 "unexpected argument" extra
expect_refusal 2 "unknown option" --bogus
expect_refusal 2 "unknown option" --port
expect_refusal 1 "missing.pem: No such file" --cert missing.pem --key missing-key.pem
echo "not a certificate" >bad.pem
expect_refusal 1 "bad.pem" --cert bad.pem --key bad.pem
expect_refusal 2 "numeric IPv4" --host localhost

# A hard open-file limit below --max-conns: the server says so, lowers --max-conns, and serves.
(ulimit -n 256 && exec "$DEMO_SERVER" --port 0 --max-conns 1000 2>limit.log) &
limited=$!
started_pids+=("$limited")
wait_for 10 grep -q 'listening on' limit.log
grep -q 'open-file limit capped at 256 (hard limit; 1032 wanted)' limit.log || fail "no cap message: $(cat limit.log)"
grep -q -- '--max-conns lowered to 224' limit.log || fail "max-conns not lowered: $(cat limit.log)"
grep -q 'max 224 connections' limit.log || fail "listening line: $(cat limit.log)"
kill -TERM "$limited"
wait "$limited" || fail "the limited server's exit status"

"$DEMO_SERVER" --help >help.txt 2>&1 || fail "--help exit status"
grep -q -- '--release-buffers' help.txt || fail "--help text"

# A port in use: start one server, then a second one on its port.
server_start
expect_refusal 1 "cannot listen on 127.0.0.1:$PORT" --port "$PORT"
server_stop
