#!/usr/bin/env bash
# Keep-alive: several requests on one connection, pipelined requests answered in order, and the
# connection closed after the response when the client asks (Connection: close, HTTP/1.0).
. "$HW_ROOT/tests/lib.sh"
. "$HW_ROOT/tests/demo/demo_helpers.sh"

server_start
out=$(peer get --count 5) || fail "5 requests on one connection: $out"
check_eq "$(echo "$out" | grep -c '^200 keep-alive')" 5 "keep-alive responses"
check_eq "$(server_stat handshakes)" 2 "handshakes: 5 requests on one connection, then this /stats"

out=$(peer pipeline 4) || fail "4 pipelined requests: $out"
check_eq "$(echo "$out" | grep -c '^200')" 4 "pipelined responses"

out=$(peer get --close) || fail "Connection: close: $out"
check_eq "$(echo "$out" | awk '{ print $2 }')" close "Connection header when the client asked to close"
out=$(peer get --http10) || fail "HTTP/1.0: $out"
check_eq "$(echo "$out" | awk '{ print $2 }')" close "Connection header for HTTP/1.0"

# peer.py returns once the server has closed, so these counts are final (server_stat's own
# requests also ask to close: one so far).
check_eq "$(server_stat closed_after_response)" 3 "connections closed after their response"
check_eq "$(server_stat requests)" 13 "requests before this /stats (5 + 1 + 4 + 1 + 1 + 1)"
server_stop
