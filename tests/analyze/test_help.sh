#!/usr/bin/env bash
# Every subcommand answers --help on stdout with exit 0; no subcommand, or an unknown one, is a usage
# error (exit 2) with one line or the usage on stderr.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/analyze/analyze_lib.sh"

for sub in run top diff trend flame pprof check; do
    "$HW" "$sub" --help >help.txt 2>err.txt || fail "$sub --help: exit $?"
    grep -q "^usage: heapwatch $sub" help.txt || fail "$sub --help: $(head -n 2 help.txt)"
    [ ! -s err.txt ] || fail "$sub --help wrote on stderr: $(cat err.txt)"
done
"$HW" --help | grep -q '^usage: heapwatch SUBCOMMAND' || fail "heapwatch --help"
"$HW" >/dev/null 2>err.txt
check_eq "$?" 2 "no subcommand"
grep -q '^usage: heapwatch SUBCOMMAND' err.txt || fail "usage on stderr: $(cat err.txt)"
expect_error "unknown subcommand 'leaks'" "$HW" leaks
echo "help: every subcommand"
