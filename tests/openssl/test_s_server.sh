#!/usr/bin/env bash
# `openssl s_server -www` under heapwatch, with `openssl s_client` as the clients: a real TLS
# server nobody here wrote, run as users run it.
#  - Clients that each make one request: with -no_ticket, TLS 1.3 resumption uses the server's
#    session cache, so each client served leaves one cached session behind. Two batches of 20
#    grow OpenSSL's live blocks by the same count, one block per client at the SSL_SESSION_new
#    site, and OpenSSL's live bytes by the same amount give or take the cache's hash table; the
#    whole growth of the heap is OpenSSL's.
#    (s_server's session cache is small: here it stopped growing at 64 sessions.)
#  - 50 idle clients (connected, saying nothing, stdin held open): s_server serves one connection
#    at a time, so exactly one of them has a TLS connection inside it (one SSL object, one read
#    and one write buffer of OpenSSL's exact sizes); the other 49 wait in the kernel's backlog.
#  - s_server still dies of SIGTERM (status 143).
. "$HW_ROOT/tests/lib.sh"
. "$HW_ROOT/tests/openssl/tls_helpers.sh"

SESSION_SITE=ssl/ssl_sess.c:145 # SSL_SESSION_new
IDLE_CLIENTS=50 BATCH=20
make_cert "$PWD"
dir=$PWD/dumps

start_bg server env HEAPWATCH_DIR="$dir" HEAPWATCH_INTERVAL=0 HEAPWATCH_TOP=100 LD_PRELOAD="$HW_LIB" \
    openssl s_server -www -no_ticket -accept 127.0.0.1:0 -cert "$PWD/cert.pem" -key "$PWD/key.pem"
pid=$(pid_of server)
wait_for 10 grep -q '^ACCEPT ' server.out
port=$(sed -n 's/^ACCEPT .*:\([0-9]*\)$/\1/p' server.out)

# request: one client making one request, which s_server answers with its status page and closes.
request() {
    printf 'GET / HTTP/1.0\r\n\r\n' | openssl s_client -connect "127.0.0.1:$port" -ign_eof >request.out 2>&1 ||
        fail "s_client failed: $(tail -n 3 request.out)"
    grep -q '^HTTP/1.0 200 ok' request.out || fail "no status page: $(tail -n 3 request.out)"
}
handshakes_done() { [ "$(cat idle*.out | grep -c 'Cipher is')" -eq "$1" ]; }
openssl_figure() { header "$1" "openssl_live_$2"; }

# --- clients that each make one request ---
request # the first handshake fetches what OpenSSL then caches for all the others
dump_now "$dir" "$pid"
dumps=("$DUMP")
for batch in 1 2; do
    for ((i = 0; i < BATCH; i++)); do request; done
    dump_now "$dir" "$pid"
    dumps+=("$DUMP")
done
for batch in 1 2; do
    old=${dumps[batch - 1]} new=${dumps[batch]}
    grown_blocks[batch]=$(($(openssl_figure "$new" blocks) - $(openssl_figure "$old" blocks)))
    grown_bytes[batch]=$(($(openssl_figure "$new" bytes) - $(openssl_figure "$old" bytes)))
    note "batch $batch of $BATCH clients: OpenSSL +${grown_bytes[batch]} bytes, +${grown_blocks[batch]} blocks"
    check_eq $(($(header "$new" live_bytes) - $(header "$old" live_bytes))) "${grown_bytes[batch]}" \
        "live bytes added by batch $batch (all of them OpenSSL's)"
    check_eq $(($(site_live "$new" "$SESSION_SITE" 4) - $(site_live "$old" "$SESSION_SITE" 4))) $BATCH \
        "blocks of $SESSION_SITE added by batch $batch of $BATCH clients"
done
check_eq "${grown_blocks[2]}" "${grown_blocks[1]}" "OpenSSL blocks added by the second batch"
check_ge "${grown_blocks[1]}" $BATCH "OpenSSL blocks added by a batch"
spread=$((grown_bytes[2] - grown_bytes[1]))
check_le $((${spread#-} * 100)) "${grown_bytes[1]}" "difference between the batches' OpenSSL bytes, in percent"

# --- 50 idle clients ---
before_idle=${dumps[2]}
hold_fifo idle
for ((i = 1; i <= IDLE_CLIENTS; i++)); do
    spawn "idle$i" idle.in openssl s_client -connect "127.0.0.1:$port"
done
wait_for 20 handshakes_done 1
dump_now "$dir" "$pid"
note "$IDLE_CLIENTS idle clients: $(grep '^openssl_live' "$DUMP" | tr '\n' ' ')"
grep '^site ' "$DUMP" | head -n 4 | sed 's/^/-- /'
check_eq "$(openssl_state "$DUMP")" hooked "openssl state"
check_eq "$(site_live "$before_idle" "$SSL_OBJECT_SITE" 4)" 0 "SSL objects before the idle clients"
check_eq "$(site_live "$DUMP" "$SSL_OBJECT_SITE" 4)" 1 "SSL objects with $IDLE_CLIENTS idle clients"
check_eq "$(site_live "$DUMP" "$READ_BUFFER_SITE" 3)" $READ_BUFFER_BYTES "read buffer bytes with $IDLE_CLIENTS idle clients"
check_eq "$(site_live "$DUMP" "$WRITE_BUFFER_SITE" 3)" $WRITE_BUFFER_BYTES "write buffer bytes with $IDLE_CLIENTS idle clients"
release_held idle
for ((i = 1; i <= IDLE_CLIENTS; i++)); do wait "$(pid_of "idle$i")"; done

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
check_eq $status 143 "exit status of s_server after SIGTERM"
echo ok
