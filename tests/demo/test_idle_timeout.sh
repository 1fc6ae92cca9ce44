#!/usr/bin/env bash
# --idle-timeout: idle keep-alive connections are closed once idle that long (the first fix),
# demo_client notices and counts them and exits 0; without a timeout they stay open.
. "$HW_ROOT/tests/lib.sh"
. "$HW_ROOT/tests/demo/demo_helpers.sh"

server_start -- --idle-timeout 1
start=$EPOCHREALTIME
client_run client.log -n 5 --interval 0 || fail "demo_client: $(cat client.log)"
elapsed=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%d", (b - a) * 1000 }')
grep -q 'done .*responded 5, idle 0, closed by server 5, failed 0' client.log || fail "client: $(cat client.log)"
check_ge "$elapsed" 1000 "milliseconds until the server closed the idle connections"
check_le "$elapsed" 4000 "milliseconds until the server closed the idle connections"
check_eq "$(server_stat closed_idle_timeout)" 5 "closed by idle timeout"
sanitizers_quiet client.log
server_stop

# No timeout: still open after 2 s.
server_start
client_start client2.log -n 3 --interval 0
wait_for 10 stat_is idle 3
sleep 2
check_eq "$(server_stat idle)" 3 "idle connections without a timeout"
check_eq "$(server_stat closed_idle_timeout)" 0 "closed by idle timeout without a timeout"
server_stop
