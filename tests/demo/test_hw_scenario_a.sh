#!/usr/bin/env bash
# Scenario A, short: no idle timeout. 50 idle connections each hold what was measured per
# connection, the record layer's read and write buffers are the top two OpenSSL sites with one
# block per connection, heapwatch trend ranks them first as growing per open socket, and after
# the clients leave the heap is back to its baseline exactly.
. "$HW_ROOT/tests/lib.sh"
. "$HW_ROOT/tests/demo/demo_helpers.sh"
. "$HW_ROOT/tests/demo/scenario.sh"
require_heapwatch

# A series for heapwatch trend: a dump every 0.25 s while a client arrives every 0.02 s.
HW_INTERVAL=0.25
SCENARIO_INTERVAL=0.02
scenario_start
per_connection_within "${PER_CONN_KEEP_BUFFERS[@]}"
check_eq "$(awk '$1 == "site" && $2 <= 2 { print $3 }' "$IDLE_DUMP" | tr '\n' ' ')" \
    "$READ_BUFFER_SITE $WRITE_BUFFER_SITE " "top two OpenSSL sites (16,712 and 16,584 bytes each)"
check_eq "$(site_field "$IDLE_DUMP" "$READ_BUFFER_SITE" 4)" "$SCENARIO_CLIENTS" "read buffers"
check_eq "$(site_field "$IDLE_DUMP" "$WRITE_BUFFER_SITE" 4)" "$SCENARIO_CLIENTS" "write buffers"

"$HW_BIN" trend dumps --json -n 3 >trend.json || fail "heapwatch trend failed"
python3 - trend.json "$READ_BUFFER_SITE" "$WRITE_BUFFER_SITE" <<'PY' || fail "trend: $(head -c 2000 trend.json)"
import json, sys
trend = json.load(open(sys.argv[1]))["processes"][0]
top = trend["stacks"][:2]
assert {s["site"] for s in top} == set(sys.argv[2:4]), [s["site"] for s in top]
assert all(s["verdict"] == "growing" and s["basis"] == "socket" for s in top), top
assert abs(top[0]["per_socket"]["slope"] - 16712) < 0.05 * 16712, top[0]["per_socket"]  # the read buffer, within 5%
PY

kill -TERM "$CLIENT_PID"
measure_quiet_live
check_eq "$LIVE" "$BASELINE" "live heap after the clients left"
server_stop
