# Sourced by the tests/report tests (after tests/lib.sh): building the test program, opening a
# report in headless Chromium through cdp_probe.py, and reading the facts it reports.

# need_chromium: skips the test when Chromium is not installed (scripts/install-deps.sh adds it).
need_chromium() {
    command -v chromium >/dev/null || skip "chromium not installed (scripts/install-deps.sh installs it)"
}

# build_report_prog: compiles tests/report/progs/report_sockets.c into $HW_TMP/report_sockets, like
# tests/build.mk builds test programs (no optimisation or inlining: the stacks are the source's).
build_report_prog() {
    gcc -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -O0 -g -fno-omit-frame-pointer -fno-inline \
        -fno-optimize-sibling-calls -o "$HW_TMP/report_sockets" "$HW_ROOT/tests/report/progs/report_sockets.c" ||
        fail "cannot build report_sockets"
}

# open_page PAGE PROBE [PNG]: loads PAGE in Chromium, runs the probe tests/report/PROBE, and keeps
# its facts in $HW_TMP/facts (and a screenshot in PNG). Fails on console errors or network requests.
open_page() {
    python3 "$HW_ROOT/tests/report/cdp_probe.py" "$1" "$HW_ROOT/tests/report/$2" ${3:+"$3"} >"$HW_TMP/facts" ||
        fail "could not load $1 in chromium"
    check_eq "$(fact console_errors)" 0 "console errors (exceptions, console.error, error log) on the page"
    check_eq "$(fact network_requests)" 0 "network requests made by the page"
    check_eq "$(fact ready)" yes "the page's script finished setting up (body data-ready)"
}

# fact KEY: the value the probe reported for KEY (fails when it reported none).
fact() {
    awk -v k="$1" 'index($0, k "=") == 1 { print substr($0, length(k) + 2); found = 1; exit }
        END { exit !found }' "$HW_TMP/facts" || fail "the probe reported no '$1'"
}
