#!/usr/bin/env bash
# Bad input: missing files, empty directories, truncated or corrupt dumps, an unknown version, files
# whose name and content disagree, a bad series file, several pids where one is needed. Each gets one
# error line naming the file (and line), exit 2, nothing on stdout, and no sanitizer report.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/analyze/analyze_lib.sh"
C=$HW_ROOT/tests/analyze/corpus

expect_error "missing.txt: No such file or directory" "$HW" top missing.txt
expect_error "nodir: No such file or directory" "$HW" trend nodir
mkdir empty
expect_error "empty: no heapwatch dumps here" "$HW" trend empty
expect_error "empty: no heapwatch dumps here" "$HW" top empty
expect_error "is a directory, a file was expected" "$HW" diff empty "$DATA/basic.txt"

while IFS='|' read -r file regex; do
    expect_error "corpus/$file:$regex" "$HW" top "$C/$file"
done <<'TABLE'
empty.txt|1: empty file, not a heapwatch dump
not-a-dump.txt|1: not a heapwatch dump
version-2.txt|1: dump format version 2 is not supported
truncated-no-end.txt|85: file ends where `sites` was expected \(truncated dump: no `end` line\)
truncated-mid-line.txt|55: last line does not end in a newline \(truncated file\?\)
bad-number.txt|18: `live_blocks` record: live_blocks should be an unsigned decimal integer, got '2x3'
missing-ppid.txt|3: header record `exe` comes before `ppid`, which is missing
header-out-of-order.txt|6: header record `reason` comes before `seq`
totals-mismatch.txt|59: live ranking plus `rest` give 139937 bytes
bad-escape.txt|4: `exe` record: exe should be a string with only
frame-index-gap.txt|45: frame index 2 where 1 was expected
two-dumps-glued.txt|96: `heapwatch-dump` record after `end`
nul-byte.txt|5: unexpected control byte 0x00
ranking-count-huge.txt|60: ranking `growth` announces 999999999 stacks
ranking-wrong-kind.txt|60: ranking `peak` where ranking `growth` was expected
uppercase-hex.txt|48: `frame` record: ADDRESS should be 0x and lowercase hex
TABLE

# Records of unknown types (a later minor revision) are skipped, not refused.
"$HW" top "$C/unknown-records-ok.txt" >/dev/null || fail "unknown record types must be ignored"

# One bad dump in a series stops trend and check before they print anything.
mkdir series && cp "$DATA"/series/* series/
cp "$C/truncated-no-end.txt" series/heapwatch.4242.000002.txt
expect_error "series/heapwatch.4242.000002.txt:85: file ends where" "$HW" trend series
expect_error "series/heapwatch.4242.000002.txt:85: file ends where" "$HW" check series --max-growth 1
# A file whose content disagrees with its name.
cp "$DATA"/series/heapwatch.4242.000002.txt series/
cp "$DATA/basic.txt" series/heapwatch.4242.000007.txt
expect_error "heapwatch.4242.000007.txt: the file holds pid 4242 seq 3, its name says pid 4242 seq 7" "$HW" trend series
rm series/heapwatch.4242.000007.txt
# A bad series file.
cp "$C/series-bad-reason.series" series/heapwatch.4242.series
expect_error 'heapwatch.4242.series:3: .point. record: REASON should be one of interval signal exit, got .sometimes.' "$HW" trend series
cp "$C/series-seq-backwards.series" series/heapwatch.4242.series
expect_error "heapwatch.4242.series:3: point seq 0 does not follow seq 1" "$HW" trend series
cp "$DATA/series/heapwatch.4242.series" series/
# Two files for one place in the run (the same number, padded with more zeros): which one the run
# wrote would be a guess.
cp series/heapwatch.4242.000003.txt series/heapwatch.4242.0000003.txt
expect_error "heapwatch.4242.0+3.txt and .*heapwatch.4242.0+3.txt: two dumps with the same pid and seq" "$HW" trend series
rm series/heapwatch.4242.0000003.txt
cp series/heapwatch.4242.series series/heapwatch.04242.series
expect_error "heapwatch.0?4242.series and .*heapwatch.0?4242.series: two series files of pid 4242" "$HW" trend series
rm series/heapwatch.04242.series

# Two processes in one directory: fine for trend and check, ambiguous for top until --pid says which.
sed 's/^pid 4242$/pid 4343/' "$DATA/basic.txt" >series/heapwatch.4343.000003.txt
expect_error "dumps of several processes \(pids 4242, 4343\); choose one with --pid" "$HW" top series
"$HW" top series --pid 4343 --json >top.json || fail "top --pid"
check_eq "$(json top.json 'd["pid"], d["seq"]')" "(4343, 3)" "top --pid picks the process"
expect_error "no dumps of pid 99 \(pids here: 4242, 4343\)" "$HW" trend series --pid 99
"$HW" trend series --json >trend.json || fail "trend over two processes"
check_eq "$(json trend.json '[p["pid"] for p in d["processes"]]')" "[4242, 4343]" "trend per pid"
echo "bad input: one clear line each, exit 2, no crash"
