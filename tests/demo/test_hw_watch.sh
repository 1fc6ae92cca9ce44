#!/usr/bin/env bash
# scripts/watch.sh prints, for a directory the server under heapwatch dumps into, the time, the
# connections on the server's port and the top stacks of the newest dump through heapwatch top.
. "$HW_ROOT/tests/lib.sh"
. "$HW_ROOT/tests/demo/demo_helpers.sh"
require_heapwatch

WATCH_ROUNDS=1 "$HW_ROOT/scripts/watch.sh" "$PWD/empty" >empty.out 2>&1 || fail "watch.sh: $(cat empty.out)"
grep -q 'no heapwatch dumps in' empty.out || fail "watch.sh without dumps: $(cat empty.out)"

hw_server_start dumps
client_start clients.log -n 4 --interval 0
wait_for 10 stat_is idle 4
fresh_dump
DEMO_PORT=$PORT WATCH_ROUNDS=1 WATCH_TOP=3 "$HW_ROOT/scripts/watch.sh" dumps >watch.out 2>&1 ||
    fail "watch.sh: $(cat watch.out)"
grep -qE "^=== [0-9:]{8}  connections on port $PORT: 4$" watch.out || fail "watch.sh header: $(cat watch.out)"
grep -q "seq $(header "$DUMP" seq)," watch.out || fail "watch.sh did not show the newest dump: $(cat watch.out)"
grep -q 'ssl/record/ssl3_buffer.c:68' watch.out || fail "watch.sh top stacks: $(cat watch.out)"
server_stop
