# Sourced by the tests/analyze tests (after tests/lib.sh): the command under test is the sanitized
# build, so any memory error or leak in it fails the test, plus helpers to read its JSON output.
HW=$HW_BUILD/heapwatch-asan
DATA=$HW_ROOT/tests/analyze/data
[ -x "$HW" ] || fail "$HW is missing: run make test (it builds the test dependencies)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=halt_on_error=1

# json FILE EXPR: evaluates the Python expression EXPR with `d` bound to FILE's JSON document.
json() {
    python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2" ||
        fail "cannot evaluate $2 on $1"
}

# expect_error REGEX CMD...: CMD must exit 2 with exactly one line on stderr matching REGEX, nothing on stdout.
expect_error() {
    local regex=$1; shift
    "$@" >out.txt 2>err.txt
    local rc=$?
    [ $rc -eq 2 ] || fail "$*: exit $rc, expected 2 (stderr: $(head -c 600 err.txt))"
    [ "$(wc -l <err.txt)" -eq 1 ] || fail "$*: expected one error line, got: $(cat err.txt)"
    [ ! -s out.txt ] || fail "$*: printed on stdout: $(head -c 300 out.txt)"
    grep -Eq -- "$regex" err.txt || fail "$*: error '$(cat err.txt)' does not match '$regex'"
}
