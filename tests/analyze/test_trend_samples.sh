#!/usr/bin/env bash
# heapwatch trend on the hand-written series (5 dumps, 1 s apart, one more socket each): #7 gains
# 16640 bytes per socket, #3 holds 100 KiB flat, #12 peaks at 64 KiB and returns to 0, #20 is tiny.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/analyze/analyze_lib.sh"
S=$DATA/series

"$HW" trend "$S" --json >trend.json || fail "trend failed"
P='d["processes"][0]'
check_eq "$(json trend.json "len(d['processes']), $P['pid'], $P['dumps'], $P['source'], $P['time_span']")" \
    "(1, 4242, 5, 'series', 4)" "process"
check_eq "$(json trend.json "tuple($P['live_bytes'].values()), tuple($P['sockets'].values())")" \
    "((119140, 185700, 119140, 201316), (1, 5, 1, 5))" "live bytes and sockets: first, last, min, max"
check_eq "$(json trend.json "[(s['id'], s['verdict'], s['basis']) for s in $P['stacks']]")" \
    "[(7, 'growing', 'socket'), (3, 'flat', None), (20, 'flat', None), (12, 'peak', None)]" "ranking"
check_eq "$(json trend.json "[(s['per_socket']['slope'], s['per_socket']['r2'], s['per_second']['slope'], s['growth_bytes'], s['site']) for s in $P['stacks'][:1]][0]")" \
    "(16640, 1, 16640, 66560, 'ssl/record/ssl3_buffer.c:88')" "fits of #7"
check_eq "$(json trend.json "[(s['peak_bytes'], s['last_live_bytes']) for s in $P['stacks'] if s['id'] == 12][0]")" \
    "(65536, 0)" "the peak"

"$HW" trend "$S" >trend.txt || fail "trend text failed"
grep -qF '#1 grows 16.25 KiB per open socket (R² 1.000, +65.00 KiB over 4.0 s): ssl3_setup_read_buffer ← ssl3_read_n ← SSL_read ← handle_client ← main [OpenSSL ssl/record/ssl3_buffer.c:88]' trend.txt ||
    fail "growth sentence: $(cat trend.txt)"
grep -qF '#2 holds 100.00 KiB, not growing (+0 B over 4.0 s): load_config ← main' trend.txt || fail "flat sentence: $(cat trend.txt)"
grep -qF '#4 peaked at 64.00 KiB (highest seen at 2.0 s), now 0 B: a transient peak, not a leak: _ZN7SessionC1Ev ← handle_client ← main' trend.txt ||
    fail "peak sentence: $(cat trend.txt)"

# Without the series file the process figures come from the dumps themselves.
mkdir noseries && cp "$S"/*.txt noseries/
"$HW" trend noseries --json -n 1 >trend.json || fail "trend without series failed"
check_eq "$(json trend.json "$P['source'], len($P['stacks']), $P['live_bytes']['last']")" "('dumps', 1, 185700)" "from dumps"
# After HEAPWATCH_KEEP pruning, the series file still covers the whole run.
mkdir pruned && cp "$S"/* pruned/ && rm pruned/heapwatch.4242.00000[01].txt
"$HW" trend pruned --json >trend.json || fail "trend on a pruned series failed"
check_eq "$(json trend.json "$P['dumps'], $P['points'], $P['first_seq'], $P['live_bytes']['first']")" "(3, 5, 2, 119140)" "pruned"
echo "trend: verdicts, slopes and sentences exact"
