#!/bin/sh
# watch.sh [DIR]: every 3 seconds, the time, the connections open on the demo port, and the top of
# the newest heapwatch dump in DIR (default: the current directory, where heapwatch writes by
# default) -- the loop the original reproduction ran with netstat and pprof -top.
#   DEMO_PORT     port whose established connections are counted (default 44443)
#   WATCH_ROUNDS  stop after that many rounds (default: until interrupted)
#   WATCH_TOP     stacks shown (default 5)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-.}
port=${DEMO_PORT:-44443}
rounds=${WATCH_ROUNDS:-0}
heapwatch=$root/build/heapwatch
[ -x "$heapwatch" ] || { echo "$0: $heapwatch is missing: run make" >&2; exit 1; }

round=0
while :; do
    connections=$(ss -Htn state established "( sport = :$port )" 2>/dev/null | wc -l)
    echo "=== $(date '+%H:%M:%S')  connections on port $port: $connections"
    if ls "$dir"/heapwatch.*.txt >/dev/null 2>&1; then
        "$heapwatch" top "$dir" -n "${WATCH_TOP:-5}" || true
    else
        echo "no heapwatch dumps in $dir yet"
    fi
    round=$((round + 1))
    [ "$rounds" -gt 0 ] && [ "$round" -ge "$rounds" ] && break
    sleep 3
done
