#!/usr/bin/env bash
# heapwatch check, the CI leak gate, on the hand-written series: stack #7 grows by 66560 bytes
# (seq 0 -> 4), the process ends at 185700 live bytes.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/analyze/analyze_lib.sh"
S=$DATA/series

"$HW" check "$S" --max-growth 66560 >check.txt; rc=$?
check_eq "$rc" 0 "growth equal to the limit passes"
grep -q '^ok: 1 process within limits; largest stack growth +65.00 KiB: ssl3_setup_read_buffer' check.txt ||
    fail "ok line: $(cat check.txt)"

"$HW" check "$S" --max-growth 66559 >check.txt; rc=$?
check_eq "$rc" 1 "growth over the limit fails"
check_eq "$(grep -c '^FAIL' check.txt)" 1 "one offender"
grep -q '^FAIL pid 4242: stack #7 grew +65.00 KiB (66560 bytes, seq 0 -> 4), more than 65.00 KiB: ssl3_setup_read_buffer ← ssl3_read_n' check.txt ||
    fail "FAIL line: $(cat check.txt)"

"$HW" check "$S" --max-growth 1M --max-live 185700 >/dev/null || fail "live equal to --max-live must pass"
"$HW" check "$S" --max-growth 1M --max-live 181K >check.txt; rc=$?
check_eq "$rc" 1 "--max-live exceeded"
grep -q '^FAIL pid 4242: live heap 181.35 KiB (185700 bytes) at the last dump, more than 181.00 KiB$' check.txt ||
    fail "live FAIL line: $(cat check.txt)"

expect_error "--max-growth BYTES is required" "$HW" check "$S"
expect_error "--max-growth: '12parsecs' is not a byte count" "$HW" check "$S" --max-growth 12parsecs
expect_error "no heapwatch dumps here" "$HW" check "$HW_TMP" --max-growth 1
echo "check: exact"
