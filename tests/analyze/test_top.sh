#!/usr/bin/env bash
# heapwatch top on a hand-written dump (tests/analyze/data/basic.txt): every grouping and sort order
# with the exact figures the dump holds.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/analyze/analyze_lib.sh"

top_json() { "$HW" top "$DATA/basic.txt" --json "$@" >top.json || fail "top $* failed"; }

top_json
check_eq "$(json top.json 'd["live_bytes"], d["total"], len(d["rows"])')" "(139936, 139936, 3)" "by stack: totals"
check_eq "$(json top.json '[(r["id"], r["flat"], r["live_blocks"]) for r in d["rows"]]')" \
    "[(3, 102400, 1), (7, 33280, 2), (12, 4096, 16)]" "by stack: rows"
check_eq "$(json top.json 'd["rows"][1]["function"], d["rows"][1]["site"], d["rows"][1]["frames"][:3]')" \
    "('ssl3_setup_read_buffer', 'ssl/record/ssl3_buffer.c:88', ['ssl3_setup_read_buffer', 'ssl3_read_n', 'SSL_read'])" \
    "by stack: the allocating function skips CRYPTO_zalloc"
check_eq "$(json top.json '"%.2f %.2f" % (d["rows"][1]["flat_pct"], d["rows"][1]["sum_pct"])')" "23.78 96.96" "flat% and sum%"
check_eq "$(json top.json '(d["not_itemized"]["stacks"], d["not_itemized"]["live_bytes"], d["not_itemized"]["live_blocks"])')" \
    "(2, 160, 4)" "rest"

top_json --by function
check_eq "$(json top.json '[(r["key"], r["flat"]) for r in d["rows"]]')" \
    "[('load_config', 102400), ('ssl3_setup_read_buffer', 33280), ('_ZN7SessionC1Ev', 4096)]" \
    "by function (operator new and CRYPTO_zalloc skipped)"

top_json --by module
check_eq "$(json top.json '[(r["key"], r["flat"], r["stacks"]) for r in d["rows"]]')" \
    "[('demo server', 106496, 2), ('libssl.so.3', 33280, 1)]" "by module (escaped space decoded)"

top_json --by site
check_eq "$(json top.json '[(r["key"], r["flat"], r["live_blocks"]) for r in d["rows"]], d["total"]')" \
    "([('ssl/record/ssl3_buffer.c:88', 33280, 2)], 33280)" "by site"

top_json --sort count
check_eq "$(json top.json '[(r["id"], r["flat"]) for r in d["rows"]]')" "[(12, 16), (7, 2), (3, 1)]" "sort by count"
top_json --sort alloc
check_eq "$(json top.json '[(r["id"], r["flat"]) for r in d["rows"]], d["total"]')" \
    "([(3, 102400), (7, 66560), (12, 8192)], 177312)" "sort by alloc"
top_json --sort peak -n 2
check_eq "$(json top.json '[(r["id"], r["flat"]) for r in d["rows"]]')" "[(3, 102400), (7, 49920)]" "sort by peak, -n 2"

# A directory means its newest dump; the text table names it and shows pprof-style columns.
"$HW" top "$DATA/series" >top.txt || fail "top DIR failed"
head -n 1 top.txt | grep -q 'heapwatch.4242.000004.txt: pid 4242 seq 4' || fail "top DIR did not pick seq 4: $(head -n 1 top.txt)"
grep -Eq '^ +flat +flat% +sum% +blocks +stacks +stack$' top.txt || fail "no column headings: $(cat top.txt)"
grep -q '81.25 KiB  44.80%   99.95% .*#7 ssl3_setup_read_buffer ← ssl3_read_n' top.txt || fail "row 2: $(cat top.txt)"

expect_error "--sort peak is not available with --by site" "$HW" top "$DATA/basic.txt" --by site --sort peak
expect_error "--by: 'file' is not one of the choices" "$HW" top "$DATA/basic.txt" --by file
expect_error "unknown option --colour" "$HW" top --colour
"$HW" top --help | grep -q '^usage: heapwatch top' || fail "top --help"
echo "top: all groupings and sort orders exact"
