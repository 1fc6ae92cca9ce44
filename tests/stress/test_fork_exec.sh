#!/usr/bin/env bash
# Issue 8: fork, vfork and exec. (1) A fork storm while three threads allocate and dumps run every
# 10 ms: children (some threaded, some forking again) never deadlock and each dumps exactly its own
# blocks. (2) vfork + exec and posix_spawn: every exec'd image dumps under its own pid. (3) exec from
# a non-main thread while others allocate: the new image goes on under the same pid with the next
# dump numbers. (4) A double-forked setsid daemon that closes every descriptor and chdirs to /
# still writes its dumps, mode 0600 despite umask 0.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/core/dump_checks.sh"
source "$HW_ROOT/tests/core/runs.sh"
source "$HW_ROOT/tests/stress/common.sh"
set -e

# expect_final DIR PID FUNCTION BYTES BLOCKS: PID's exit dump holds exactly that for FUNCTION.
expect_final() {
    check_eq "$(live_total "$(final_dump "$1" "$2")" "$3")" "$4 $5" "live $3 (bytes blocks) in the exit dump of pid $2"
}

# others DIR PID: the pids with dumps in DIR other than PID.
others() { pids_in "$1" | grep -vx "$2" || true; }

n=$((60 * STRESS_SCALE))
d=$HW_TMP/storm
status=0
within $((30 * STRESS_SCALE)) "$d" HEAPWATCH_INTERVAL=0.01 "$HW_PROGS/stress_fork" storm "$n" || status=$?
check_eq "$(cat "$HW_TMP/last.out")" "children ok $n" "report of the fork storm"
check_eq "$status" 0 "exit status of the fork storm"
no_warnings "$HW_TMP/last.err"
check_dumps "$d"
parent=$(pids_in "$d" | head -n 1)
for pid in $(pids_in "$d"); do
    [ "$(header "$(final_dump "$d" "$pid")" ppid)" = "$(header "$(final_dump "$d" "$pid")" pid)" ] && continue
    grep -q '^cmdline .* storm ' "$(final_dump "$d" "$pid")" || fail "pid $pid dumped something other than the storm"
done
forked=0
for pid in $(pids_in "$d"); do
    f=$(final_dump "$d" "$pid")
    [ "$(live_total "$f" fork_child_work)" = "0 0" ] && { parent=$pid; continue; }
    expect_final "$d" "$pid" fork_child_work 5000 50
    forked=$((forked + 1))
done
check_eq "$forked" $((n + (n + 3) / 4)) "children and grandchildren with an exact exit dump"

n=$((10 * STRESS_SCALE))
d=$HW_TMP/spawn
status=0
within 30 "$d" HEAPWATCH_INTERVAL=0.05 "$HW_PROGS/stress_fork" spawn "$n" || status=$?
check_eq "$(cat "$HW_TMP/last.out")" "spawned ok $((2 * n))" "report of vfork + exec and posix_spawn"
check_eq "$status" 0 "exit status after vfork + exec and posix_spawn"
no_warnings "$HW_TMP/last.err"
check_dumps "$d"
targets=0
for pid in $(pids_in "$d"); do
    [ "$(live_total "$(final_dump "$d" "$pid")" exec_target_work)" = "0 0" ] && continue
    expect_final "$d" "$pid" exec_target_work 24680 20
    targets=$((targets + 1))
done
check_eq "$targets" $((2 * n)) "exec'd images with an exact exit dump"

d=$HW_TMP/exec
status=0
within 20 "$d" HEAPWATCH_INTERVAL=0.03 "$HW_PROGS/stress_fork" exec || status=$?
check_eq "$status" 0 "exit status of the image exec'd from a thread"
no_warnings "$HW_TMP/last.err"
check_dumps "$d"
pid=$(only_pid "$d")
final=$(final_dump "$d" "$pid")
expect_final "$d" "$pid" exec_target_work 24680 20
grep -q '^cmdline .*stress_fork target$' "$final" || fail "the exit dump is not the exec'd image's: $(grep '^cmdline' "$final")"
last=$(header "$final" seq)
check_ge "$last" 2 "seq of the exec'd image's exit dump (after the first image's interval dumps)"
check_eq "$(dumps_of "$d" "$pid" | wc -l)" $((last + 1)) "dump files of the pid across the exec (seq 0..$last, none reused)"

d=$HW_TMP/daemon
mkdir -p "$HW_TMP/run"
status=0
within 10 "$d" HEAPWATCH_INTERVAL=0.1 "$HW_PROGS/stress_fork" daemon "$HW_TMP/run" || status=$?
check_eq "$status" 0 "exit status of the process that started the daemon"
wait_for 5 test -s "$HW_TMP/run/daemon.pid"
daemon=$(cat "$HW_TMP/run/daemon.pid")
wait_for 5 eval "! kill -0 $daemon"
check_dumps "$d"
expect_final "$d" "$daemon" daemon_work 28672 7
check_ge "$(dumps_of "$d" "$daemon" | wc -l)" 2 "dumps of the daemon (interval and exit)"
