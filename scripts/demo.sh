#!/usr/bin/env bash
# demo.sh (run by `make demo`): the incident heapwatch is built around, and both of its fixes, in
# well under two minutes. demo_server runs under heapwatch (a dump every second, one directory per
# scenario under build/demo/) while idle HTTPS clients arrive, each making one request and then
# staying connected without a word, like the original clients that slept for a day:
#   A  no idle timeout     the live heap grows with every idle connection (and is not a leak)
#   B  --idle-timeout 5    the server closes idle connections; the heap returns to its baseline
#   C  --release-buffers   OpenSSL frees its record buffers while a connection is idle
# The verdict table at the end is computed by `heapwatch trend --json` from each scenario's dumps.
#   DEMO_CLIENTS   clients per scenario (default 300)
#   DEMO_INTERVAL  seconds between two clients (default 0.02)
#   DEMO_OUT       where the scenario directories go (default build/demo)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
out=${DEMO_OUT:-$build/demo}
heapwatch=$build/heapwatch
library=$build/libheapwatch.so
server=$build/demo_server
client=$build/demo_client
clients=${DEMO_CLIENTS:-300}
interval=${DEMO_INTERVAL:-0.02}
scenario_limit=60     # seconds; a scenario normally takes 10 to 15

for f in "$heapwatch" "$library" "$server" "$client"; do
    [ -x "$f" ] || [ -f "$f" ] || { echo "demo: $f is missing: run make all" >&2; exit 1; }
done

# Every process started here is stopped by its pid on the way out, whatever happens.
started=()
stop_started() {
    local pid
    for pid in ${started[@]+"${started[@]}"}; do kill -TERM "$pid" 2>/dev/null || true; done
}
trap stop_started EXIT
trap 'echo; echo "demo: interrupted" >&2; exit 130' INT TERM

die() { echo; echo "demo: $*" >&2; exit 1; }
relative() { echo "${1#"$root"/}"; }

# The polling below reads files with shell builtins only: it runs five times a second, and each
# $(...) would fork (bash 5.2 has been seen to lose track of its children when a busy machine
# reuses pids quickly).
now_ms() { now=$((${EPOCHREALTIME/./} / 1000)); }

# read_series: POINTS (dumps so far) and LIVE (live bytes at the newest) from the server's series
# file (docs/FORMAT.md).
read_series() {
    local kind seq time uptime reason live_bytes rest
    POINTS=0 LIVE=
    [ -e "$dir/heapwatch.$server_pid.series" ] || return 0
    while read -r kind seq time uptime reason live_bytes rest; do
        [ "$kind" = point ] && POINTS=$((POINTS + 1)) LIVE=$live_bytes
    done <"$dir/heapwatch.$server_pid.series"
}

# read_clients: IDLE and SERVER_CLOSED from the newest progress line of demo_client.
read_clients() {
    local line last=
    IDLE= SERVER_CLOSED=
    [ -e "$dir/clients.log" ] || return 0
    while IFS= read -r line; do last=$line; done <"$dir/clients.log"
    if [[ $last =~ idle\ ([0-9]+),\ closed\ by\ server\ ([0-9]+) ]]; then
        IDLE=${BASH_REMATCH[1]} SERVER_CLOSED=${BASH_REMATCH[2]}
    fi
}

# show_progress: one status line from the figures just read, rewritten in place on a terminal.
show_progress() {
    local counts=connecting heap=-
    [ -n "$IDLE" ] && counts="idle $IDLE/$clients, closed by the server $SERVER_CLOSED"
    [ -n "$LIVE" ] && printf -v heap '%d.%02d MiB' $((LIVE / 1048576)) $((LIVE % 1048576 * 100 / 1048576))
    printf -v line '   %3d.%d s   clients: %-40s live heap %s' $((elapsed_ms / 1000)) $((elapsed_ms % 1000 / 100)) \
        "$counts" "$heap"
    if [ -t 1 ]; then printf '\r%s\033[K' "$line"; else echo "$line"; fi
}

# run_scenario NAME DONE_WHEN SERVER_ARGS...: one scenario in $out/NAME. DONE_WHEN is `idle`
# (every client connected and idle) or `closed` (the server has closed every client).
run_scenario() {
    local name=$1 done_when=$2
    shift 2
    dir=$out/$name
    mkdir -p "$dir"

    (cd "$out" && HEAPWATCH_DIR=$dir HEAPWATCH_INTERVAL=1 LD_PRELOAD=$library \
        exec "$server" --port 0 "$@" 2>"$dir/server.log") &
    server_pid=$!
    started+=("$server_pid")
    local port
    port=$(wait_for_port "$server_pid" "$dir/server.log")
    local client_args=(--port "$port" --cafile "$out/demo_server-cert.pem")

    # One request first: OpenSSL keeps what its first handshake fetches, and the baseline (the
    # first dump) should hold it, so that "back to baseline" means back to no connection at all.
    "$client" "${client_args[@]}" -n 1 --interval 0 --hold 0.1 >"$dir/warmup.log" 2>&1 ||
        die "the warm-up request failed: $(cat "$dir/warmup.log")"
    read_series
    while [ "$POINTS" -lt 1 ]; do sleep 0.1; read_series; done

    "$client" "${client_args[@]}" -n "$clients" --interval "$interval" >"$dir/clients.log" 2>&1 &
    local client_pid=$!
    started+=("$client_pid")
    local now start_ms reached_at=0 tick=0 elapsed_ms
    now_ms
    start_ms=$now
    while :; do
        now_ms
        elapsed_ms=$((now - start_ms))
        read_series
        read_clients
        if [ $((tick % 10)) -eq 0 ] || [ -t 1 ]; then show_progress; fi
        tick=$((tick + 1))
        if [ "$reached_at" -eq 0 ]; then
            case $done_when in
                idle) [ "$IDLE" = "$clients" ] && reached_at=$POINTS ;;
                closed) kill -0 "$client_pid" 2>/dev/null || reached_at=$POINTS ;;
            esac
        fi
        # Two more dumps once there, so that the series shows where the heap settled.
        [ "$reached_at" -gt 0 ] && [ "$POINTS" -ge $((reached_at + 2)) ] && break
        [ "$elapsed_ms" -lt $((scenario_limit * 1000)) ] ||
            die "scenario $name did not settle within ${scenario_limit}s: $(tail -n 1 "$dir/clients.log")"
        sleep 0.2
    done
    [ -t 1 ] || show_progress
    [ -t 1 ] && echo

    # The analysis, while the idle clients (if any are left) are still connected.
    "$heapwatch" trend "$dir" --json >"$dir/trend.json"
    "$heapwatch" trend "$dir" -n 3 >"$dir/trend.txt"
    "$heapwatch" report "$dir" -o "$dir/report.html" >/dev/null
    # heapwatch's top three suspects: the figure, then the stack down to the OpenSSL site.
    sed -n 's/^  \(#[0-9]\)/   \1/p' "$dir/trend.txt" | sed 's/): /):\n        /'

    kill -TERM "$client_pid" 2>/dev/null || true
    wait "$client_pid" 2>/dev/null || true
    kill -TERM "$server_pid"
    wait "$server_pid" || die "demo_server exited with status $?: $(tail -n 3 "$dir/server.log")"
}

# wait_for_port PID LOG: waits for demo_server PID to say where it listens in LOG; prints the port.
wait_for_port() {
    local deadline=$((SECONDS + 10)) line
    while :; do
        if [ -e "$2" ]; then
            while IFS= read -r line; do
                if [[ $line =~ listening\ on\ https://[0-9.]+:([0-9]+)/ ]]; then
                    echo "${BASH_REMATCH[1]}"
                    return 0
                fi
            done <"$2"
        fi
        kill -0 "$1" 2>/dev/null || die "demo_server did not start: $(cat "$2")"
        [ $SECONDS -lt $deadline ] || die "demo_server did not start within 10 s"
        sleep 0.1
    done
}

# make_certificate: lets demo_server generate its self-signed certificate in $out, outside
# heapwatch, so that OpenSSL's caches from generating it do not sit in scenario A's baseline only.
make_certificate() {
    (cd "$out" && exec "$server" --port 0 2>"$out/certificate.log") &
    local pid=$!
    started+=("$pid")
    wait_for_port "$pid" "$out/certificate.log" >/dev/null
    kill -TERM "$pid"
    wait "$pid" || die "demo_server exited with status $? on SIGTERM"
}

rm -rf "$out"
mkdir -p "$out"
echo "heapwatch demo: demo_server (HTTPS on OpenSSL) under heapwatch, $clients idle clients per scenario,"
echo "one every ${interval}s; a heap dump every second into $(relative "$out")/{A,B,C}"
make_certificate
echo
echo "A  no idle timeout: every idle connection keeps its TLS state"
run_scenario A idle
echo
echo "B  --idle-timeout 5: the server closes connections idle for 5 s"
run_scenario B closed --idle-timeout 5
echo
echo "C  --release-buffers: OpenSSL frees the record buffers of idle connections"
run_scenario C idle --release-buffers
echo

python3 - "$out" <<'PY'
# The verdict table: every figure comes from `heapwatch trend --json` over a scenario's dumps.
import json, os, sys

out = sys.argv[1]
SCENARIOS = [("A", "no idle timeout"), ("B", "--idle-timeout 5"), ("C", "--release-buffers")]

def human(n):
    for unit, size in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if abs(n) >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n:.0f} B"

def culprit(stack):
    named = [f for f in stack["frames"] if not f.startswith("[")][:2]
    return " <- ".join(([stack["site"]] if stack.get("site") not in (None, "-") else []) + named)

rows = []
for name, title in SCENARIOS:
    proc = json.load(open(os.path.join(out, name, "trend.json")))["processes"][0]
    live = proc["live_bytes"]
    per_conn = proc["per_socket"]["slope"] if proc.get("per_socket") else float("nan")
    top = proc["stacks"][0] if proc["stacks"] else None
    rows.append((f"{name}  {title}", human(per_conn), culprit(top) if top else "-",
                 f"{human(live['first'])} -> {human(live['last'])} ({'+' if live['last'] >= live['first'] else '-'}"
                 f"{human(abs(live['last'] - live['first']))})"))

headers = ("scenario", "per idle connection", "top culprit (OpenSSL site <- stack)", "live heap: baseline -> end")
widths = [max(len(r[i]) for r in rows + [headers]) for i in range(4)]
print("Verdict (heapwatch trend --json over each scenario's dumps):")
for r in [headers] + rows:
    print("  " + "   ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
PY
echo
echo "Dumps: $(relative "$out")/{A,B,C}/heapwatch.*.txt; per scenario: trend.txt, trend.json and report.html"
echo "(open $(relative "$out")/A/report.html in a browser); the server's own log: server.log"
