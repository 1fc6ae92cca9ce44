#!/usr/bin/env bash
# Real dump series: test programs with known behaviour run under `heapwatch run` (every 0.2 s), then
# read back. trend must rank the true culprit first with its slope within 5% of the truth, keep the big
# flat allocation behind it and call the transient peak a peak; top, diff and check agree on the
# exact figures.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/analyze/analyze_lib.sh"
[ -e "$HW_LIB" ] || skip "build/libheapwatch.so is missing (make all builds it)"
for prog in trend_mix trend_sockets; do
    [ -x "$HW_PROGS/$prog" ] || fail "$HW_PROGS/$prog is missing: run make test"
done

within_5_percent() { python3 -c 'import sys; got, want = map(float, sys.argv[1:]); sys.exit(abs(got - want) > 0.05 * want)' "$1" "$2"; }

# trend_mix: leaks 200000 B/s from leak_steadily, holds 4 MiB in load_table, bursts 8 MiB in burst.
"$HW_BIN" run --dir mix --interval 0.2 -- "$HW_PROGS/trend_mix" 3 || fail "trend_mix under heapwatch run failed"
"$HW" trend mix --json >mix.json || fail "trend mix"
P='d["processes"][0]'
check_eq "$(json mix.json "len(d['processes'])")" 1 "one process"
check_ge "$(json mix.json "$P['dumps']")" 10 "dumps every 0.2 s over 3 s"
check_eq "$(json mix.json "[(s['function'], s['verdict']) for s in $P['stacks'][:2]]")" \
    "[('leak_steadily', 'growing'), ('load_table', 'flat')]" "the leak first, then the big flat table"
slope=$(json mix.json "$P['stacks'][0]['per_second']['slope']")
within_5_percent "$slope" 200000 || fail "leak slope $slope B/s, truth 200000 B/s"
check_eq "$(json mix.json "[(s['verdict'], s['peak_bytes'], s['last_live_bytes']) for s in $P['stacks'] if s['function'] == 'burst']")" \
    "[('peak', 8388608, 0)]" "the burst is a peak"
"$HW" trend mix >mix.txt || fail "trend mix text"
grep -Eq '#1 grows .* per second \(R² (0\.9[0-9]{2}|1\.000), .*\): leak_steadily ← main' mix.txt || fail "leak sentence: $(cat mix.txt)"
grep -q 'a transient peak, not a leak: burst ← main' mix.txt || fail "peak sentence: $(cat mix.txt)"
note "$(grep '#1' mix.txt)"

# The same series through top, diff and check, against figures known exactly.
"$HW" top mix --by function --json >top.json || fail "top mix"
check_eq "$(json top.json "[r['live_bytes'] for r in d['rows'] if r['key'] == 'load_table']")" "[4194304]" "top: the table"
check_eq "$(json top.json "[r['live_bytes'] % 1000 for r in d['rows'] if r['key'] == 'leak_steadily']")" "[0]" "top: whole leak blocks"
pid=$(only_pid mix)
first=$(dumps_of mix "$pid" | head -n 1) last=$(dumps_of mix "$pid" | tail -n 1)
"$HW" diff "$first" "$last" --json >diff.json || fail "diff mix"
check_eq "$(json diff.json "[(s['status'], s['delta_bytes']) for s in d['stacks'] if s['function'] == 'load_table']")" \
    "[('same', 0)]" "diff: the table did not change"
"$HW" check mix --max-growth 64M >/dev/null || fail "check must pass with a generous limit"
"$HW" check mix --max-growth 100K >check.txt && fail "check must fail: the leak grows ~550 KiB"
grep -q '^FAIL pid [0-9]*: stack #[0-9]* grew .*: leak_steadily ← main' check.txt || fail "check names the leak: $(cat check.txt)"
check_eq "$(grep -c '^FAIL' check.txt)" 1 "only the leak fails the gate"

# trend_sockets: 37888 bytes per open socket from attach_session, in stairs over time.
"$HW_BIN" run --dir sock --interval 0.2 -- "$HW_PROGS/trend_sockets" || fail "trend_sockets under heapwatch run failed"
"$HW" trend sock --json >sock.json || fail "trend sock"
check_eq "$(json sock.json "$P['stacks'][0]['function'], $P['stacks'][0]['verdict'], $P['stacks'][0]['basis']")" \
    "('attach_session', 'growing', 'socket')" "per-socket growth ranked first"
slope=$(json sock.json "$P['stacks'][0]['per_socket']['slope']")
within_5_percent "$slope" 37888 || fail "per-socket slope $slope, truth 37888"
slope=$(json sock.json "$P['per_socket']['slope']")
within_5_percent "$slope" 37888 || fail "whole-heap per-socket slope $slope, truth 37888"
# The first dump may come after the first step on a loaded machine; the last one sees all 7 steps.
check_eq "$(json sock.json "$P['sockets']['first'] % 4, $P['sockets']['last']")" "(0, 28)" "sockets first and last"
"$HW" trend sock | grep -q '#1 grows 3[6-8]\.[0-9][0-9] KiB per open socket (R² ' || fail "socket sentence"
echo "trend on real series: culprits first, slopes within 5%, the peak named a peak"
