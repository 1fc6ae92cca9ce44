#!/usr/bin/env bash
# --max-conns: connections beyond the limit are closed at once and counted as rejected, the
# client counts them as failed (exit 1), and once connections close the server takes new ones.
. "$HW_ROOT/tests/lib.sh"
. "$HW_ROOT/tests/demo/demo_helpers.sh"

server_start -- --max-conns 5
client_start client.log -n 8 --interval 0.05
wait_for 10 grep -q 'opened 8/8, responded 5, idle 5, closed by server 0, failed 3' client.log
if peer get >/dev/null 2>&1; then fail "a sixth connection was served while 5 were open"; fi
kill -TERM "$CLIENT_PID"
status=0
wait "$CLIENT_PID" || status=$?
check_eq "$status" 1 "demo_client exit status with failed connections"
sanitizers_quiet client.log
wait_until_unused
check_eq "$(server_stat rejected)" 4 "rejected connections (3 from the client, 1 from peer.py)"
assert_serving
server_stop
