#!/usr/bin/env bash
# --trim-interval: after 100 idle clients leave, the server's RSS follows its heap back down
# (malloc_trim), while without the option it stays near its peak -- why the demo shows the live
# heap, not RSS. Uses the plain build: ASan has its own allocator, which malloc_trim cannot trim.
. "$HW_ROOT/tests/lib.sh"
DEMO_SERVER=$HW_BUILD/demo_server DEMO_CLIENT=$HW_BUILD/demo_client
. "$HW_ROOT/tests/demo/demo_helpers.sh"

# rss_after_clients [SERVER_ARGS...]: prints the server's RSS growth in KiB with 100 idle clients,
# and what is left of it after they left.
rss_after_clients() {
    server_start -- "$@"
    assert_serving
    local before
    before=$(server_stat rss_bytes)
    client_start clients.log -n 100 --interval 0
    wait_for 20 stat_is idle 100
    local with_clients
    with_clients=$(server_stat rss_bytes)
    kill -TERM "$CLIENT_PID"
    wait_until_unused
    sleep 1.2                                  # a trim interval and a summary tick
    echo $(((with_clients - before) / 1024)) $((($(server_stat rss_bytes) - before) / 1024))
    server_stop
}

read -r idle_kept after_kept < <(rss_after_clients)
read -r idle_trimmed after_trimmed < <(rss_after_clients --trim-interval 0.5)
note "RSS growth in KiB with clients -> after: without trimming $idle_kept -> $after_kept," \
    "with --trim-interval 0.5 $idle_trimmed -> $after_trimmed"
check_ge $((after_kept * 10)) $((idle_kept * 8)) "RSS growth kept without trimming, in tenths of the growth"
check_le $((after_trimmed * 10)) $((idle_trimmed * 5)) "RSS growth kept with trimming, in tenths of the growth"
