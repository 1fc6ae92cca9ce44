# Sourced by every test script: assertions, running programs under heapwatch, reading dumps.
# Dumps are read with awk straight from the format in docs/FORMAT.md, so these tests check the
# library independently of the heapwatch command.
set -u

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "skipped: $*"; exit 77; }
note() { echo "-- $*"; }
check_eq() { [ "$1" = "$2" ] || fail "$3: expected '$2', got '$1'"; }
check_le() { [ "$1" -le "$2" ] || fail "$3: expected <= $2, got $1"; }
check_ge() { [ "$1" -ge "$2" ] || fail "$3: expected >= $2, got $1"; }

# hw_run DIR [VAR=VALUE...] CMD ARGS...: runs CMD with libheapwatch.so preloaded, dumping into DIR.
hw_run() {
    local dir=$1; shift
    mkdir -p "$dir"
    env HEAPWATCH_DIR="$dir" LD_PRELOAD="$HW_LIB" "$@"
}

# dumps_of DIR [PID]: the dump files of PID (default: all), oldest first.
dumps_of() {
    local f
    local pid=${2:-*}
    # shellcheck disable=SC2086 # $pid is a glob when no pid is given
    for f in "$1"/heapwatch.$pid.*.txt; do [ -e "$f" ] && echo "$f"; done |
        awk -F. '{ print $(NF-1), $0 }' | sort -n | cut -d' ' -f2-
}
newest_dump() { dumps_of "$@" | tail -n 1; }

# final_dump DIR PID: the dump marked final, or fails.
final_dump() {
    local f
    f=$(for d in $(dumps_of "$1" "$2"); do
        awk '$1 == "final" && $2 == "1" { found = 1 } END { exit !found }' "$d" && echo "$d"
    done | tail -n 1)
    [ -n "$f" ] || fail "no final dump of pid $2 in $1"
    echo "$f"
}

# only_pid DIR: the single pid that wrote into DIR (fails if zero or several).
only_pid() {
    local pids
    pids=$(ls "$1" | sed -n 's/^heapwatch\.\([0-9]*\)\.[0-9]*\.txt$/\1/p' | sort -u)
    [ "$(echo "$pids" | grep -c .)" -eq 1 ] || fail "expected dumps of one pid in $1, got: $pids"
    echo "$pids"
}

# header FILE KEY: the first value field of header record KEY.
header() { awk -v k="$2" '$1 == k { print $2; found = 1; exit } END { if (!found) exit 1 }' "$1" ||
    fail "no header '$2' in $1"; }

# Field numbers of a `stack` record.
F_RANK=2 F_ID=3 F_LIVE=4 F_BLOCKS=5 F_ALLOC_BYTES=6 F_ALLOC_BLOCKS=7 F_PEAK=8 F_GROWTH=9 F_AT_PEAK=10 F_SHARE=11 F_SITE=12

# stack_field FILE FUNC FIELD [RANKING] [MAXFRAME]: FIELD (a number above) of the first stack of
# RANKING (default live) having a frame at index <= MAXFRAME (default 0) whose function is FUNC.
stack_field() {
    awk -v fn="$2" -v fld="$3" -v want="${4:-live}" -v maxf="${5:-0}" '
        $1 == "ranking" { inr = ($2 == want) }
        inr && $1 == "stack" { cur = $0 }
        inr && $1 == "frame" && $2 <= maxf {
            f = $6; sub(/\+0x[0-9a-f]+$/, "", f)
            if (f == fn && cur != "") { split(cur, a, " +"); print a[fld]; done = 1; exit }
        }
        END { if (!done) exit 1 }' "$1"
}

# stacks_with FILE FUNC [RANKING] [MAXFRAME]: how many stacks of RANKING have FUNC at a frame <= MAXFRAME.
stacks_with() {
    awk -v fn="$2" -v want="${3:-live}" -v maxf="${4:-0}" '
        $1 == "ranking" { inr = ($2 == want) }
        inr && $1 == "stack" { id = $3 }
        inr && $1 == "frame" && $2 <= maxf {
            f = $6; sub(/\+0x[0-9a-f]+$/, "", f)
            if (f == fn && !(id in seen)) { seen[id] = 1; n++ }
        }
        END { print n + 0 }' "$1"
}

# site_field FILE SITE FIELD: field of the `site` record for SITE (3 = live bytes, 4 = blocks, 5 = alloc blocks).
site_field() { awk -v s="$2" -v f="$3" '$1 == "site" && $3 == s { print $(f + 1); found = 1; exit }
    END { if (!found) exit 1 }' "$1"; }

# wait_for SECONDS CMD...: polls CMD every 0.1 s until it succeeds, or fails the test.
wait_for() {
    local deadline=$((SECONDS + $1)); shift
    until "$@" 2>/dev/null; do
        [ $SECONDS -lt $deadline ] || fail "timed out waiting for: $*"
        sleep 0.1
    done
}
