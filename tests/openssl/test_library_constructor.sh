#!/usr/bin/env bash
# OpenSSL initialised, and a TLS context allocated, by a library's constructor that runs before
# heapwatch's own (libearlyinit.so, linked to the program): those allocations are recorded with
# their OpenSSL sites and the constructor in their stacks; later ones as well (exactly one SSL
# object per SSL_new); and the exit dump comes after OpenSSL's cleanup, which this ordering runs
# after heapwatch's destructor, so nothing of OpenSSL's is live at exit.
. "$HW_ROOT/tests/lib.sh"
. "$HW_ROOT/tests/openssl/tls_helpers.sh"

src=tests/openssl/progs
bin=$HW_TMP/bin
tls_gcc "$bin/libearlyinit.so" -shared -fPIC "$src/ssl_early_init_lib.c" -lssl
prog=$(build_tls_prog ssl_early_init -L"$bin" -learlyinit -Wl,-rpath,"$bin") || exit 1
dir=$PWD/dumps

start_held app env HEAPWATCH_DIR="$dir" HEAPWATCH_INTERVAL=0 HEAPWATCH_TOP=100 LD_PRELOAD="$HW_LIB" "$prog"
pid=$(pid_of app)
wait_line 10 app ready
dump_now "$dir" "$pid"
note "$(grep -E '^(openssl|openssl_live_bytes|openssl_live_blocks|openssl_total_allocs|sites) ' "$DUMP" | tr '\n' ' ')"
check_eq "$(openssl_state "$DUMP")" hooked "openssl state"
check_ge "$(stacks_tagged "$DUMP" tagged create_early_context 31)" 1 \
    "OpenSSL-tagged stacks from the library constructor create_early_context"
check_eq "$(site_live "$DUMP" "$SSL_OBJECT_SITE" 4)" 8 "live blocks of $SSL_OBJECT_SITE (8 SSL objects)"
site_stack_functions "$DUMP" "$SSL_OBJECT_SITE" | grep -qx create_ssl_objects ||
    fail "the stack of $SSL_OBJECT_SITE does not go through create_ssl_objects()"

release_held app
wait_exit app
final=$(final_dump "$dir" "$pid") || exit 1
note "at exit: $(grep -E '^(openssl_live_bytes|openssl_live_blocks|mismatched_frees|untracked_frees) ' "$final" | tr '\n' ' ')"
check_eq "$(header "$final" openssl_live_bytes)" 0 "OpenSSL live bytes at exit"
check_eq "$(header "$final" openssl_live_blocks)" 0 "OpenSSL live blocks at exit"
check_eq "$(header "$final" mismatched_frees)" 0 "mismatched frees"
echo ok
