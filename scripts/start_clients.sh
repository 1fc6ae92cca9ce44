#!/bin/sh
# start_clients.sh N INTERVAL [HOST] [PORT]: starts N idle HTTPS clients against demo_server, one
# every INTERVAL seconds (default target 127.0.0.1:44443), as the original reproduction did.
# All N live in one background demo_client process; its pid goes into a pid file, so that
# stop_clients.sh stops exactly that process and nothing else, and its progress into a log.
#   DEMO_STATE   directory for clients.pid and clients.log (default: build/demo)
#   DEMO_CAFILE  certificate to verify the server with (default: ./demo_server-cert.pem if it
#                exists, the one demo_server generates in its directory; else no verification)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -lt 2 ] || [ $# -gt 4 ]; then
    echo "usage: $0 N INTERVAL [HOST] [PORT]" >&2
    exit 2
fi
count=$1 interval=$2 host=${3:-127.0.0.1} port=${4:-44443}
state=${DEMO_STATE:-$root/build/demo}
pidfile=$state/clients.pid log=$state/clients.log
client=$root/build/demo_client
[ -x "$client" ] || { echo "$0: $client is missing: run make" >&2; exit 1; }

if [ -e "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "$0: clients already running (pid $(cat "$pidfile")); stop them with scripts/stop_clients.sh" >&2
    exit 1
fi

cafile=${DEMO_CAFILE:-}
[ -z "$cafile" ] && [ -e demo_server-cert.pem ] && cafile=$PWD/demo_server-cert.pem
if [ -n "$cafile" ]; then
    set -- --cafile "$cafile"
else
    echo "$0: no DEMO_CAFILE and no ./demo_server-cert.pem: not verifying the server's certificate"
    set -- --insecure
fi

mkdir -p "$state"
"$client" -n "$count" --interval "$interval" --host "$host" --port "$port" "$@" >"$log" 2>&1 &
echo $! >"$pidfile"
echo "started $count clients, one every ${interval}s, against $host:$port: pid $!, progress in $log"
