#!/usr/bin/env bash
# OpenSSL memory that heapwatch's hooks cannot see as such must be reported as unseen, in the
# `openssl` header, rather than as no OpenSSL memory at all:
#  - libssl loaded with RTLD_DEEPBIND: `openssl not-visible`;
#  - OpenSSL linked statically: `openssl not-visible`, and its memory still attributed by stack,
#    through malloc (what the leaked TLS context holds: stacks where OpenSSL's allocator calls malloc);
#  - OpenSSL's secure heap in use: the header says the secure heap's blocks are not visible.
. "$HW_ROOT/tests/lib.sh"
. "$HW_ROOT/tests/openssl/tls_helpers.sh"

src=tests/openssl/progs bin=$HW_TMP/bin
tls_gcc "$bin/ssl_deepbind" "$src/ssl_deepbind.c" -ldl
tls_gcc "$bin/ssl_static_openssl" "$src/ssl_static_openssl.c" -Wl,-Bstatic -lssl -lcrypto -Wl,-Bdynamic -ldl
tls_gcc "$bin/ssl_secure_heap" "$src/ssl_secure_heap.c" -lcrypto
ldd "$bin/ssl_static_openssl" | grep -q libcrypto && fail "ssl_static_openssl is linked to libcrypto.so"

# run_to_exit NAME OUTPUT: runs $bin/NAME under heapwatch, checks its output and exit status, and
# sets FINAL to its exit dump.
run_to_exit() {
    local dir=$PWD/dumps.$1 out pid
    out=$(hw_run "$dir" HEAPWATCH_INTERVAL=0 HEAPWATCH_TOP=100 "$bin/$1") || fail "$1 exited with status $?"
    check_eq "$out" "$2" "output of $1"
    pid=$(only_pid "$dir") || exit 1
    FINAL=$(final_dump "$dir" "$pid") || exit 1
    note "$1: $(grep '^openssl ' "$FINAL")"
}

run_to_exit ssl_deepbind "context made"
check_eq "$(openssl_state "$FINAL")" not-visible "openssl state with libssl loaded with RTLD_DEEPBIND"

run_to_exit ssl_secure_heap "secure block held"
check_eq "$(openssl_state "$FINAL")" hooked "openssl state with the secure heap in use"
grep -q '^openssl .*secure\\x20heap' "$FINAL" || fail "the openssl header does not mention the secure heap"

run_to_exit ssl_static_openssl "context made"
allocator_stacks=$(($(stacks_tagged "$FINAL" untagged CRYPTO_malloc 0) + $(stacks_tagged "$FINAL" untagged CRYPTO_zalloc 0)))
check_ge "$allocator_stacks" 1 "live stacks with the static OpenSSL's allocator calling malloc (attributed through malloc)"
check_eq "$(openssl_state "$FINAL")" not-visible "openssl state with OpenSSL linked statically"
echo ok
