#!/usr/bin/env bash
# Issue 6: `heapwatch report` on a real dump series, checked in headless Chromium. report_sockets
# (tests/report/progs) runs under heapwatch twice into one directory: 8 steps, then 3 steps after
# which it frees everything (its exit dump holds nothing). Each step
# opens a socket pair and gives each socket a 16 KiB buffer; a 100 KiB configuration stays flat; a
# 1 MiB scratch area lives from step 2 to 4. Asserted, for the 8-step process (opened as
# report.html#pid-N):
#  - the page loads with no console errors and no network requests, and its script ran;
#  - a selector offers both processes and switches between them;
#  - the headline: +224.00 KiB of live heap, #1 suspect growing 16.00 KiB per open socket;
#  - the chart: live heap, RSS and open sockets plus one line per suspect (3), 9 points, byte and
#    socket axes with units, the legend, and hover values;
#  - the suspect table: trend's ranking (growing / flat / peak) with exact figures, the first row
#    opening to trend's sentence and the full stack with source lines;
#  - the flame graph: exact bytes per box, hover details, click to zoom and reset; for the other
#    process, the newest dump that holds anything, saying so.
# The screenshot (build/report-test.png) shows the page with the first suspect open and the chart's
# hover values.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/report/report_lib.sh"
need_chromium
[ -e "$HW_LIB" ] || skip "no $HW_LIB (make all)"
build_report_prog

d=$HW_TMP/dumps
hw_run "$d" HEAPWATCH_INTERVAL=0 "$HW_TMP/report_sockets" 8 || fail "report_sockets 8 failed"
long=$(only_pid "$d")
hw_run "$d" HEAPWATCH_INTERVAL=0 "$HW_TMP/report_sockets" 3 release || fail "report_sockets 3 release failed"
short=$(ls "$d" | sed -n 's/^heapwatch\.\([0-9]*\)\.series$/\1/p' | grep -vx "$long")
check_eq "$(dumps_of "$d" "$long" | wc -l)" 9 "dumps of the 8-step run (8 on signal, 1 at exit)"

out=$("$HW_BIN" report "$d" -o "$HW_TMP/report.html") || fail "heapwatch report failed"
case "$out" in
    "wrote $HW_TMP/report.html ("*"): 2 processes, 13 dumps") ;;
    *) fail "unexpected summary line: $out" ;;
esac
open_page "$HW_TMP/report.html#pid-$long" probe_report.js "$HW_BUILD/report-test.png"
note "screenshot: $HW_BUILD/report-test.png"

# The page and the process selector.
check_eq "$(fact sections)" 2 "process sections"
check_eq "$(fact options)" 2 "entries in the process selector"
check_eq "$(fact visible)" "$long" "process shown for #pid-$long"
check_eq "$(fact visible_after_switch)" "$short" "process shown after choosing the other one"
check_eq "$(header "$(final_dump "$d" "$short")" live_bytes)" 0 "live bytes of the other process's exit dump"
case "$(fact other_flame_caption)" in
    "Live heap of a dump, seq 2 at "*" s, the newest that holds any (seq 3, written at exit, holds nothing): 1.19 MiB in 8 blocks."*) ;;
    *) fail "flame graph caption of the other process: $(fact other_flame_caption)" ;;
esac
check_eq "$(fact visible_after_switch_back)" "$long" "process shown after choosing the first again"
check_eq "$(fact title)" "heapwatch report: report_sockets and 1 more process" "page title"
check_eq "$(fact heading)" "pid $long: report_sockets" "section heading"
headline=$(fact headline)
case "$headline" in
    "live heap +224.00 KiB over "*" s; #1 suspect grows 16.00 KiB per open socket") ;;
    *) fail "headline: $headline" ;;
esac

# The chart.
check_eq "$(fact chart_lines)" 6 "chart lines (live heap, RSS, sockets, 3 suspects)"
check_eq "$(fact chart_stack_lines)" 3 "suspect lines in the chart"
check_eq "$(fact chart_points)" 9 "points per process line (one per dump, from the series file)"
labels=$(fact chart_labels)
case "$labels" in
    "live heap|RSS|open sockets|#1 conn_new_buffer ← conn_open ← main ← "*"|#2 load_config ← main ← "*"|#3 scratch_burst ← main ← "*) ;;
    *) fail "chart line labels: $labels" ;;
esac
check_eq "$(fact chart_panels)" "live heap and the live bytes of the top 3 suspects|RSS (left) and open sockets (right)" \
    "chart panel titles"
# The heap peaks at 100 KiB + 1 MiB + 4 * 32 KiB = 1.22 MiB; sockets reach 16.
case "$(fact chart_left_ticks)" in "0.0 MiB|0.5 MiB|1.0 MiB|1.5 MiB|0 MiB|"*"MiB") ;;
    *) fail "byte axis ticks: $(fact chart_left_ticks)" ;; esac
check_eq "$(fact chart_right_ticks)" "0|5|10|15|20" "socket axis ticks"
for tick in $(fact chart_time_ticks | tr '|' '\n' | sed 's/ s$/_s/'); do
    case "$tick" in *[0-9]_s) ;; *) fail "time axis tick without seconds: $tick" ;; esac
done
case "$(fact legend)" in "live heap|RSS|open sockets (right axis)|#1 conn_new_buffer ← conn_open ← main ← "*) ;;
    *) fail "legend: $(fact legend)" ;; esac
check_eq "$(fact caption)" "Process lines: 9 points from the series file. Hover for values." "chart caption"
check_eq "$(fact tip_visible)" True "hover values shown on mousemove"
check_eq "$(fact tip_rows)" 6 "hover rows (one per line)"
case "$(fact tip_when)" in "at "*" s of uptime") ;; *) fail "hover time: $(fact tip_when)" ;; esac
case "$(fact tip_values)" in "live heap="*" KiB|RSS="*"|open sockets="[0-9]*"|#1 conn_new_buffer"*"="*" KiB|"*) ;;
    *) fail "hover values: $(fact tip_values)" ;; esac

# The suspect table, in trend's order and words.
check_eq "$(fact suspect_rows)" 3 "suspect rows"
check_eq "$(fact suspect_columns)" "|#|verdict|rate|R²|live now|change|allocated by|OpenSSL site" "suspect columns"
case "$(fact suspect_1)" in "1|growing|+16.00 KiB per open socket|1.000|256.00 KiB|+224.00 KiB|conn_new_buffer ← conn_open ← main ← "*"|-") ;;
    *) fail "suspect 1: $(fact suspect_1)" ;; esac
case "$(fact suspect_2)" in "2|flat|-|-|100.00 KiB|+0 B|load_config ← main ← "*"|-") ;;
    *) fail "suspect 2: $(fact suspect_2)" ;; esac
case "$(fact suspect_3)" in "3|peak|peaked at 1.00 MiB|-|0 B|+0 B|scratch_burst ← main ← "*"|-") ;;
    *) fail "suspect 3: $(fact suspect_3)" ;; esac
trend_first=$("$HW_BIN" trend "$d" --pid "$long" | sed -n 's/^  \(#1 .*\)$/\1/p')
check_eq "$(fact detail_sentence)" "$trend_first" "first suspect's sentence (as heapwatch trend says it)"
check_eq "$(fact detail_hidden_before)" True "full stack hidden before a click"
check_eq "$(fact detail_hidden_after)" False "full stack shown after a click"
check_eq "$(fact detail_expanded)" true "row marked expanded"
check_eq "$(fact detail_site)" "none (not allocated through OpenSSL)" "OpenSSL site of the first suspect"
case "$(fact detail_functions)" in "conn_new_buffer|conn_open|main|"*) ;;
    *) fail "first suspect's frames: $(fact detail_functions)" ;; esac
src=$HW_ROOT/tests/report/progs/report_sockets.c
line_of() { grep -n "$1" "$src" | head -n 1 | cut -d: -f1; }
case "$(fact detail_sources)" in
    "$src:$(line_of 'return malloc(BUFFER_BYTES)')|$src:$(line_of 'keep\[kept++\] = conn_new_buffer()')|$src:$(line_of '        conn_open();')|"*) ;;
    *) fail "first suspect's source lines: $(fact detail_sources)" ;;
esac

# The flame graph of the exit dump: 100 KiB of configuration + 16 sockets * 16 KiB.
final=$(final_dump "$d" "$long")
check_eq "$(header "$final" live_bytes)" 364544 "live bytes of the exit dump"
check_eq "$(fact flame_root)" "all live heap 364544" "flame graph root"
for box in conn_new_buffer:262144 conn_open:262144 load_config:102400 main:364544; do
    case "|$(fact flame_boxes)|" in *"|$box|"*) ;; *) fail "flame graph box $box missing: $(fact flame_boxes)" ;; esac
done
check_eq "$(fact flame_info)" \
    "conn_new_buffer: 256.00 KiB (71.91% of the live heap), $src:$(line_of 'return malloc(BUFFER_BYTES)') in $HW_TMP/report_sockets" \
    "flame graph hover details"
check_eq "$(fact flame_zoom_width)" "1000 1000" "zoomed box and its only child span the full width"
check_eq "$(fact flame_zoom_hides_other)" True "zooming hides boxes outside the zoomed one"
check_eq "$(fact flame_reset_enabled)" True "reset button enabled while zoomed"
check_eq "$(fact flame_reset_shows_other)" True "reset shows every box again"
check_eq "$(fact flame_reset_disabled)" True "reset button disabled once reset"
awk -v a="$(fact flame_width_before)" -v b="$(fact flame_reset_width)" 'BEGIN { exit !(a - b < 0.01 && b - a < 0.01) }' ||
    fail "width after reset $(fact flame_reset_width), before zoom $(fact flame_width_before)"

[ "$(head -c 4 "$HW_BUILD/report-test.png" | tail -c 3)" = PNG ] || fail "screenshot is not a PNG"
check_ge "$(stat -c %s "$HW_BUILD/report-test.png")" 50000 "screenshot size in bytes"
