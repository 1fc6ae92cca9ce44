#!/usr/bin/env bash
# Issue 2, test 6: after fork, parent and child each write their own dumps under their own pid,
# with exactly their own figures (the child inherits the parent's blocks and their stack ids), and
# the child's own interval timer fires while it sleeps. Then twenty forks taken while another
# thread allocates without pause and dumps run every 10 ms: every child must work and exit.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/core/dump_checks.sh"
source "$HW_ROOT/tests/core/runs.sh"
set -e

d=$HW_TMP/fork
status=0; out=$(hw_run "$d" HEAPWATCH_INTERVAL=0.2 "$HW_PROGS/core_fork") || status=$?
check_eq "$status" 0 "exit status (the child's, passed on by the parent)"
[[ $out =~ ^forked\ ([0-9]+)$ ]] || fail "unexpected stdout: $out"
child=${BASH_REMATCH[1]}
check_dumps "$d"
parent=$(pids_in "$d" | grep -vx "$child")
check_eq "$(echo "$parent" | wc -w)" 1 "pids other than the child's with dumps"
parent_final=$(final_dump "$d" "$parent")
child_final=$(final_dump "$d" "$child")

check_eq "$(header "$child_final" ppid)" "$parent" "ppid of the child"
check_eq "$(header "$(dumps_of "$d" "$child" | head -n 1)" seq)" 0 "seq of the child's first dump"
check_eq "$(series_point "$d/heapwatch.$child.series" 0 2)" 0 "first point of the child's series"
child_intervals=$(dumps_of "$d" "$child" | xargs grep -lE '^reason +interval$' | wc -l)
check_ge "$child_intervals" 3 "interval dumps of the child during its 1 s sleep (interval 0.2 s)"

expect_live "$parent_final" fork_parent_before 10000 10
expect_live "$parent_final" fork_parent_after 21000 7
no_live_stack "$parent_final" fork_child_after
expect_live "$child_final" fork_parent_before 7000 7
expect_live "$child_final" fork_child_after 10000 5
no_live_stack "$child_final" fork_parent_after
check_eq "$(stack_value "$child_final" fork_parent_before $F_ID)" \
    "$(stack_value "$parent_final" fork_parent_before $F_ID)" "id of the inherited stack in the child"

# Uptime counts from the fork in the child: it was forked 0.3 s after the parent started.
awk -v c="$(header "$child_final" uptime)" -v p="$(header "$parent_final" uptime)" \
    'BEGIN { exit !(c >= 0.9 && c < 3 && c + 0.2 < p) }' ||
    fail "uptime of the child's exit dump $(header "$child_final" uptime), of the parent's $(header "$parent_final" uptime)"

d=$HW_TMP/busy
status=0; out=$(hw_run_within 20 "$d" HEAPWATCH_INTERVAL=0.01 "$HW_PROGS/core_fork_busy") || status=$?
check_eq "$out" "children ok 20" "core_fork_busy's report"
check_eq "$status" 0 "exit status of core_fork_busy"
check_dumps "$d"
pids=$(pids_in "$d")
children=0
for pid in $pids; do
    f=$(final_dump "$d" "$pid")
    if echo "$pids" | grep -qx "$(header "$f" ppid)"; then
        expect_live "$f" busy_child_work 5000 50
        children=$((children + 1))
    fi
done
check_eq "$children" 20 "children with an exit dump"
