#!/usr/bin/env bash
# `make stress`: the stress suite of tests/stress/ at a heavier load than in `make test`
# (HW_STRESS_SCALE, default 5: five times the threads, forks, blocks and rounds, and 10 s instead
# of 3 s of signal-handler allocation), bounded to 10 minutes as a whole.
#   tests/stress/run-long.sh            every stress test, scale 5
#   HW_STRESS_SCALE=10 tests/stress/run-long.sh signals
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
export HW_STRESS_SCALE=${HW_STRESS_SCALE:-5}
words=("$@")
[ ${#words[@]} -gt 0 ] || words=(stress/)
timeout -k 10 600 "$root/tests/run.sh" "${words[@]}"
status=$?
[ $status -ne 124 ] || echo "stress: stopped after 10 minutes"
exit $status
