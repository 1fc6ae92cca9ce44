#!/usr/bin/env bash
# scripts/demo.sh (make demo), small: 20 clients per scenario. It ends with the verdict table
# computed by heapwatch: per idle connection about 46 KiB in A and B and about 14 KiB in C, the
# record layer's read buffer as A's culprit and SSL_new's SSL object as C's, and B back at its
# baseline; and it leaves each scenario's dumps, trend and report where it says.
. "$HW_ROOT/tests/lib.sh"
. "$HW_ROOT/tests/demo/demo_helpers.sh"
require_heapwatch

DEMO_OUT=$PWD/demo DEMO_CLIENTS=20 "$HW_ROOT/scripts/demo.sh" >demo.out 2>&1 || fail "demo.sh: $(tail -n 20 demo.out)"
row() { grep -E "^  $1  " demo.out || fail "no verdict row for $1: $(tail -n 8 demo.out)"; }
row A | grep -qE '  4[5-7]\.[0-9] KiB  .*ssl/record/ssl3_buffer.c:68 <- on_conn_ready' || fail "row A: $(row A)"
row B | grep -qE '  4[5-7]\.[0-9] KiB  .*\(\+0 B\)$' || fail "row B: $(row B)"
row C | grep -qE '  1[34]\.[0-9] KiB  .*ssl/ssl_lib.c:691 <- SSL_new' || fail "row C: $(row C)"
for s in A B C; do
    for f in trend.json trend.txt report.html server.log; do [ -s "demo/$s/$f" ] || fail "demo/$s/$f missing"; done
    ls demo/$s/heapwatch.*.txt >/dev/null || fail "no dumps in demo/$s"
done
