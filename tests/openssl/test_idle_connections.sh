#!/usr/bin/env bash
# What a TLS 1.3 server holds per idle connection, by OpenSSL's own file:line (issue 3's first
# acceptance test). ssl_idle_server runs under heapwatch; ssl_idle_client (not under heapwatch)
# makes one request per connection and leaves it idle. Asserted:
#  - the record layer's read and write buffers are the top two OpenSSL sites, with exactly one
#    block per idle connection, of exactly the size OpenSSL 3.0 allocates, and the stacks carrying
#    those sites go through the server's own code;
#  - OpenSSL's bytes per connection are the same for the first 20 and the next 20 connections;
#  - with SSL_MODE_RELEASE_BUFFERS both buffer sites hold nothing, and a connection costs exactly
#    the two buffers less;
#  - once the clients are gone, OpenSSL's live bytes and blocks are back to the baseline, and at
#    exit (the server frees its context; OpenSSL cleans up after itself) they are 0.
. "$HW_ROOT/tests/lib.sh"
. "$HW_ROOT/tests/openssl/tls_helpers.sh"

server=$(build_tls_prog ssl_idle_server) || exit 1
client=$(build_tls_prog ssl_idle_client) || exit 1
make_cert "$PWD"

# measure MODE BATCH...: runs the server (MODE keep-buffers or release-buffers) under heapwatch.
# After two warm-up connections that come and go (OpenSSL caches what the first handshakes fetch),
# dump DUMPS[0]; then for each BATCH, BATCH more idle connections and dump DUMPS[i]; then all
# clients close and dump AFTER_CLOSE. Stops the server with SIGTERM, checks it exited 0 and sets
# FINAL to its exit dump.
measure() {
    local mode=$1 dir=$PWD/dumps.$1 connections=0 i=0 batch port pid
    shift
    local server_args=("$PWD/cert.pem" "$PWD/key.pem")
    [ "$mode" = release-buffers ] && server_args+=(release-buffers)
    mkdir -p "$dir"
    start_bg server env HEAPWATCH_DIR="$dir" HEAPWATCH_INTERVAL=0 HEAPWATCH_TOP=200 LD_PRELOAD="$HW_LIB" \
        "$server" "${server_args[@]}"
    pid=$(pid_of server)
    wait_for 10 grep -q '^port ' server.out
    port=$(sed -n 's/^port //p' server.out)

    start_bg warmup "$client" "$port" 2
    wait_exit warmup
    wait_line 10 server "closed 2"
    dump_now "$dir" "$pid"
    DUMPS=("$DUMP")

    for batch in "$@"; do
        i=$((i + 1)) connections=$((connections + batch))
        start_held "clients$i.$mode" "$client" "$port" "$batch"
        wait_line 20 "clients$i.$mode" "ready $batch"
        wait_line 10 server "served $((connections + 2))"
        dump_now "$dir" "$pid"
        DUMPS+=("$DUMP")
    done

    for ((i = 1; i <= $#; i++)); do release_held "clients$i.$mode"; done
    for ((i = 1; i <= $#; i++)); do wait_exit "clients$i.$mode"; done
    wait_line 10 server "closed $((connections + 2))"
    dump_now "$dir" "$pid"
    AFTER_CLOSE=$DUMP

    kill -TERM "$pid"
    wait_exit server
    FINAL=$(final_dump "$dir" "$pid") || exit 1
}

openssl_bytes() { header "$1" openssl_live_bytes; }
openssl_blocks() { header "$1" openssl_live_blocks; }

# --- Record buffers kept while idle (OpenSSL's default) ---
measure keep-buffers 20 20
base=${DUMPS[0]} at20=${DUMPS[1]} at40=${DUMPS[2]}
note "baseline: $(grep '^openssl' "$base" | tr '\n' ' ')"
note "20 idle:  $(grep '^openssl' "$at20" | tr '\n' ' ')"
note "40 idle:  $(grep '^openssl' "$at40" | tr '\n' ' ')"
grep '^site ' "$at20" | head -n 5 | sed 's/^/-- /'

for state in "$base" "$at20" "$at40" "$AFTER_CLOSE"; do
    check_eq "$(openssl_state "$state")" hooked "openssl state in $state"
done
check_eq "$(site_live "$base" "$READ_BUFFER_SITE" 4)" 0 "read buffers before any idle connection"
check_eq "$(site_live "$base" "$WRITE_BUFFER_SITE" 4)" 0 "write buffers before any idle connection"

for n in 20 40; do
    [ $n = 20 ] && dump=$at20 || dump=$at40
    check_eq "$(site_at_rank "$dump" 1)" "$READ_BUFFER_SITE" "top OpenSSL site with $n idle connections"
    check_eq "$(site_at_rank "$dump" 2)" "$WRITE_BUFFER_SITE" "second OpenSSL site with $n idle connections"
    check_eq "$(site_live "$dump" "$READ_BUFFER_SITE" 4)" $n "read buffer blocks with $n idle connections"
    check_eq "$(site_live "$dump" "$READ_BUFFER_SITE" 3)" $((n * READ_BUFFER_BYTES)) \
        "read buffer bytes with $n idle connections"
    check_eq "$(site_live "$dump" "$WRITE_BUFFER_SITE" 4)" $n "write buffer blocks with $n idle connections"
    check_eq "$(site_live "$dump" "$WRITE_BUFFER_SITE" 3)" $((n * WRITE_BUFFER_BYTES)) \
        "write buffer bytes with $n idle connections"
    check_eq "$(site_stack_blocks "$dump" "$READ_BUFFER_SITE")" $n "blocks of the stacks tagged $READ_BUFFER_SITE"
    check_eq "$(site_stack_blocks "$dump" "$WRITE_BUFFER_SITE")" $n "blocks of the stacks tagged $WRITE_BUFFER_SITE"
done
site_stack_functions "$at20" "$READ_BUFFER_SITE" | grep -qx serve ||
    fail "the stack of $READ_BUFFER_SITE does not go through serve(): $(site_stack_functions "$at20" "$READ_BUFFER_SITE" | tr '\n' ' ')"
site_stack_functions "$at20" "$WRITE_BUFFER_SITE" | grep -qx serve ||
    fail "the stack of $WRITE_BUFFER_SITE does not go through serve(): $(site_stack_functions "$at20" "$WRITE_BUFFER_SITE" | tr '\n' ' ')"

first=$(($(openssl_bytes "$at20") - $(openssl_bytes "$base")))
second=$(($(openssl_bytes "$at40") - $(openssl_bytes "$at20")))
note "OpenSSL bytes for the first 20 connections: $first, for the next 20: $second"
check_eq "$second" "$first" "OpenSSL bytes of 20 more idle connections"
check_eq $(($(openssl_blocks "$at40") - $(openssl_blocks "$at20"))) \
    $(($(openssl_blocks "$at20") - $(openssl_blocks "$base"))) "OpenSSL blocks of 20 more idle connections"
per_connection=$((first / 20))
check_eq $((per_connection * 20)) "$first" "OpenSSL bytes of 20 connections, a multiple of 20"
check_ge "$per_connection" $((READ_BUFFER_BYTES + WRITE_BUFFER_BYTES)) "OpenSSL bytes per idle connection"

check_eq "$(openssl_bytes "$AFTER_CLOSE")" "$(openssl_bytes "$base")" "OpenSSL live bytes after the clients closed"
check_eq "$(openssl_blocks "$AFTER_CLOSE")" "$(openssl_blocks "$base")" "OpenSSL live blocks after the clients closed"
check_eq "$(openssl_bytes "$FINAL")" 0 "OpenSSL live bytes at exit, after OpenSSL's own cleanup"

# --- SSL_MODE_RELEASE_BUFFERS ---
measure release-buffers 20
released=$((($(openssl_bytes "${DUMPS[1]}") - $(openssl_bytes "${DUMPS[0]}")) / 20))
note "OpenSSL bytes per idle connection: $per_connection, with SSL_MODE_RELEASE_BUFFERS: $released"
check_eq "$(site_live "${DUMPS[1]}" "$READ_BUFFER_SITE" 3)" 0 "read buffer bytes with SSL_MODE_RELEASE_BUFFERS"
check_eq "$(site_live "${DUMPS[1]}" "$WRITE_BUFFER_SITE" 3)" 0 "write buffer bytes with SSL_MODE_RELEASE_BUFFERS"
check_eq "$released" $((per_connection - READ_BUFFER_BYTES - WRITE_BUFFER_BYTES)) \
    "OpenSSL bytes per idle connection with SSL_MODE_RELEASE_BUFFERS"
check_eq "$(openssl_bytes "$AFTER_CLOSE")" "$(openssl_bytes "${DUMPS[0]}")" \
    "OpenSSL live bytes after the clients closed, with SSL_MODE_RELEASE_BUFFERS"
echo "ok"
