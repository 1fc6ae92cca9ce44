#!/bin/bash
# bench/run.sh: `make bench`. Runs every bench workload (build/bench/NAME from bench/workloads/)
# at each thread count plain, under heapwatch tracking everything, under heapwatch sampling, and
# under heaptrack, interleaved round by round so that all modes see the same machine, and
# prints the table of bench/report.awk (also written to build/bench/results.txt). A mode that
# cannot run (library not built, heaptrack not installed) shows n/a; a run that crashes, times
# out, prints a wrong checksum or leaves no profile is reported as a failure and the bench goes
# on. Ends with the dump-pause measurement (bench/dump_pause.sh) and the demo server's throughput
# under wrk (bench/server_load.sh).
#
# Settings (environment):
#   BENCH_RUNS=5          rounds; each round runs every workload once in every mode
#   BENCH_THREADS="1 2"   thread counts
#   BENCH_ONLY="a b"      only these workloads (default: all)
#   BENCH_SAMPLE=524288   HEAPWATCH_SAMPLE of the sampling mode
#   BENCH_TIMEOUT=60      seconds before a single run is killed and counted as failed
#   BENCH_MEMORY_MB=2048  address-space limit of a single run (0: none); heaptrack's interpreter
#                         otherwise grows past 18 GiB on deep_mix before it gives up
#   BENCH_DUMP_PAUSE=1    0 skips the dump-pause measurement
#   BENCH_SERVER=1        0 skips the demo server's throughput under wrk (bench/server_load.sh)
#   BENCH_MODES="plain hw-full hw-sample heaptrack"
#                         the modes to run (plain is always run: every ratio is to it); with
#                         BENCH_BASE_LIB set, base-full and base-sample by default too
#   BENCH_BASE_LIB=FILE   another build of libheapwatch.so, for measuring what a change buys in
#                         one interleaved run, e.g. of the previous commit:
#                           git worktree add /tmp/base HEAD~1 && make -C /tmp/base build/libheapwatch.so
#                           BENCH_BASE_LIB=/tmp/base/build/libheapwatch.so \
#                           BENCH_MODES="hw-full base-full hw-sample base-sample" BENCH_SERVER=0 make bench
#                         (report.awk states issue 7's targets for the hw- modes only)
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
bench_dir=$root/build/bench
lib=$root/build/libheapwatch.so
measure=$bench_dir/measure
raw=$bench_dir/raw.txt
results=$bench_dir/results.txt

runs=${BENCH_RUNS:-5}
thread_counts=${BENCH_THREADS:-1 2}
sample=${BENCH_SAMPLE:-524288}
timeout=${BENCH_TIMEOUT:-60}
memory_mb=${BENCH_MEMORY_MB:-2048}

die() { echo "bench: $*" >&2; exit 1; }
all_modes=" plain hw-full hw-sample heaptrack base-full base-sample "
base_lib=${BENCH_BASE_LIB:-}
default_modes="plain hw-full hw-sample heaptrack${base_lib:+ base-full base-sample}"
modes=(plain)
for mode in ${BENCH_MODES:-$default_modes}; do
    [[ $all_modes == *" $mode "* ]] || die "BENCH_MODES: unknown mode '$mode' (known:$all_modes)"
    [ "$mode" = plain ] || modes+=("$mode")
done

[ -x "$measure" ] || die "$measure is missing: run 'make bench'"
require_number() {
    case $2 in '' | *[!0-9]*) die "$1 must be a whole number, not '$2'" ;; esac
}
require_number BENCH_RUNS "$runs"
require_number BENCH_SAMPLE "$sample"
require_number BENCH_TIMEOUT "$timeout"
require_number BENCH_MEMORY_MB "$memory_mb"
if [ "$runs" -eq 0 ] || [ "$timeout" -eq 0 ]; then
    die "BENCH_RUNS and BENCH_TIMEOUT must be above 0"
fi

workloads=()
for src in "$root"/bench/workloads/*.c; do
    name=$(basename "$src" .c)
    if [ -n "${BENCH_ONLY:-}" ] && ! [[ " $BENCH_ONLY " == *" $name "* ]]; then
        continue
    fi
    [ -x "$bench_dir/$name" ] || die "$bench_dir/$name is missing: run 'make bench'"
    workloads+=("$name")
done
[ ${#workloads[@]} -gt 0 ] || die "no workload matches BENCH_ONLY='${BENCH_ONLY:-}'"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/heapwatch-bench.XXXXXX") || die "cannot create a scratch directory"
trap 'rm -rf "$scratch"' EXIT

# Why a mode cannot run at all, or nothing when it can.
why_absent() {
    case $1 in
        hw-*) [ -f "$lib" ] || echo "build/libheapwatch.so not built" ;;
        base-*) [ -n "$base_lib" ] && [ -f "$base_lib" ] || echo "BENCH_BASE_LIB is not a file: '$base_lib'" ;;
        heaptrack) command -v heaptrack >/dev/null || echo "heaptrack not installed (scripts/install-deps.sh --bench)" ;;
    esac
}

# The command line of one run, into the array `cmd`: measure's options, then the command.
# heapwatch's settings go through measure -E, so a profiled run execs the program directly, as
# the plain run does, instead of paying one more exec for env(1).
command_for() {
    local mode=$1 bin=$2 threads=$3 dir=$4
    local preload=$lib
    [[ $mode == base-* ]] && preload=$base_lib
    local heapwatch=(-E LD_PRELOAD="$preload" -E HEAPWATCH_DIR="$dir/dumps" -E HEAPWATCH_INTERVAL=1)
    case $mode in
        plain) cmd=(-- "$bin" "$threads") ;;
        hw-full | base-full) cmd=("${heapwatch[@]}" -- "$bin" "$threads") ;;
        hw-sample | base-sample) cmd=("${heapwatch[@]}" -E HEAPWATCH_SAMPLE="$sample" -- "$bin" "$threads") ;;
        heaptrack) cmd=(-- heaptrack -o "$dir/heaptrack" "$bin" "$threads") ;;
    esac
}

# Turns a clean exit into a failure when the run's output is wrong: another checksum than the
# plain warm-up run printed, or no profile although the profiler was supposedly on.
verify() {
    local mode=$1 status=$2 dir=$3 expected=$4
    [ "$status" = ok ] || { echo "$status"; return; }
    if [ "$(grep -m1 '^checksum ' "$dir/stdout")" != "$expected" ]; then
        echo wrong-checksum
    elif [[ $mode == hw-* || $mode == base-* ]] && ! grep -qs '^final 1$' "$dir"/dumps/heapwatch.*.txt; then
        echo no-final-dump
    elif [ "$mode" = heaptrack ] && ! compgen -G "$dir/heaptrack.*" >/dev/null; then
        echo no-heaptrack-file
    else
        echo ok
    fi
}

# run_one WORKLOAD THREADS MODE ROUND EXPECTED_CHECKSUM: one measured run, appended to $raw.
run_one() {
    local workload=$1 threads=$2 mode=$3 round=$4 expected=$5
    local dir=$scratch/run wall rss status
    rm -rf "$dir"
    mkdir -p "$dir/dumps"
    command_for "$mode" "$bench_dir/$workload" "$threads" "$dir"
    read -r wall rss status < <(cd "$dir" && "$measure" -t "$timeout" -m "$memory_mb" \
                                    -o "$dir/stdout" -e "$dir/stderr" "${cmd[@]}")
    status=$(verify "$mode" "${status:-measure-failed}" "$dir" "$expected")
    echo "run $workload $threads $mode $round ${wall:-0} ${rss:-0} $status" >>"$raw"
    if [ "$status" != ok ]; then
        echo "failure $workload $threads $mode $round $status $(grep -m1 . "$dir/stderr" 2>/dev/null | cut -c1-160)" >>"$raw"
        echo "bench: $workload/$threads $mode round $round: $status" >&2
    fi
}

: >"$raw"
available=()
for mode in "${modes[@]}"; do
    echo "mode $mode" >>"$raw"
    reason=$(why_absent "$mode")
    if [ -n "$reason" ]; then
        echo "absent $mode $reason" >>"$raw"
        echo "bench: $mode: n/a, $reason" >&2
    else
        available+=("$mode")
    fi
done

# Warm-up: one plain run per workload and thread count, which also gives the checksum every
# measured run must print. A workload that fails here is broken, not slow: it is left out.
declare -A expected
configs=()
for workload in "${workloads[@]}"; do
    for threads in $thread_counts; do
        if out=$("$measure" -t "$timeout" -m "$memory_mb" -o "$scratch/warmup" -- "$bench_dir/$workload" "$threads") &&
            [ "${out##* }" = ok ]; then
            expected[$workload/$threads]=$(grep -m1 '^checksum ' "$scratch/warmup")
            configs+=("$workload/$threads")
        else
            echo "failure $workload $threads plain 0 warm-up:${out##* } workload left out" >>"$raw"
            echo "bench: $workload $threads fails without any profiler (${out##* }); left out" >&2
        fi
    done
done

started=$SECONDS
for ((round = 1; round <= runs; round++)); do
    echo "bench: round $round/$runs (${#configs[@]} workload runs x ${#available[@]} modes, $((SECONDS - started)) s so far)" >&2
    for config in "${configs[@]}"; do
        # Rotate the order of the modes from round to round so none always runs first.
        for ((i = 0; i < ${#available[@]}; i++)); do
            mode=${available[$(((i + round) % ${#available[@]}))]}
            run_one "${config%/*}" "${config#*/}" "$mode" "$round" "${expected[$config]}"
        done
    done
done
echo "bench: measured in $((SECONDS - started)) s" >&2

awk -f "$root/bench/report.awk" "$raw" >"$results"
if [ "${BENCH_DUMP_PAUSE:-1}" != 0 ]; then
    echo "bench: dump pause measurement" >&2
    { echo; "$root/bench/dump_pause.sh"; } >>"$results"
fi
if [ "${BENCH_SERVER:-1}" != 0 ]; then
    echo "bench: demo server under wrk" >&2
    { echo; "$root/bench/server_load.sh"; } >>"$results"
fi
cat "$results"
