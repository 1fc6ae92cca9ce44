#!/usr/bin/env bash
# heapwatch run: preloads the library beside the command (ahead of any LD_PRELOAD already set), passes
# the options as HEAPWATCH_* variables, keeps the pid and exit status of the program, and says clearly
# when a program cannot be found or cannot be reached by LD_PRELOAD.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/analyze/analyze_lib.sh"
[ -e "$HW_LIB" ] || skip "build/libheapwatch.so is missing (make all builds it)"

LD_PRELOAD=libextra.so "$HW" run --dir sub/dumps --interval 0.5 --signal USR1 --top 7 --depth 9 --keep 3 \
    --sample 64K -- env >env.txt 2>/dev/null || fail "run env failed"
check_eq "$(grep '^LD_PRELOAD=' env.txt)" "LD_PRELOAD=$HW_BUILD/libheapwatch.so:libextra.so" "LD_PRELOAD"
check_eq "$(grep '^HEAPWATCH_DIR=' env.txt)" "HEAPWATCH_DIR=$HW_TMP/sub/dumps" "absolute dump directory"
[ -d sub/dumps ] || fail "--dir was not created"
check_eq "$(grep '^HEAPWATCH_' env.txt | grep -v DIR | sort | tr '\n' ' ')" \
    "HEAPWATCH_DEPTH=9 HEAPWATCH_INTERVAL=0.5 HEAPWATCH_KEEP=3 HEAPWATCH_SAMPLE=65536 HEAPWATCH_SIGNAL=USR1 HEAPWATCH_TOP=7 " \
    "HEAPWATCH_* variables"

# The program replaces heapwatch: same pid (its dumps carry it), its exit status, its arguments.
out=$("$HW" run --dir d -- bash -c 'echo "$$ $1"; exit 7' bash 'two words')
check_eq "$?" 7 "exit status of the program"
pid=${out%% *}
check_eq "${out#* }" "two words" "arguments passed unchanged"
final_dump d "$pid" >/dev/null

"$HW" run -- nosuchprogram 2>err.txt
check_eq "$?" 127 "exit status for a missing program"
check_eq "$(cat err.txt)" "heapwatch run: nosuchprogram: command not found" "one line for a missing program"
expect_error "--interval: 'soon' is not a number of seconds" "$HW" run --interval soon -- true
expect_error "no command given" "$HW" run --top 3
expect_error "unknown option --frobnicate" "$HW" run --frobnicate -- true

# A static program: LD_PRELOAD cannot reach it; heapwatch says so, runs it anyway, and keeps its status.
printf 'int main(void) { return 5; }\n' >static.c
if gcc -static -o static static.c 2>/dev/null; then
    "$HW" run --dir s -- ./static 2>err.txt
    check_eq "$?" 5 "static program's exit status"
    grep -q 'warning: ./static is statically linked; LD_PRELOAD cannot reach its allocator' err.txt ||
        fail "static warning: $(cat err.txt)"
else
    note "no static libc here: static program case not run"
fi
"$HW" run --help | grep -q '^usage: heapwatch run' || fail "run --help"
echo "run: environment, pid, status and errors as documented"
