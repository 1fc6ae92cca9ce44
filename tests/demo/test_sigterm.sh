#!/usr/bin/env bash
# SIGTERM with connections in every phase (idle, half-way through a handshake, half-way through a
# request): the server closes them all, frees everything (LeakSanitizer checks at exit) and
# exits 0; demo_client sees its idle connections closed by the server and exits 0.
. "$HW_ROOT/tests/lib.sh"
. "$HW_ROOT/tests/demo/demo_helpers.sh"

server_start
client_start client.log -n 10 --interval 0
wait_for 10 stat_is idle 10
peer stall --within 30 >stall.log 2>&1 &
started_pids+=($!)
peer slow-headers --within 30 >slow.log 2>&1 &
started_pids+=($!)
wait_for 5 stat_is handshaking 1
wait_for 5 stat_is busy 2       # the slow request, and this /stats
server_stop TERM
grep -q 'SIGTERM: closing 12 connections' server.log || fail "shutdown line: $(tail -n 2 server.log)"
wait_gone "$CLIENT_PID" 5 || fail "demo_client still runs after the server closed everything"
wait "$CLIENT_PID" || fail "demo_client exit status: $(cat client.log)"
grep -q 'done .*responded 10, idle 0, closed by server 10, failed 0' client.log || fail "client: $(cat client.log)"
sanitizers_quiet client.log
