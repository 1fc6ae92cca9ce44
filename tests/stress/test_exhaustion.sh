#!/usr/bin/env bash
# Issue 8: resource exhaustion. (1) heapwatch's own memory cannot grow (HEAPWATCH_TEST_MMAP_LIMIT):
# the program runs on unharmed, every block is either recorded or counted in dropped_allocs, and
# the dumps still come. (2) The program itself exhausts a small address space (ulimit -v, which
# starves heapwatch too): its failures look as without heapwatch, and once memory is back its
# blocks are recorded exactly. (3) The dump directory on a full tmpfs: one warning, no partial or
# temporary files, the program unharmed, and dumps resume when space returns.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/core/dump_checks.sh"
source "$HW_ROOT/tests/core/runs.sh"
source "$HW_ROOT/tests/stress/common.sh"
set -e

failed=()

(
    d=$HW_TMP/mmap-limit
    status=0
    within 30 "$d" HEAPWATCH_INTERVAL=0.02 HEAPWATCH_TEST_MMAP_LIMIT=1000000 HEAPWATCH_TOP=10000 \
        "$HW_PROGS/stress_exhaust" stacks || status=$?
    check_eq "$status" 0 "exit status when heapwatch's memory cannot grow"
    check_eq "$(cat "$HW_TMP/last.out")" "paths 16384" "the program's report"
    check_le "$(warnings "$HW_TMP/last.err" | wc -l)" 1 "heapwatch lines on stderr"
    check_dumps "$d"
    final=$(final_dump "$d" "$(only_pid "$d")")
    dropped=$(header "$final" dropped_allocs)
    check_ge "$dropped" 1 "dropped_allocs with 16384 stacks in 1 MB"
    recorded=$(live_total "$final" exhaust_path_alloc)
    check_eq $((${recorded#* } + dropped)) 16384 "blocks recorded plus blocks dropped"
    check_eq "${recorded% *}" $((32 * ${recorded#* })) "bytes of the recorded blocks"
    header_totals_agree "$final"
    note "mmap limit: ${recorded#* } of 16384 blocks recorded, $dropped dropped, self_bytes $(header "$final" self_bytes)"
) || failed+=(mmap-limit)

(
    d=$HW_TMP/mmap-limit-realloc
    status=0
    within 30 "$d" HEAPWATCH_INTERVAL=0.02 HEAPWATCH_TEST_MMAP_LIMIT=1000000 "$HW_PROGS/stress_exhaust" regrow || status=$?
    check_eq "$status" 0 "exit status when grown blocks get no stack ($(cat "$HW_TMP/last.out"))"
    check_eq "$(cat "$HW_TMP/last.out")" "regrown 16384" "the program's report"
    check_dumps "$d"
    final=$(final_dump "$d" "$(only_pid "$d")")
    check_ge "$(header "$final" dropped_allocs)" 1 "dropped_allocs with 16384 grown blocks in 1 MB"
    header_totals_agree "$final"
) || failed+=(mmap-limit-realloc)

(
    d=$HW_TMP/ulimit
    status=0
    (ulimit -v 100000 && within 30 "$d" HEAPWATCH_INTERVAL=0.01 "$HW_PROGS/stress_exhaust" fill) || status=$?
    check_eq "$status" 0 "exit status after exhausting a 100 MB address space ($(cat "$HW_TMP/last.out"))"
    check_dumps "$d"
    final=$(final_dump "$d" "$(only_pid "$d")")
    check_expectations "$HW_TMP/last.out" "$final"
    header_totals_agree "$final"
    note "ulimit -v: $(head -n 1 "$HW_TMP/last.out"), dropped_allocs $(header "$final" dropped_allocs)"
) || failed+=(ulimit)

(
    [ "$(id -u)" -eq 0 ] || skip "mounting a small tmpfs needs root"
    mnt=$HW_TMP/full
    mkdir -p "$mnt"
    mount -t tmpfs -o size=256k tmpfs "$mnt" || skip "cannot mount a tmpfs here"
    trap 'umount -l "$mnt"' EXIT
    d=$mnt/dumps
    mkdir "$d"
    head -c 1M /dev/zero >"$mnt/filler" 2>/dev/null || true
    within 20 "$d" HEAPWATCH_INTERVAL=0.05 "$HW_PROGS/core_idle" 2 &
    run=$!
    sleep 0.8
    rm "$mnt/filler"
    status=0; wait "$run" || status=$?
    check_eq "$status" 0 "exit status with the dump directory full for 0.8 s"
    check_eq "$(warnings "$HW_TMP/last.err" | wc -l)" 1 "heapwatch lines on stderr about the full directory"
    check_dumps "$d"
    pid=$(only_pid "$d")
    final=$(final_dump "$d" "$pid")
    first=$(header "$(dumps_of "$d" "$pid" | head -n 1)" uptime)
    awk -v u="$first" 'BEGIN { exit !(u >= 0.7) }' || fail "the first dump (uptime $first) was written while the directory was full"
    check_ge "$(dumps_of "$d" "$pid" | wc -l)" 10 "dumps after space returned (1.2 s at 50 ms)"
    note "full tmpfs: $(dumps_of "$d" "$pid" | wc -l) dumps from uptime $first, warning: $(warnings "$HW_TMP/last.err")"
) || { rc=$?; [ $rc -eq 77 ] && note "full tmpfs part skipped" || failed+=(full-tmpfs); }

[ ${#failed[@]} -eq 0 ] || fail "parts that failed: ${failed[*]}"
