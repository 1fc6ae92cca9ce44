#!/usr/bin/env bash
# demo_client on its own: usage errors, a refused port, certificate verification with --cafile
# (the server's own certificate passes, another CA fails), --hold, progress lines, and a clean
# exit 0 on SIGTERM with its connections closed.
. "$HW_ROOT/tests/lib.sh"
. "$HW_ROOT/tests/demo/demo_helpers.sh"

usage_status() { "$DEMO_CLIENT" "$@" >usage.out 2>&1; echo $?; }
check_eq "$(usage_status --interval 1)" 2 "exit status without -n"
check_eq "$(usage_status -n 0 --interval 1)" 2 "exit status for -n 0"
check_eq "$(usage_status -n 1 --interval -1)" 2 "exit status for a negative interval"
check_eq "$(usage_status -n 1 --interval 1 --insecure --cafile x)" 2 "exit status for --insecure with --cafile"
check_eq "$(usage_status --help)" 0 "exit status of --help"
grep -q 'usage: demo_client' usage.out || fail "--help text"

# Nothing listens on a port the kernel just handed out and took back.
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
client_run refused.log -n 2 --interval 0 && fail "demo_client succeeded against a closed port"
grep -q 'connection 1 failed: Connection refused' refused.log || fail "refusal: $(cat refused.log)"
grep -q 'failed 2' refused.log || fail "failed count: $(cat refused.log)"

server_start
"$DEMO_CLIENT" --port "$PORT" --cafile demo_server-cert.pem -n 3 --interval 0.05 --hold 0.5 >verified.log 2>&1 ||
    fail "verified connections: $(cat verified.log)"
grep -q 'done .*responded 3, idle 0, closed by server 0, failed 0, closed after --hold 3' verified.log ||
    fail "--hold: $(cat verified.log)"
check_eq "$(server_stat closed_peer)" 3 "connections the client closed after --hold"
"$DEMO_CLIENT" --host localhost --port "$PORT" --cafile demo_server-cert.pem -n 1 --interval 0 --hold 0.1 \
    >by_name.log 2>&1 || fail "verified by name: $(cat by_name.log)"

"$DEMO_CLIENT" --port "$PORT" --cafile /etc/ssl/certs/ca-certificates.crt -n 1 --interval 0 >untrusted.log 2>&1 &&
    fail "a certificate signed by nobody in the CA file was accepted"
grep -q 'certificate verify failed' untrusted.log || fail "verification failure: $(cat untrusted.log)"

client_start held.log -n 4 --interval 0
wait_for 10 grep -q 'idle 4' held.log
kill -TERM "$CLIENT_PID"
wait_gone "$CLIENT_PID" 5 || fail "demo_client did not stop on SIGTERM"
wait "$CLIENT_PID" || fail "demo_client exit status after SIGTERM: $(cat held.log)"
grep -q 'SIGTERM: closing 4 connections' held.log || fail "SIGTERM line: $(cat held.log)"
wait_until_unused
for log in refused verified by_name untrusted held; do sanitizers_quiet $log.log; done
server_stop
