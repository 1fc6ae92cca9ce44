#!/usr/bin/env bash
# Runs every test of the project: each tests/<area>/test_*.sh is one test.
# A test exits 0 (passed), 77 (skipped, with its reason on the last line of its output) or
# anything else (failed). Each gets a fresh scratch directory in $HW_TMP and a time limit.
#   tests/run.sh                 all tests
#   tests/run.sh core openssl    only the areas (or test names) matching these words
# Ends with the line "N passed, M failed, K skipped" and exits non-zero if anything failed.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
export HW_ROOT=$root
export HW_BUILD=$root/build
export HW_LIB=$root/build/libheapwatch.so
export HW_BIN=$root/build/heapwatch
export HW_PROGS=$root/build/tests
limit=${HW_TEST_TIMEOUT:-300}

scratch=$(mktemp -d "${TMPDIR:-/tmp}/heapwatch-tests.XXXXXX")
logdir=$root/build/test-logs
rm -rf "$logdir"; mkdir -p "$logdir"

mapfile -t all < <(cd "$root" && ls tests/*/test_*.sh 2>/dev/null | sort)
selected=()
for t in "${all[@]}"; do
    if [ $# -eq 0 ]; then selected+=("$t"); continue; fi
    for word in "$@"; do
        case "$t" in *"$word"*) selected+=("$t"); break ;; esac
    done
done

passed=0 failed=0 skipped=0 failures=()
for t in "${selected[@]}"; do
    name=${t#tests/}; name=${name%.sh}
    export HW_TMP=$scratch/${name//\//_}
    mkdir -p "$HW_TMP"
    log=$logdir/${name//\//_}.log
    start=$EPOCHREALTIME
    (cd "$HW_TMP" && timeout -k 10 "$limit" bash "$root/$t") >"$log" 2>&1
    rc=$?
    secs=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
    case $rc in
        0)  passed=$((passed + 1)); printf 'PASS  %-40s %6ss\n' "$name" "$secs" ;;
        77) skipped=$((skipped + 1)); printf 'SKIP  %-40s %6ss  %s\n' "$name" "$secs" "$(tail -n 1 "$log")" ;;
        *)  failed=$((failed + 1)); failures+=("$name")
            [ $rc -eq 124 ] && echo "timed out after ${limit}s" >>"$log"
            printf 'FAIL  %-40s %6ss  (exit %d, log: %s)\n' "$name" "$secs" "$rc" "${log#$root/}"
            tail -n 15 "$log" | sed 's/^/      | /' ;;
    esac
done

rm -rf "$scratch"
[ ${#failures[@]} -gt 0 ] && printf 'failed: %s\n' "${failures[*]}"
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ] && [ $passed -gt 0 ]
