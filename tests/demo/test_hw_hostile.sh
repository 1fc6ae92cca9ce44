#!/usr/bin/env bash
# Every hostile-peer case of hostile_cases.sh against the server under heapwatch: after each one
# the server's live heap is back exactly at its baseline (taken after one well-behaved request),
# and at SIGTERM the final dump shows nothing live at all.
. "$HW_ROOT/tests/lib.sh"
. "$HW_ROOT/tests/demo/demo_helpers.sh"
. "$HW_ROOT/tests/demo/hostile_cases.sh"
require_heapwatch

hw_server_start dumps "${HOSTILE_SERVER_ARGS[@]}"
assert_serving
measure_quiet_live
baseline=$LIVE
for case in "${HOSTILE_CASES[@]}"; do
    "hostile_$case"
    measure_quiet_live
    check_eq "$LIVE" "$baseline" "live heap after the $case peers left"
done
server_stop
final=$(final_dump dumps "$SERVER_PID")
check_eq "$(header "$final" live_bytes)" 0 "live bytes in the final dump"
