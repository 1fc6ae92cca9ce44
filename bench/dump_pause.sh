#!/bin/bash
# bench/dump_pause.sh: the dump-pause measurement of issue 7. Runs build/bench/dump_pause (1M
# live blocks from 100k distinct stacks, a dump requested with SIGUSR2 every 250 ms) once plain
# and once under heapwatch, and prints the longest malloc each saw next to the library's own
# dump_pause_max_us from its final dump. The plain run is the floor: page faults and preemption
# on a busy machine, not dumps. Called by bench/run.sh; runs alone too.
#
# Settings (environment): BENCH_PAUSE_THREADS (default: the number of cores, at most 8),
# BENCH_PAUSE_SECONDS (default 3), BENCH_TIMEOUT (default 60).
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
bench_dir=$root/build/bench
lib=$root/build/libheapwatch.so
cores=$(nproc)
threads=${BENCH_PAUSE_THREADS:-$((cores < 8 ? cores : 8))}
seconds=${BENCH_PAUSE_SECONDS:-3}
timeout=${BENCH_TIMEOUT:-60}

if ! [ -x "$bench_dir/dump_pause" ] || ! [ -x "$bench_dir/measure" ]; then
    echo "dump_pause.sh: build/bench is incomplete: run 'make bench'" >&2
    exit 1
fi
scratch=$(mktemp -d "${TMPDIR:-/tmp}/heapwatch-pause.XXXXXX") || exit 1
trap 'rm -rf "$scratch"' EXIT

# measure_pause MODE [-E VAR=VALUE]... -- CMD...: one run, printed as a row of the table.
measure_pause() {
    local mode=$1 wall rss status pause=-
    shift
    read -r wall rss status < <("$bench_dir/measure" -t "$timeout" -o "$scratch/$mode.out" \
                                -e "$scratch/$mode.err" "$@")
    if [ "$status" != ok ]; then
        printf "  %-8s %s %s\n" "$mode" "${status:-measure-failed}" "$(grep -m1 . "$scratch/$mode.err")"
        return
    fi
    if [ "$mode" != plain ]; then
        local final
        final=$(grep -ls '^final 1$' "$scratch"/dumps/heapwatch.*.txt | head -n 1)
        pause=$(awk '$1 == "dump_pause_max_us" { v = $2 } END { print v == "" ? "?" : v }' "${final:-/dev/null}")
    fi
    # The program's line is `malloc_max_us N over_100us N over_1ms N mallocs N dump_requests N`.
    awk -v mode="$mode" -v pause="$pause" -v wall="$wall" -v rss="$rss" '
        $1 == "malloc_max_us" {
            printf "  %-8s %13s %10s %9s %10s %6s %17s %7.2fs %8.1fMiB\n",
                   mode, $2, $4, $6, $8, $10, pause, wall, rss / 1024
        }' "$scratch/$mode.out"
}

echo "dump pause: $threads allocating thread(s), 1M live blocks, 100k stacks, a dump every 250 ms for ${seconds} s"
printf "  %-8s %13s %10s %9s %10s %6s %17s %8s %11s\n" mode malloc_max_us over_100us over_1ms \
       mallocs dumps dump_pause_max_us wall peak_rss
measure_pause plain -- "$bench_dir/dump_pause" "$threads" "$seconds"
if [ -f "$lib" ]; then
    mkdir -p "$scratch/dumps"
    measure_pause hw-full -E LD_PRELOAD="$lib" -E HEAPWATCH_DIR="$scratch/dumps" -E HEAPWATCH_INTERVAL=0 \
        -- "$bench_dir/dump_pause" "$threads" "$seconds"
else
    printf "  %-8s n/a: build/libheapwatch.so not built\n" hw-full
fi
