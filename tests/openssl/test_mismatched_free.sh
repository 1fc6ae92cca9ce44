#!/usr/bin/env bash
# free() of an OpenSSL block and OPENSSL_free() of a plain block (legal: both end in libc):
# no crash, the same output, both counted as mismatches, and no byte lost or kept: the exit
# dump matches that of the control run which frees each block with its own family's free.
. "$HW_ROOT/tests/lib.sh"
. "$HW_ROOT/tests/openssl/tls_helpers.sh"

prog=$(build_tls_prog ssl_mismatched_free) || exit 1
declare -A final

for mode in matched mismatched; do
    out=$(hw_run "$PWD/$mode" HEAPWATCH_INTERVAL=0 "$prog" $mode) || fail "the $mode run exited with status $?"
    check_eq "$out" "DEADBEEF plain copy" "output of the $mode run"
    pid=$(only_pid "$PWD/$mode") || exit 1
    final[$mode]=$(final_dump "$PWD/$mode" "$pid") || exit 1
    note "$mode: $(grep -E '^(live_bytes|live_blocks|untracked_frees|mismatched_frees|openssl_live_bytes) ' "${final[$mode]}" | tr '\n' ' ')"
done

check_eq "$(header "${final[matched]}" mismatched_frees)" 0 "mismatched frees of the control run"
check_eq "$(header "${final[mismatched]}" mismatched_frees)" 2 "mismatched frees"
for key in live_bytes live_blocks openssl_live_bytes openssl_live_blocks untracked_frees; do
    check_eq "$(header "${final[mismatched]}" $key)" "$(header "${final[matched]}" $key)" "$key at exit, against the control run"
done
echo ok
