#!/usr/bin/env bash
# A hostile peer (oversized headers) against demo_server (ASan/UBSan build): the server ends the
# attack and keeps serving a well-behaved client (see hostile_oversized_headers in hostile_cases.sh), then
# exits 0 on SIGTERM with the sanitizers quiet.
. "$HW_ROOT/tests/lib.sh"
. "$HW_ROOT/tests/demo/demo_helpers.sh"
. "$HW_ROOT/tests/demo/hostile_cases.sh"

server_start -- "${HOSTILE_SERVER_ARGS[@]}"
hostile_oversized_headers
assert_serving
server_stop
