#!/usr/bin/env bash
# Scenario C, short: --release-buffers. 50 idle connections hold what was measured with
# SSL_MODE_RELEASE_BUFFERS, none of it in the record layer's buffers, and the heap returns to its
# baseline once the clients leave.
. "$HW_ROOT/tests/lib.sh"
. "$HW_ROOT/tests/demo/demo_helpers.sh"
. "$HW_ROOT/tests/demo/scenario.sh"
require_heapwatch

scenario_start --release-buffers
per_connection_within "${PER_CONN_RELEASE_BUFFERS[@]}"
check_eq "$(site_bytes "$IDLE_DUMP" "$READ_BUFFER_SITE")" 0 "read buffer bytes while idle"
check_eq "$(site_bytes "$IDLE_DUMP" "$WRITE_BUFFER_SITE")" 0 "write buffer bytes while idle"
kill -TERM "$CLIENT_PID"
measure_quiet_live
check_eq "$LIVE" "$BASELINE" "live heap after the clients left"
server_stop
