#!/usr/bin/env bash
# Debian's nginx with a TLS server block under heapwatch, master + 2 workers, once with
# `daemon off` and once with `daemon on`, as users run it (LD_PRELOAD and HEAPWATCH_* exported).
# nginx clears its workers' environment and uses SIGUSR1/USR2/HUP/WINCH itself, so the dump
# signal is RTMIN+5 and the workers must keep the settings read at start. Asserted:
#  - the master and every worker write dumps on RTMIN+5 (the workers into the same directory,
#    with the same settings), and every one shows OpenSSL sites (the TLS context is made in the
#    master, before the fork);
#  - 20 idle keep-alive connections are exactly 20 more blocks at OpenSSL's SSL_new site summed
#    over the workers, and, as nginx sets SSL_MODE_RELEASE_BUFFERS, no record buffer;
#  - `nginx -s reload` works: the old workers exit (each writes its exit dump), new workers serve
#    and dump; SIGQUIT stops the master, which writes its exit dump (and exits 0 in the foreground).
. "$HW_ROOT/tests/lib.sh"
. "$HW_ROOT/tests/openssl/tls_helpers.sh"

nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx" ] || skip "nginx is not installed (scripts/install-deps.sh installs it)"
client=$(build_tls_prog ssl_idle_client) || exit 1
make_cert "$PWD"
SIGNAL=RTMIN+5 WORKERS=2 IDLE=20 DEPTH=24

# write_config PREFIX DAEMON PORT: PREFIX/nginx.conf, everything nginx writes kept under PREFIX.
write_config() {
    local prefix=$1 user=
    # As root, nginx would run its workers as nobody, who cannot write the dump directory.
    [ "$(id -u)" -eq 0 ] && user="user root;"
    mkdir -p "$prefix/tmp"
    cat >"$prefix/nginx.conf" <<EOF
daemon $2;
worker_processes $WORKERS;
$user
pid $prefix/nginx.pid;
error_log $prefix/error.log info;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path $prefix/tmp/body;
    proxy_temp_path $prefix/tmp/proxy;
    fastcgi_temp_path $prefix/tmp/fastcgi;
    uwsgi_temp_path $prefix/tmp/uwsgi;
    scgi_temp_path $prefix/tmp/scgi;
    server {
        listen 127.0.0.1:$3 ssl;
        ssl_certificate $PWD/cert.pem;
        ssl_certificate_key $PWD/key.pem;
        ssl_protocols TLSv1.3;
        location / { return 200 "ok\n"; }
    }
}
EOF
}

workers_of() { ps -o pid= --ppid "$1" | tr -d ' '; }
worker_count_is() { [ "$(workers_of "$1" | wc -l)" -eq "$2" ]; }
none_alive() {
    local pid
    for pid in "$@"; do alive "$pid" && return 1; done
    return 0
}
ssl_objects() { site_live "$1" "$SSL_OBJECT_SITE" 4; }
sites_shown() { awk '$1 == "sites" && NF >= 4 { print $2; exit }' "$1"; }

# check_process_dump DUMP WHAT: a dump of an nginx process shows OpenSSL, hooked, with sites, and
# was written with the settings given at start (not the defaults: workers have no environment).
check_process_dump() {
    check_eq "$(header "$1" depth)" $DEPTH "depth in the dump of the $2"
    check_eq "$(header "$1" interval)" 0 "interval in the dump of the $2"
    check_eq "$(openssl_state "$1")" hooked "openssl state of the $2"
    check_ge "$(sites_shown "$1")" 10 "OpenSSL sites in the dump of the $2"
    check_eq "$(header "$1" exe)" "$(readlink -f "$nginx")" "exe of the $2"
}

# count_in_workers DIR WORKER...: dumps every worker; sets SSL_OBJECTS and RECORD_BUFFERS to the
# blocks they hold in all at OpenSSL's SSL_new site and at its record buffer sites.
count_in_workers() {
    local dir=$1 worker
    shift
    SSL_OBJECTS=0 RECORD_BUFFERS=0
    for worker in "$@"; do
        dump_now "$dir" "$worker" $SIGNAL
        SSL_OBJECTS=$((SSL_OBJECTS + $(ssl_objects "$DUMP")))
        RECORD_BUFFERS=$((RECORD_BUFFERS + $(site_live "$DUMP" "$READ_BUFFER_SITE" 4) +
            $(site_live "$DUMP" "$WRITE_BUFFER_SITE" 4)))
    done
}

# exercise DAEMON: one run of nginx with `daemon DAEMON` (on|off).
exercise() {
    local mode=$1 prefix=$PWD/nginx.$1 dir=$PWD/dumps.$1 port master worker status=0
    port=$(free_port) || exit 1
    write_config "$prefix" "$mode" "$port"
    mkdir -p "$dir"
    local run=(env HEAPWATCH_DIR="$dir" HEAPWATCH_INTERVAL=0 HEAPWATCH_SIGNAL="$SIGNAL" HEAPWATCH_DEPTH=$DEPTH
               HEAPWATCH_TOP=100 LD_PRELOAD="$HW_LIB" "$nginx" -p "$prefix/" -c "$prefix/nginx.conf" -e "$prefix/error.log")
    if [ "$mode" = off ]; then
        start_bg "nginx.$mode" "${run[@]}"
        master=$(pid_of "nginx.$mode")
        wait_for 10 test -s "$prefix/nginx.pid"
        check_eq "$(cat "$prefix/nginx.pid")" "$master" "pid file of nginx in the foreground"
    else
        "${run[@]}" >"nginx.$mode.out" 2>&1 || fail "nginx did not start: $(tail -n 3 "nginx.$mode.out")"
        wait_for 10 test -s "$prefix/nginx.pid"
        master=$(cat "$prefix/nginx.pid")
        track_pid "$master"
    fi
    wait_for 10 worker_count_is "$master" $WORKERS
    local workers reloaded
    mapfile -t workers < <(workers_of "$master")
    for worker in "${workers[@]}"; do track_pid "$worker"; done
    note "daemon $mode: master $master, workers ${workers[*]}, port $port"

    dump_now "$dir" "$master" $SIGNAL
    check_process_dump "$DUMP" "master (daemon $mode)"
    for worker in "${workers[@]}"; do
        dump_now "$dir" "$worker" $SIGNAL
        check_process_dump "$DUMP" "worker $worker (daemon $mode)"
        check_eq "$(header "$DUMP" ppid)" "$master" "ppid in the dump of worker $worker"
    done
    count_in_workers "$dir" "${workers[@]}"
    local before=$SSL_OBJECTS

    start_held "clients.$mode" "$client" "$port" $IDLE
    wait_line 20 "clients.$mode" "ready $IDLE"
    count_in_workers "$dir" "${workers[@]}"
    note "workers with $IDLE idle connections: $((SSL_OBJECTS - before)) more SSL objects, $RECORD_BUFFERS record buffers"
    check_eq $((SSL_OBJECTS - before)) $IDLE "SSL objects the workers hold for $IDLE idle connections"
    check_eq "$RECORD_BUFFERS" 0 "record buffers the workers hold for idle connections (SSL_MODE_RELEASE_BUFFERS)"

    env HEAPWATCH_DIR="$dir" LD_PRELOAD="$HW_LIB" "$nginx" -p "$prefix/" -c "$prefix/nginx.conf" \
        -e "$prefix/error.log" -s reload || fail "nginx -s reload failed"
    wait_for 20 none_alive "${workers[@]}"
    for worker in "${workers[@]}"; do
        final_dump "$dir" "$worker" >/dev/null || exit 1
    done
    wait_for 10 worker_count_is "$master" $WORKERS
    mapfile -t reloaded < <(workers_of "$master")
    for worker in "${reloaded[@]}"; do track_pid "$worker"; done
    note "after reload: workers ${reloaded[*]}"
    start_bg "request.$mode" "$client" "$port" 1
    wait_exit "request.$mode"
    for worker in "${reloaded[@]}"; do
        dump_now "$dir" "$worker" $SIGNAL
        check_process_dump "$DUMP" "reloaded worker $worker (daemon $mode)"
    done

    release_held "clients.$mode"
    wait_exit "clients.$mode"
    kill -QUIT "$master"
    if [ "$mode" = off ]; then
        wait "$master" || status=$?
        check_eq $status 0 "exit status of nginx after SIGQUIT"
    else
        wait_for 20 none_alive "$master"
    fi
    final_dump "$dir" "$master" >/dev/null || exit 1
    ! grep -E '\[(alert|emerg|crit)\]' "$prefix/error.log" || fail "nginx logged alerts (daemon $mode)"
}

exercise off
exercise on
echo ok
