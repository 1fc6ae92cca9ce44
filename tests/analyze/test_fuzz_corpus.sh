#!/usr/bin/env bash
# Replays every file of tests/analyze/corpus (bad inputs and crashers found by `make fuzz`) and the
# sample dumps through the dump and series parsers, built with the address and undefined-behaviour
# sanitizers.
source "$HW_ROOT/tests/lib.sh"
replay=$HW_BUILD/analyze/fuzz-replay
[ -x "$replay" ] || fail "$replay is missing: run make test"
corpus=("$HW_ROOT"/tests/analyze/corpus/* "$HW_ROOT"/tests/analyze/data/*.txt "$HW_ROOT"/tests/analyze/data/series/*)
ASAN_OPTIONS=detect_leaks=1 "$replay" "${corpus[@]}" >replay.txt 2>&1 || fail "replay crashed: $(tail -n 20 replay.txt)"
check_eq "$(cat replay.txt)" "replayed ${#corpus[@]} inputs" "replayed everything"
echo "corpus: ${#corpus[@]} inputs parsed without sanitizer reports"
