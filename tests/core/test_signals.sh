#!/usr/bin/env bash
# Issue 2, test 7: dumps come on time. The dump signal (default SIGUSR2, or HEAPWATCH_SIGNAL by
# name or number) gives a dump within 1 s, every time it is sent; the exit dump is marked final;
# a program that sleeps and never allocates still gets its interval dumps on schedule; and
# HEAPWATCH_KEEP=3 keeps only the newest 3 dump files while the series keeps every point; and a
# program with its own SIGUSR2 handler gets every SIGUSR2 as without heapwatch.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/core/dump_checks.sh"
source "$HW_ROOT/tests/core/runs.sh"
set -e

for variant in USR2: RTMIN+5:HEAPWATCH_SIGNAL=RTMIN+5 USR1:HEAPWATCH_SIGNAL=10; do
    signal=${variant%%:*} setting=${variant#*:}
    d=$HW_TMP/signal-$signal
    paused_start "$d" HEAPWATCH_INTERVAL=0 ${setting:+"$setting"} "$HW_PROGS/core_idle"
    pid=$(paused_at idle)
    for seq in 0 1; do
        dump=$(signal_dump "$d" "$pid" $seq "$signal")
        check_eq "$(header "$dump" reason)" signal "reason of dump $seq on SIG$signal"
        check_eq "$(header "$dump" final)" 0 "final flag of dump $seq on SIG$signal"
    done
    paused_resume
    status=0; paused_end || status=$?
    check_eq "$status" 0 "exit status with SIG$signal as the dump signal"
    final=$(final_dump "$d" "$pid")
    check_eq "$final" "$(dump_path "$d" "$pid" 2)" "the exit dump follows the two signal dumps"
    check_eq "$(header "$final" reason)" exit "reason of the exit dump"
    check_dumps "$d"
done

# Idle for 1.7 s with a 0.3 s interval: dumps near uptime 0.3, 0.6, 0.9, 1.2, 1.5, then at exit.
d=$HW_TMP/idle
hw_run "$d" HEAPWATCH_INTERVAL=0.3 "$HW_PROGS/core_idle" 1.7 >/dev/null
check_dumps "$d"
pid=$(only_pid "$d")
uptimes=$(for f in $(dumps_of "$d" "$pid"); do
    [ "$(header "$f" reason)" = interval ] && header "$f" uptime; done | tr '\n' ' ')
note "interval dump uptimes: $uptimes"
awk -v list="$uptimes" 'BEGIN {
    n = split(list, u, " ")
    if (n < 4 || n > 6) { print n " interval dumps in 1.7 s, expected 5"; exit 1 }
    if (u[1] < 0.2 || u[1] > 0.5) { print "first interval dump at uptime " u[1]; exit 1 }
    for (i = 2; i <= n; i++)
        if (u[i] - u[i - 1] < 0.2 || u[i] - u[i - 1] > 0.45) { print "interval dumps " u[i] - u[i - 1] " s apart"; exit 1 }
}' >"$HW_TMP/why" || fail "idle program: $(cat "$HW_TMP/why")"
check_eq "$(header "$(final_dump "$d" "$pid")" interval | awk '{ print $1 * 1000 }')" 300 "interval header (ms)"
fds=$(for f in $(dumps_of "$d" "$pid"); do header "$f" fds; done | sort -u | tr '\n' ' ')
check_eq "$fds" "$(header "$(final_dump "$d" "$pid")" fds) " "open descriptors in every dump of an idle program (a leak grows them)"

# HEAPWATCH_KEEP=3 with a dump every 0.1 s for 1 s.
d=$HW_TMP/keep
hw_run "$d" HEAPWATCH_KEEP=3 HEAPWATCH_INTERVAL=0.1 "$HW_PROGS/core_idle" 1.0 >/dev/null
check_dumps "$d"
pid=$(only_pid "$d")
last=$(header "$(final_dump "$d" "$pid")" seq)
check_ge "$last" 7 "seq of the exit dump after about 10 interval dumps"
check_eq "$(dumps_of "$d" "$pid" | xargs -n 1 basename | tr '\n' ' ')" \
    "$(for s in $((last - 2)) $((last - 1)) $last; do basename "$(dump_path "$d" "$pid" $s)"; done | tr '\n' ' ')" \
    "dump files kept"
series=$d/heapwatch.$pid.series
check_eq "$(series_points "$series")" $((last + 1)) "series points (never pruned)"
check_eq "$(series_point "$series" "$last" 5)" exit "reason of the last series point"

same_as_without own-handler "$HW_TMP/own-handler" HEAPWATCH_INTERVAL=0 "$HW_PROGS/core_own_handler"
check_eq "$(cat own-handler.hw.out)" "received 5" "the program's own SIGUSR2 handler under heapwatch"
