#!/usr/bin/env bash
# Scenario B, short: --idle-timeout. While idle, 50 connections cost what they cost in scenario A;
# the server then closes them all by itself (the clients see it), and the live heap returns
# exactly to its baseline.
. "$HW_ROOT/tests/lib.sh"
. "$HW_ROOT/tests/demo/demo_helpers.sh"
. "$HW_ROOT/tests/demo/scenario.sh"
require_heapwatch

scenario_start --idle-timeout 3
per_connection_within "${PER_CONN_KEEP_BUFFERS[@]}"
wait_gone "$CLIENT_PID" 10 || fail "the server did not close the idle connections: $(tail -n 2 clients.log)"
wait "$CLIENT_PID" || fail "demo_client: $(cat clients.log)"
grep -q "closed by server $SCENARIO_CLIENTS, failed 0" clients.log || fail "clients: $(tail -n 1 clients.log)"
measure_quiet_live
check_eq "$LIVE" "$BASELINE" "live heap after the idle timeout"
server_stop
