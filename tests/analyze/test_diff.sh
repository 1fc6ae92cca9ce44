#!/usr/bin/env bash
# heapwatch diff on the hand-written series: exact per-stack changes, new/gone/unknown marks, order.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/analyze/analyze_lib.sh"
S=$DATA/series

"$HW" diff "$S/heapwatch.4242.000001.txt" "$S/heapwatch.4242.000004.txt" --json >diff.json || fail "diff failed"
check_eq "$(json diff.json 'd["delta_bytes"], d["delta_blocks"], d["old"]["seq"], d["new"]["seq"]')" "(-15616, -10, 1, 4)" "totals"
check_eq "$(json diff.json '[(s["id"], s["status"], s["old_live_bytes"], s["new_live_bytes"], s["delta_bytes"], s["delta_blocks"]) for s in d["stacks"]]')" \
    "[(7, 'grew', 33280, 83200, 49920, 6), (3, 'same', 102400, 102400, 0, 0), (20, 'same', 100, 100, 0, 0), (12, 'gone', 65536, 0, -65536, -16)]" \
    "per stack, largest growth first"

# basic.txt lists 3 of 5 live stacks: a stack it does not show is unknown there, not gone.
"$HW" diff "$S/heapwatch.4242.000000.txt" "$DATA/basic.txt" --json >diff.json || fail "diff failed"
check_eq "$(json diff.json '[(s["id"], s["status"], s["delta_bytes"]) for s in d["stacks"]]')" \
    "[(7, 'grew', 16640), (12, 'new', 4096), (25, 'new', 60), (3, 'same', 0), (20, 'unknown', None)]" "new and unknown"

"$HW" diff "$S/heapwatch.4242.000001.txt" "$S/heapwatch.4242.000002.txt" >diff.txt || fail "diff text failed"
grep -q '^change: -47.75 KiB, -14 blocks$' diff.txt || fail "text total: $(cat diff.txt)"
grep -Eq '^\+16.25 KiB +\+2 +32.50 KiB +48.75 KiB +grew +#7 ssl3_setup_read_buffer' diff.txt || fail "text row: $(cat diff.txt)"
grep -Eq -- '-64.00 KiB +-16 +64.00 KiB +0 B +gone +#12 _ZN7SessionC1Ev' diff.txt || fail "gone row: $(cat diff.txt)"

expect_error "needs two dump files" "$HW" diff "$DATA/basic.txt"
expect_error "nope.txt: No such file or directory" "$HW" diff "$DATA/basic.txt" nope.txt
echo "diff: exact"
