# Sourced by the heapwatch scenario tests after demo_helpers.sh: the short versions of the
# scenarios `make demo` shows, measured from heapwatch dumps of the server.

SCENARIO_CLIENTS=50
SCENARIO_INTERVAL=0       # seconds between two clients

# Bytes per idle connection, measured on Debian 12 (OpenSSL 3.0.19, TLS 1.3 with X25519, P-256
# certificate): OpenSSL holds 47,170 B (the same as the team's earlier prototype measured, to the
# byte) and the server's own connection struct 112 B: 47,282 B in all, the same at 50 and 200
# connections. With SSL_MODE_RELEASE_BUFFERS the two record buffers (16,712 + 16,584 B) are gone:
# 13,986 B. The ranges allow about 2% for other OpenSSL 3.0 builds.
PER_CONN_KEEP_BUFFERS=(46300 48300)
PER_CONN_RELEASE_BUFFERS=(13600 14400)
READ_BUFFER_SITE=ssl/record/ssl3_buffer.c:68
WRITE_BUFFER_SITE=ssl/record/ssl3_buffer.c:129

# scenario_start SERVER_ARGS...: the server under heapwatch, warmed up by one request (OpenSSL
# caches what its first handshake fetches), then BASELINE = its live heap with no connection,
# then SCENARIO_CLIENTS idle clients, then IDLE_DUMP and IDLE_LIVE while they are all idle.
scenario_start() {
    hw_server_start dumps "$@"
    assert_serving
    measure_quiet_live
    BASELINE=$LIVE
    client_start clients.log -n "$SCENARIO_CLIENTS" --interval "$SCENARIO_INTERVAL"
    wait_for 20 stat_is idle "$SCENARIO_CLIENTS"
    fresh_dump
    IDLE_DUMP=$DUMP
    IDLE_LIVE=$(header "$DUMP" live_bytes)
}

# per_connection_within LOW HIGH: (IDLE_LIVE - BASELINE) / clients is in LOW..HIGH.
per_connection_within() {
    local per_conn=$(((IDLE_LIVE - BASELINE) / SCENARIO_CLIENTS))
    note "$per_conn bytes per idle connection (baseline $BASELINE, with $SCENARIO_CLIENTS idle $IDLE_LIVE)"
    check_ge "$per_conn" "$1" "bytes per idle connection"
    check_le "$per_conn" "$2" "bytes per idle connection"
}

# site_bytes DUMP SITE: the live bytes of an OpenSSL site in DUMP (0 when it is not listed).
site_bytes() { site_field "$1" "$2" 3 2>/dev/null || echo 0; }
