#!/usr/bin/env bash
# Issue 6: bad input to `heapwatch report` gets one clear error line and exit status 2, never a page:
# a missing or empty directory, a truncated dump, a file that is not a dump, an unwritable output,
# bad options. A page written before stays as it was (the report is written under a temporary name
# and renamed), and nothing is left behind. Runs the sanitized build when there is one, so memory
# errors and leaks on these paths fail the test; `-o -` writes the page to standard output.
source "$HW_ROOT/tests/lib.sh"
bin=$HW_BUILD/heapwatch-asan
[ -x "$bin" ] || bin=$HW_BIN

# expect_error WHAT PATTERN ARGS...: the report fails with exit 2 and one stderr line matching PATTERN.
expect_error() {
    local what=$1 pattern=$2 status=0
    shift 2
    "$bin" report "$@" >"$HW_TMP/out" 2>"$HW_TMP/err" || status=$?
    check_eq "$status" 2 "exit status for $what"
    check_eq "$(wc -l <"$HW_TMP/err")" 1 "error lines for $what ($(cat "$HW_TMP/err"))"
    grep -q -- "$pattern" "$HW_TMP/err" || fail "error for $what: expected '$pattern', got: $(cat "$HW_TMP/err")"
    check_eq "$(wc -c <"$HW_TMP/out")" 0 "bytes on stdout for $what"
}

good=$HW_TMP/good
mkdir -p "$HW_TMP/pages"
mkdir -p "$good"
awk -v dir="$good" -v pid=4242 -v dumps=6 -v stacks=5 -f "$HW_ROOT/tests/report/synthetic_series.awk"
"$bin" report "$good" -o "$HW_TMP/pages/report.html" >/dev/null || fail "report of a good series failed"
cp "$HW_TMP/pages/report.html" "$HW_TMP/before.html"

mkdir -p "$HW_TMP/empty"
expect_error "an empty directory" "^heapwatch report: .*/empty: no heapwatch dumps here" "$HW_TMP/empty" -o "$HW_TMP/pages/report.html"
expect_error "a missing directory" "^heapwatch report: .*/missing: No such file or directory" "$HW_TMP/missing" -o "$HW_TMP/pages/report.html"

truncated=$HW_TMP/truncated
cp -r "$good" "$truncated"
sed -i '/^end$/d' "$truncated/heapwatch.4242.000003.txt"
expect_error "a truncated dump" "^heapwatch report: .*/truncated/heapwatch.4242.000003.txt:" "$truncated" -o "$HW_TMP/pages/report.html"

garbage=$HW_TMP/garbage
cp -r "$good" "$garbage"
echo "hello" >"$garbage/heapwatch.4242.000002.txt"
expect_error "a file that is not a dump" "^heapwatch report: .*/garbage/heapwatch.4242.000002.txt:1:" "$garbage" -o "$HW_TMP/pages/report.html"

cmp -s "$HW_TMP/pages/report.html" "$HW_TMP/before.html" || fail "a failed report changed the page written before"
expect_error "an unwritable output" "^heapwatch report: .*/no-such-dir/report.html.tmp.[0-9]*: No such file or directory" \
    "$good" -o "$HW_TMP/no-such-dir/report.html"
expect_error "--top 0" "^heapwatch report: --top: at least 1" "$good" --top 0
expect_error "--top abc" "^heapwatch report: --top: 'abc' is not a non-negative integer" "$good" --top abc
expect_error "-o without a value" "^heapwatch report: option -o needs a value" "$good" -o
expect_error "two directories" "^heapwatch report: one DIR at most" "$good" "$good"
expect_error "an unknown option" "^heapwatch report: unknown option --color" --color "$good"
check_eq "$(ls "$HW_TMP/pages" | grep -c "\.tmp\.")" 0 "temporary files left behind"
[ ! -e "$PWD/report.html" ] || fail "a failed report wrote report.html in the current directory"

"$bin" report "$good" -o - >"$HW_TMP/stdout.html" 2>"$HW_TMP/err" || fail "report -o - failed: $(cat "$HW_TMP/err")"
check_eq "$(head -n 1 "$HW_TMP/stdout.html")" "<!DOCTYPE html>" "first line of the page on stdout"
check_eq "$(tail -n 1 "$HW_TMP/stdout.html")" "</html>" "last line of the page on stdout"
check_eq "$(wc -c <"$HW_TMP/err")" 0 "stderr bytes of a good report"
