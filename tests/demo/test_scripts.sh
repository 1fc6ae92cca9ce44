#!/usr/bin/env bash
# scripts/start_clients.sh and scripts/stop_clients.sh: clients start in the background against
# the server with their pid in a pid file, a second start is refused while they run, the stop
# ends exactly that pid (and checks it still is demo_client), and a stale pid file is handled.
. "$HW_ROOT/tests/lib.sh"
. "$HW_ROOT/tests/demo/demo_helpers.sh"

export DEMO_STATE=$PWD/state
server_start
DEMO_CAFILE=$PWD/demo_server-cert.pem "$HW_ROOT/scripts/start_clients.sh" 5 0.05 127.0.0.1 "$PORT" >start.out ||
    fail "start_clients.sh: $(cat start.out)"
pid=$(cat state/clients.pid)
started_pids+=("$pid")
wait_for 10 grep -q 'idle 5,' state/clients.log
"$HW_ROOT/scripts/start_clients.sh" 5 0.05 127.0.0.1 "$PORT" >again.out 2>&1 && fail "a second start was accepted"
grep -q "already running (pid $pid)" again.out || fail "second start: $(cat again.out)"

"$HW_ROOT/scripts/stop_clients.sh" >stop.out || fail "stop_clients.sh: $(cat stop.out)"
kill -0 "$pid" 2>/dev/null && fail "demo_client $pid still runs after stop_clients.sh"
[ -e state/clients.pid ] && fail "the pid file is left behind"
grep -q 'SIGTERM: closing 5 connections' state/clients.log || fail "client log: $(cat state/clients.log)"
wait_until_unused

# A pid file naming a process that is not demo_client: refused, and nothing is signalled.
sleep 30 &
other=$!
started_pids+=("$other")
echo "$other" >state/clients.pid
"$HW_ROOT/scripts/stop_clients.sh" >stale.out 2>&1 && fail "stop_clients.sh accepted a foreign pid"
grep -q "no longer demo_client" stale.out || fail "foreign pid: $(cat stale.out)"
kill -0 "$other" || fail "stop_clients.sh signalled a process that is not demo_client"
"$HW_ROOT/scripts/stop_clients.sh" >none.out 2>&1 && fail "stop_clients.sh without a pid file succeeded"
server_stop
