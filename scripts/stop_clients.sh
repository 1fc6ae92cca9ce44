#!/bin/sh
# stop_clients.sh: stops the clients start_clients.sh started: exactly the pid in its pid file,
# after checking that this pid still is a demo_client (pids are reused), never anything by name.
#   DEMO_STATE   directory of clients.pid and clients.log (default: build/demo)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
state=${DEMO_STATE:-$root/build/demo}
pidfile=$state/clients.pid
if [ ! -e "$pidfile" ]; then
    echo "$0: no $pidfile: no clients were started" >&2
    exit 1
fi
pid=$(cat "$pidfile")
if ! kill -0 "$pid" 2>/dev/null; then
    echo "clients (pid $pid) already ended"
    rm -f "$pidfile"
    exit 0
fi
case "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" in
    *demo_client*) ;;
    *) echo "$0: pid $pid is no longer demo_client; removing the stale $pidfile" >&2
       rm -f "$pidfile"
       exit 1 ;;
esac
kill -TERM "$pid"
tries=0
while kill -0 "$pid" 2>/dev/null; do
    tries=$((tries + 1))
    if [ $tries -gt 100 ]; then
        echo "$0: pid $pid still runs 10 s after SIGTERM" >&2
        exit 1
    fi
    sleep 0.1
done
rm -f "$pidfile"
echo "stopped clients (pid $pid): $(tail -n 1 "$state/clients.log" 2>/dev/null)"
