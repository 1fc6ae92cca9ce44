#!/usr/bin/env bash
# Issue 8: signals. (1) A SIGALRM handler calling malloc and free every 200 us while the main thread
# allocates: no deadlock, no crash, exact figures (3 s here, 10 s under `make stress`). (2) A program
# that blocks every signal and reads SIGUSR2 and SIGTERM from a signalfd gets every one of them:
# heapwatch's thread steals none and dumps on none. (3) The dump signal sent thousands of times a
# second: dumps coalesce, the program runs on and ends normally (HEAPWATCH_KEEP=20 prunes meanwhile).
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/core/dump_checks.sh"
source "$HW_ROOT/tests/core/runs.sh"
source "$HW_ROOT/tests/stress/common.sh"
set -e

seconds=$((STRESS_SCALE > 1 ? 10 : 3))
d=$HW_TMP/handler
status=0
within $((seconds + 20)) "$d" HEAPWATCH_INTERVAL=0.05 "$HW_PROGS/stress_signals" handler "$seconds" || status=$?
exact_run "$status" "$d"
note "$(head -n 1 "$HW_TMP/last.out")"

d=$HW_TMP/blocked
paused_start "$d" HEAPWATCH_INTERVAL=0.05 "$HW_PROGS/stress_signals" blocked
pid=$(paused_at blocked)
for i in 1 2 3; do
    kill -USR2 "$pid"
    check_eq "$(paused_at usr2)" "$pid" "SIGUSR2 number $i read from the program's signalfd"
done
sleep 0.3 # interval dumps go on meanwhile
kill -TERM "$pid"
status=0; paused_end || status=$?
check_eq "$status" 0 "exit status of the program blocking every signal"
check_dumps "$d"
check_eq "$(grep -lE '^reason +signal$' $(dumps_of "$d" "$pid") | wc -l)" 0 "dumps taken on a signal the program blocks"
check_ge "$(dumps_of "$d" "$pid" | wc -l)" 2 "interval and exit dumps of the program blocking every signal"
echo "$PAUSED_REST" >"$HW_TMP/last.out"
check_expectations "$HW_TMP/last.out" "$(final_dump "$d" "$pid")"

d=$HW_TMP/flood
seconds=$((STRESS_SCALE > 1 ? 10 : 2))
status=0
within $((seconds + 20)) "$d" HEAPWATCH_INTERVAL=0 HEAPWATCH_KEEP=20 "$HW_PROGS/stress_signals" flood "$seconds" || status=$?
exact_run "$status" "$d"
sent=$(awk '$1 == "signals" { print $2 }' "$HW_TMP/last.out")
check_ge "${sent:-0}" $((1000 * seconds)) "dump signals sent"
pid=$WITHIN_PID
dumps=$(awk '$1 == "point" && $5 == "signal"' "$d/heapwatch.$pid.series" | wc -l)
check_ge "$dumps" 1 "signal dumps during the flood"
note "$sent dump signals in $seconds s gave $dumps dumps"
