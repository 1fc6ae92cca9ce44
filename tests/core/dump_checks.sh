# Dump checks shared by the core tests, beyond tests/lib.sh: every file a run wrote obeys
# docs/FORMAT.md (dump_format.awk), is complete and has mode 0600; plus readers for a stack's
# frames and for series points. Sourced after tests/lib.sh.

# check_dumps DIR: checks every dump and series file in DIR, and that no temporary file is left.
check_dumps() {
    local f why mode count=0
    for f in "$1"/heapwatch.*.txt "$1"/heapwatch.*.series; do
        [ -e "$f" ] || continue
        mode=$(stat -c %a "$f")
        check_eq "$mode" 600 "mode of $f"
        case $f in
            *.txt) why=$(awk -f "$HW_ROOT/tests/core/dump_format.awk" "$f") || fail "$why"
                   count=$((count + 1)) ;;
            *.series) check_series "$f" ;;
        esac
    done
    [ "$count" -gt 0 ] || fail "no dump files in $1"
    for f in "$1"/.*.tmp; do
        [ ! -e "$f" ] || fail "temporary file left behind: $f"
    done
}

# check_series FILE: the series header names the file's pid; points count seq from 0 in order.
check_series() {
    local why pid=${1##*/heapwatch.}
    pid=${pid%.series}
    why=$(awk -v pid="$pid" '
        NR == 1 { if ($1 != "heapwatch-series" || $2 != 1 || $3 != pid) { print "bad first line: " $0; exit 1 }; next }
        $1 == "point" {
            if ($2 != points) { print "point seq " $2 " where " points " was due"; exit 1 }
            if (NF < 16) { print "a point record has 16 fields: " $0; exit 1 }
            points++
        }' "$1") || fail "$1: $why"
}

# series_point FILE SEQ FIELD: FIELD (2 = seq, 5 = reason, 6 = live_bytes, 7 = live_blocks...) of point SEQ.
series_point() {
    awk -v seq="$2" -v f="$3" '$1 == "point" && $2 == seq { print $f; found = 1; exit }
        END { if (!found) exit 1 }' "$1" || fail "no point $2 in $1"
}

# series_points FILE: how many points FILE has.
series_points() { grep -c '^point ' "$1"; }

# frame_of FILE RANKING ID INDEX FIELD: FIELD (3 address .. 7 source) of frame INDEX of stack ID.
frame_of() {
    awk -v want="$2" -v id="$3" -v index_="$4" -v f="$5" '
        $1 == "ranking" { inr = ($2 == want) }
        inr && $1 == "stack" { cur = ($3 == id) }
        inr && cur && $1 == "frame" && $2 == index_ { print $f; found = 1; exit }
        END { if (!found) exit 1 }' "$1" || fail "no frame $4 of stack $3 in ranking $2 of $1"
}

# function_of FRAME_FUNCTION: the name in a FUNCTION field, without its +0xOFF.
function_of() { echo "${1%+0x*}"; }

# no_live_stack FILE FUNC: fails if any stack of the live ranking has FUNC at frame 0.
no_live_stack() {
    check_eq "$(stacks_with "$1" "$2")" 0 "live stacks with $2 at frame 0 in ${1##*/}"
}

# stack_value FILE FUNC FIELD [RANKING] [MAXFRAME]: stack_field, failing with a message when no
# stack of the ranking has FUNC at a frame <= MAXFRAME.
stack_value() {
    stack_field "$@" ||
        fail "no stack in ranking ${4:-live} of ${1##*/} with $2 at frame <= ${5:-0}; $(stack_summary "$1")"
}

# stack_summary FILE: the live ranking's stack records with their frame 0 function, for messages.
stack_summary() {
    awk '$1 == "ranking" { inr = ($2 == "live") } inr && $1 == "stack" { s = $0 }
         inr && $1 == "frame" && $2 == 0 { printf "\n    %s  <- %s", s, $6 }' "$1"
}

# expect_live FILE FUNC BYTES BLOCKS: the live stack with FUNC at frame 0 holds exactly BYTES in BLOCKS.
expect_live() {
    local bytes blocks
    bytes=$(stack_value "$1" "$2" $F_LIVE)
    blocks=$(stack_value "$1" "$2" $F_BLOCKS)
    [ "$bytes $blocks" = "$3 $4" ] ||
        fail "${1##*/}: $2 holds $bytes bytes in $blocks blocks, expected $3 in $4; $(stack_summary "$1")"
}

# pids_in DIR: the pids that wrote dump files into DIR, one a line.
pids_in() { ls "$1" | sed -n 's/^heapwatch\.\([0-9]*\)\.[0-9]*\.txt$/\1/p' | sort -u; }

# expect_live_total FILE FUNC BYTES BLOCKS: the live stacks with FUNC at frame 0 (one per distinct
# chain of callers) hold exactly BYTES in BLOCKS together.
expect_live_total() {
    local total
    total=$(awk -v fn="$2" '
        $1 == "ranking" { inr = ($2 == "live") }
        inr && $1 == "stack" { bytes = $4; blocks = $5 }
        inr && $1 == "frame" && $2 == 0 { f = $6; sub(/\+0x[0-9a-f]+$/, "", f); if (f == fn) { b += bytes; n += blocks } }
        END { print b + 0, n + 0 }' "$1")
    [ "$total" = "$3 $4" ] ||
        fail "${1##*/}: the stacks of $2 hold $total (bytes blocks), expected $3 $4; $(stack_summary "$1")"
}
