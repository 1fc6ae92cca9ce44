#!/bin/bash
# bench/server_load.sh: the demo HTTPS server's throughput under a bounded load from wrk, plain,
# under heapwatch tracking everything and under heapwatch sampling, interleaved round by round.
# Prints requests/s per mode (median of the rounds) and the median, lowest and highest of each
# round's ratio to plain. 127.0.0.1 only; each run is SERVER_SECONDS long; the server is stopped by
# the pid it was started with. The server and wrk are pinned to different cores (when there are
# two), so that they do not trade places on one. Single runs of one mode differ by up to 15 % on a
# shared 2-core machine, so rounds are many and short: the median of nine paired ratios moves by a
# few percent where the medians of five 10-second runs moved by ten.
# Two shapes of load: keep-alive (many small requests per connection: about ten allocations per
# request and little else, the hardest case for a profiler) and handshake (a new TLS connection for
# every request, as the clients of the demo's incident make).
#   SERVER_ROUNDS=9  SERVER_SECONDS=5  SERVER_CONNECTIONS=50  BENCH_SAMPLE=524288
#   SERVER_LOADS="keepalive handshake"
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
server=$root/build/demo_server
lib=$root/build/libheapwatch.so
rounds=${SERVER_ROUNDS:-9}
seconds=${SERVER_SECONDS:-5}
connections=${SERVER_CONNECTIONS:-50}
sample=${BENCH_SAMPLE:-524288}
loads=${SERVER_LOADS:-keepalive handshake}

command -v wrk >/dev/null || { echo "server load: wrk is not installed (scripts/install-deps.sh --bench)"; exit 0; }
[ -x "$server" ] || { echo "server load: $server is missing: run 'make'"; exit 1; }
scratch=$(mktemp -d "${TMPDIR:-/tmp}/heapwatch-server.XXXXXX") || exit 1
trap 'rm -rf "$scratch"' EXIT

# run_once LOAD MODE: starts the server in MODE, loads it, prints requests/s.
run_once() {
    local close=()
    [ "$1" = handshake ] && close=(-H "Connection: close")
    shift
    local env=()
    case $1 in
        hw-full) env=(LD_PRELOAD="$lib" HEAPWATCH_DIR="$scratch/dumps-$1" HEAPWATCH_INTERVAL=1) ;;
        hw-sample) env=(LD_PRELOAD="$lib" HEAPWATCH_DIR="$scratch/dumps-$1" HEAPWATCH_INTERVAL=1 HEAPWATCH_SAMPLE="$sample") ;;
    esac
    (cd "$scratch" && exec "${pin_server[@]}" env "${env[@]}" "$server" --port 0) 2>"$scratch/server.err" &
    local pid=$! port=
    for _ in $(seq 100); do
        port=$(sed -n 's|.*listening on https://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$scratch/server.err" | head -n 1)
        [ -n "$port" ] && break
        sleep 0.1
    done
    if [ -z "$port" ]; then
        kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
        echo 0
        return
    fi
    "${pin_load[@]}" wrk -t 1 -c "$connections" -d "${seconds}s" "${close[@]}" "https://127.0.0.1:$port/" 2>/dev/null |
        awk '/^Requests\/sec:/ { print $2 }'
    kill -TERM "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
}

pin_server=() pin_load=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
    pin_server=(taskset -c 0) pin_load=(taskset -c 1)
fi

modes=(plain hw-full hw-sample)
# spread: the median, lowest and highest of the numbers on standard input.
spread() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR ? v[int((NR + 1) / 2)] " " v[1] " " v[NR] : "0 0 0") }'; }
for load in $loads; do
    declare -A results=()
    for ((r = 0; r < rounds; r++)); do
        for ((i = 0; i < ${#modes[@]}; i++)); do
            mode=${modes[$(((i + r) % ${#modes[@]}))]}
            results[$mode]+="$(run_once "$load" "$mode") "
        done
    done
    echo "demo server under wrk, $load (${connections} connections, ${seconds} s, ${rounds} rounds):"
    echo "  mode          req/s   % of plain (lowest-highest)   runs"
    for mode in "${modes[@]}"; do
        read -r rps _ < <(echo "${results[$mode]}" | spread)
        # Each round's ratio is to the plain run of the same round, minutes apart at most: drifts of
        # the machine's speed, which move all modes alike, cancel out of it.
        read -r med lo hi < <(awk -v m="${results[$mode]}" -v p="${results[plain]}" 'BEGIN {
            n = split(m, mv, " "); split(p, pv, " ")
            for (r = 1; r <= n; r++) printf "%s ", (pv[r] > 0 ? 100 * mv[r] / pv[r] : 0) }' | spread)
        awk -v m="$mode" -v r="$rps" -v med="$med" -v lo="$lo" -v hi="$hi" -v all="${results[$mode]}" \
            'BEGIN { printf "  %-10s %9.0f   %6.1f %% (%5.1f-%5.1f)       %s\n", m, r, med, lo, hi, all }'
    done
    unset results
done
