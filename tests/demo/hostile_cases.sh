# Sourced by the hostile-peer tests after demo_helpers.sh. Each hostile_* function attacks the
# running server ($PORT) with one kind of bad peer from tests/demo/peer.py, and asserts that
#  - the server ends the attack the way it should, and counts it under the right reason;
#  - a well-behaved client is served while the attack goes on.
# The server must run with HOSTILE_SERVER_ARGS, so that its timeouts end attacks in about a second.

HOSTILE_SERVER_ARGS=(--handshake-timeout 1 --request-timeout 1 --max-conns 20)
HOSTILE_CASES=(garbage stalled_handshake oversized_headers endless_headers slow_headers reset flood)

# attack_while_serving NAME PEER_ARGS...: runs `peer PEER_ARGS` in the background, checks a
# well-behaved client is served meanwhile, then waits for the attack; its output is in NAME.out.
attack_while_serving() {
    local name=$1 pid status=0
    shift
    peer "$@" >"$name.out" 2>&1 &
    pid=$!
    started_pids+=("$pid")
    sleep 0.2
    assert_serving
    wait "$pid" || status=$?
    [ $status -eq 0 ] || fail "$name: the server did not end the attack: $(cat "$name.out")"
}

# counter_rises FIELD BEFORE BY: waits until /stats shows FIELD at BEFORE + BY or more (the
# well-behaved clients count too).
counter_rises() { wait_for 5 stat_at_least "$1" $(($2 + $3)); }
stat_at_least() { [ "$(server_stat "$1")" -ge "$2" ]; }

# closed_after NAME MIN MAX: the attack's output says the server closed it after MIN..MAX seconds.
closed_after() {
    awk -v lo="$2" -v hi="$3" '/closed by the server after/ { s = $(NF - 1) + 0; if (s >= lo && s <= hi) ok = 1 }
        END { exit !ok }' "$1.out" || fail "$1: expected a close after $2..$3 s: $(cat "$1.out")"
}

# Random bytes instead of a ClientHello: the handshake fails at once.
hostile_garbage() {
    local before
    before=$(server_stat closed_handshake_failed)
    attack_while_serving garbage garbage --within 3
    closed_after garbage 0 0.9
    counter_rises closed_handshake_failed "$before" 1
}

# Half a ClientHello, then silence (slowloris on the handshake): the handshake timeout ends it.
hostile_stalled_handshake() {
    local before
    before=$(server_stat closed_handshake_timeout)
    attack_while_serving stall stall --within 4
    closed_after stall 0.9 2.5
    counter_rises closed_handshake_timeout "$before" 1
}

# A 16 KiB request head in one go: answered 431 and closed.
hostile_oversized_headers() {
    local before
    before=$(server_stat refused_requests)
    attack_while_serving oversized oversized --within 3
    grep -q '^status 431' oversized.out || fail "oversized head: no 431: $(cat oversized.out)"
    counter_rises refused_requests "$before" 1
}

# Header lines without end: closed once the head outgrows the limit (or its time is up).
hostile_endless_headers() {
    attack_while_serving endless endless --within 4
    closed_after endless 0 2.5
}

# A request head one byte every 0.2 s (slowloris on the request): the request timeout ends it.
hostile_slow_headers() {
    local before
    before=$(server_stat closed_request_timeout)
    attack_while_serving slow slow-headers --within 4
    closed_after slow 0.9 2.5
    counter_rises closed_request_timeout "$before" 1
}

# Half a request, then a TCP reset: the server notices and closes its side.
hostile_reset() {
    local before
    before=$(server_stat closed_peer)
    attack_while_serving reset reset
    counter_rises closed_peer "$before" 1
}

# 60 plain TCP connections against --max-conns 20: 40 are closed at once (rejected), the other
# 20 by the handshake timeout; a client connected before the flood is served throughout it.
hostile_flood() {
    local before_rejected before_timeouts keeper status=0
    before_rejected=$(server_stat rejected)
    before_timeouts=$(server_stat closed_handshake_timeout)
    peer get --count 6 --every 0.5 >keeper.out 2>&1 &
    keeper=$!
    started_pids+=("$keeper")
    sleep 0.3
    peer flood 60 3 >flood.out 2>&1 || fail "flood: $(cat flood.out)"
    grep -q '^opened 60, closed by the server 60$' flood.out || fail "flood: $(cat flood.out)"
    wait "$keeper" || status=$?
    [ $status -eq 0 ] || fail "the client connected before the flood was not served: $(cat keeper.out)"
    check_eq "$(grep -c '^200' keeper.out)" 6 "responses to the client connected before the flood"
    counter_rises rejected "$before_rejected" 40
    counter_rises closed_handshake_timeout "$before_timeouts" 19
    assert_serving
}
