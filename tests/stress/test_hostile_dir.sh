#!/usr/bin/env bash
# Issue 8: a hostile dump directory. Symlinks planted at the next dump's name, at its temporary
# name and at the series file's name are never followed (the files they point to stay untouched):
# a planted dump or series name is refused with one warning and the dumps go on under the next
# numbers; a planted temporary name is removed like a leftover. A directory owned by another user,
# or a file where the directory should be, is refused with one warning. The program is unharmed.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/core/dump_checks.sh"
source "$HW_ROOT/tests/core/runs.sh"
source "$HW_ROOT/tests/stress/common.sh"
set -e

victim=$HW_TMP/victim
precious="a file heapwatch must never write"

# planted NAME_PATTERN [DUMPS_BEFORE]: runs core_idle paused, takes DUMPS_BEFORE (default 0) signal
# dumps, plants a symlink to $victim at NAME_PATTERN (PID replaced by the pid), takes one more
# signal dump, then lets the program end.
planted() {
    local d=$HW_TMP/planted-$1-${2:-0} name pid status=0 seq
    echo "$precious" >"$victim"
    paused_start "$d" HEAPWATCH_INTERVAL=0 "$HW_PROGS/core_idle" 2>"$HW_TMP/last.err"
    pid=$(paused_at idle)
    for ((seq = 0; seq < ${2:-0}; seq++)); do signal_dump "$d" "$pid" "$seq" >/dev/null; done
    name=${1//PID/$pid}
    ln -s "$victim" "$d/$name"
    kill -USR2 "$pid"
    sleep 0.5
    paused_resume
    paused_end || status=$?
    check_eq "$status" 0 "exit status with a symlink at $name"
    check_eq "$(cat "$victim")" "$precious" "the file the symlink at $name points to"
    [ ! -e "$d/$name" ] || [ -L "$d/$name" ] || fail "$name was replaced by a regular file, not left alone or removed"
    check_le "$(warnings "$HW_TMP/last.err" | wc -l)" 1 "heapwatch lines on stderr with a symlink at $name"
    PLANTED_DIR=$d PLANTED_PID=$pid
}

failed=()

# The final name, before the first dump and after it: refused with one warning, the link stays,
# and the dumps (the exit dump included) take the next numbers.
for before in 0 1; do
    (
        planted "heapwatch.PID.00000$before.txt" "$before"
        link=$PLANTED_DIR/heapwatch.$PLANTED_PID.00000$before.txt
        [ -L "$link" ] || fail "the planted link at the dump's name was removed"
        check_eq "$(dumps_of "$PLANTED_DIR" "$PLANTED_PID" | grep -vcx "$link")" $((before + 2)) \
            "dumps written besides the planted name ${link##*/}"
        final_dump "$PLANTED_DIR" "$PLANTED_PID" >/dev/null
        check_eq "$(warnings "$HW_TMP/last.err" | wc -l)" 1 "warnings about the planted dump name ${link##*/}"
    ) || failed+=("final-name-after-$before")
done

# The temporary name: the leftover is removed, never followed, and both dumps are written.
(
    planted .heapwatch.PID.000000.tmp
    check_dumps "$PLANTED_DIR"
    check_eq "$(dumps_of "$PLANTED_DIR" "$PLANTED_PID" | wc -l)" 2 "dumps written past the planted temporary name"
) || failed+=(temp-name)

# The series name: refused with one warning, never written through; the dumps go on.
(
    planted heapwatch.PID.series
    [ -L "$PLANTED_DIR/heapwatch.$PLANTED_PID.series" ] || fail "the planted link at the series name was replaced"
    check_eq "$(dumps_of "$PLANTED_DIR" "$PLANTED_PID" | wc -l)" 2 "dumps written beside the planted series link"
    check_eq "$(warnings "$HW_TMP/last.err" | wc -l)" 1 "warnings about the planted series name"
) || failed+=(series-name)

# refused DIR WHAT: core_idle with HEAPWATCH_DIR=DIR ends normally, leaves nothing in DIR and gets
# exactly one warning.
refused() {
    local status=0 before
    before=$(ls -la "$1" 2>/dev/null | md5sum)
    within 10 "$HW_TMP/unused" HEAPWATCH_DIR="$1" HEAPWATCH_INTERVAL=0.05 "$HW_PROGS/core_idle" 0.3 || status=$?
    check_eq "$status" 0 "exit status with $2 as the dump directory"
    check_eq "$(ls -la "$1" 2>/dev/null | md5sum)" "$before" "$2 after the run"
    check_eq "$(warnings "$HW_TMP/last.err" | wc -l)" 1 "heapwatch lines on stderr with $2 as the dump directory"
    note "$2: $(warnings "$HW_TMP/last.err")"
}

(
    echo "$precious" >"$HW_TMP/a-file"
    refused "$HW_TMP/a-file" "a regular file"
    check_eq "$(cat "$HW_TMP/a-file")" "$precious" "the file named as the dump directory"
) || failed+=(file-as-dir)

for mode in 755 777; do
    (
        [ "$(id -u)" -eq 0 ] || skip "chown to nobody needs root"
        d=$HW_TMP/nobodys-$mode
        mkdir -p "$d"
        chown nobody "$d"
        chmod "$mode" "$d"
        refused "$d" "a directory of another user (mode $mode)"
    ) || { rc=$?; [ $rc -eq 77 ] || failed+=(other-user-$mode); }
done

[ ${#failed[@]} -eq 0 ] || fail "cases that failed: ${failed[*]}"
