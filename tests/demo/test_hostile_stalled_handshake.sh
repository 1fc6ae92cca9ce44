#!/usr/bin/env bash
# A hostile peer (stalled handshake) against demo_server (ASan/UBSan build): the server ends the
# attack and keeps serving a well-behaved client (see hostile_stalled_handshake in hostile_cases.sh), then
# exits 0 on SIGTERM with the sanitizers quiet.
. "$HW_ROOT/tests/lib.sh"
. "$HW_ROOT/tests/demo/demo_helpers.sh"
. "$HW_ROOT/tests/demo/hostile_cases.sh"

server_start -- "${HOSTILE_SERVER_ARGS[@]}"
hostile_stalled_handshake
assert_serving
server_stop
