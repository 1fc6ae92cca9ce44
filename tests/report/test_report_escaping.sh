#!/usr/bin/env bash
# Issue 6: text from the dumps reaches the page as text, never as markup. A synthetic series whose
# program path holds `<b>&'x'` and one of whose functions is `leaf<script>alert('x')</script>&"4"`
# (another's is `leaf\x20five`, an escaped space) must show those strings literally in the heading,
# the header, the suspect table and the flame graph, with no extra element and no script run (an
# alert would stall the page and fail the probe).
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/report/report_lib.sh"
need_chromium

d=$HW_TMP/dumps
mkdir -p "$d"
awk -v dir="$d" -v pid=4242 -v dumps=10 -v stacks=6 -v hostile=1 -f "$HW_ROOT/tests/report/synthetic_series.awk"
"$HW_BIN" report "$d" -o "$HW_TMP/report.html" >/dev/null || fail "report failed"
open_page "$HW_TMP/report.html" probe_overview.js

exe="/srv/bin/syn<b>&'x'" leaf="leaf<script>alert('x')</script>&\"4\""
check_eq "$(fact title)" "heapwatch report: syn<b>&'x'" "page title"
check_eq "$(fact heading)" "pid 4242: syn<b>&'x'" "section heading"
check_eq "$(fact program)" "$exe|$exe --serve" "program and command line"
check_eq "$(fact scripts)" 1 "script elements (the report's own)"
check_eq "$(fact bold_elements)" 0 "<b> elements"
case "|$(fact flame_names)|" in *"|$leaf|"*) ;; *) fail "flame graph lacks $leaf: $(fact flame_names)" ;; esac
case "|$(fact flame_names)|" in *"|leaf five|"*) ;; *) fail "flame graph lacks 'leaf five': $(fact flame_names)" ;; esac
case "|$(fact suspect_chains)|" in *"|$leaf ← layer_0 ← handler_1 ← serve ← …|"*) ;;
    *) fail "suspect table lacks $leaf: $(fact suspect_chains)" ;; esac
case "|$(fact suspect_frames)|" in *"|$leaf|layer_0|"*) ;; *) fail "full stacks lack $leaf: $(fact suspect_frames)" ;; esac
