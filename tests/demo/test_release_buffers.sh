#!/usr/bin/env bash
# --release-buffers (SSL_MODE_RELEASE_BUFFERS, the second fix): with OpenSSL freeing its record
# buffers between requests, idle connections still answer keep-alive and pipelined requests
# correctly, including after being idle. (What it saves is measured in test_hw_scenarios.sh.)
. "$HW_ROOT/tests/lib.sh"
. "$HW_ROOT/tests/demo/demo_helpers.sh"

server_start -- --release-buffers
grep -q 'release buffers' server.log || fail "the server does not say it releases buffers"
client_start client.log -n 20 --interval 0
wait_for 10 stat_is idle 20
out=$(peer get --count 3) || fail "keep-alive with released buffers: $out"
out=$(peer pipeline 3) || fail "pipelining with released buffers: $out"
kill -TERM "$CLIENT_PID"
wait_gone "$CLIENT_PID" 5 || fail "demo_client did not stop on SIGTERM"
wait_until_unused
check_eq "$(server_stat closed_peer)" 22 "connections closed by their clients"
server_stop
