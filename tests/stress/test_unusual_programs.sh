#!/usr/bin/env bash
# Issue 8: unusual programs. (1) Statically linked binaries (-static and -static-pie): LD_PRELOAD
# cannot reach them; `heapwatch run` says so, and the program runs exactly as without. (2) Programs
# linked with jemalloc or tcmalloc are tracked exactly through them. (3) An allocator preloaded
# before heapwatch takes every call: heapwatch says once that it stands down. (4) malloc_usable_size
# used to the last byte, aligned operator new, mallopt, malloc_trim, mallinfo2, malloc_stats,
# malloc_info and std::pmr, with exact figures.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/core/dump_checks.sh"
source "$HW_ROOT/tests/core/runs.sh"
source "$HW_ROOT/tests/stress/common.sh"
set -e

libdir=/usr/lib/x86_64-linux-gnu
build_patterns() { # OUTPUT GCC-ARGS...: stress_patterns built another way
    local out=$1
    shift
    gcc -std=gnu11 -D_GNU_SOURCE -O0 -g -fno-omit-frame-pointer -fno-inline -pthread \
        -o "$out" "$HW_ROOT/tests/progs/stress_patterns.c" "$@"
}

failed=()

for kind in static static-pie; do
    (
        prog=$HW_TMP/patterns-$kind
        build_patterns "$prog" "-$kind"
        cd "$HW_TMP" && same_as_without "$kind" "$HW_TMP/$kind-preload" "$prog" tiny
        [ -z "$(ls "$HW_TMP/$kind-preload")" ] || fail "$kind: dumps from a statically linked program"
        status=0
        "$HW_BIN" run --dir "$HW_TMP/$kind-run" -- "$prog" tiny >"$HW_TMP/run.out" 2>"$HW_TMP/run.err" || status=$?
        check_eq "$status" 0 "$kind: exit status through heapwatch run"
        cmp -s "$HW_TMP/run.out" "$HW_TMP/$kind.plain.out" || fail "$kind: stdout through heapwatch run differs"
        grep -q 'statically linked; LD_PRELOAD cannot' "$HW_TMP/run.err" ||
            fail "$kind: heapwatch run did not say LD_PRELOAD cannot work: $(cat "$HW_TMP/run.err")"
    ) || failed+=("$kind")
done

for lib in libjemalloc.so.2 libtcmalloc_minimal.so.4; do
    (
        [ -e "$libdir/$lib" ] || fail "$lib is missing: run scripts/install-deps.sh"
        prog=$HW_TMP/patterns-${lib%%.*}
        build_patterns "$prog" "$libdir/$lib"
        for pattern in larson tiny align huge; do
            d=$HW_TMP/${lib%%.*}-$pattern
            status=0
            within 30 "$d" HEAPWATCH_INTERVAL=0.05 HEAPWATCH_TOP=10000 "$prog" $pattern || status=$?
            check_eq "$status" 0 "$lib: exit status of $pattern"
            no_warnings "$HW_TMP/last.err"
            check_dumps "$d"
            check_expectations "$HW_TMP/last.out" "$(final_dump "$d" "$(only_pid "$d")")"
        done
        # Preloaded ahead of heapwatch, the other allocator gets every call.
        d=$HW_TMP/${lib%%.*}-first
        status=0
        mkdir -p "$d"
        env HEAPWATCH_DIR="$d" LD_PRELOAD="$libdir/$lib:$HW_LIB" "$HW_PROGS/stress_patterns" tiny \
            >"$HW_TMP/first.out" 2>"$HW_TMP/first.err" || status=$?
        check_eq "$status" 0 "$lib preloaded first: exit status"
        check_eq "$(warnings "$HW_TMP/first.err" | wc -l)" 1 "$lib preloaded first: heapwatch lines saying it stands down"
    ) || failed+=("$lib")
done

(
    cd "$HW_TMP"
    same_as_without compat "$HW_TMP/compat" HEAPWATCH_TOP=10000 "$HW_PROGS/stress_compat"
    no_warnings compat.hw.err
    check_dumps "$HW_TMP/compat"
    check_expectations compat.hw.out "$(final_dump "$HW_TMP/compat" "$(only_pid "$HW_TMP/compat")")"
) || failed+=(compat)

[ ${#failed[@]} -eq 0 ] || fail "cases that failed: ${failed[*]}"
