#!/usr/bin/env bash
# Python's ssl module under heapwatch: libssl and libcrypto are loaded late, by dlopen with
# RTLD_LOCAL when `import ssl` runs, long after heapwatch started. Their allocations must still
# reach heapwatch with their OpenSSL sites: 100 SSL objects made by SSLContext.wrap_bio are exactly
# 100 blocks of OpenSSL's SSL_new site, allocated from the _ssl extension module. Python's output
# and exit status are unchanged.
. "$HW_ROOT/tests/lib.sh"
. "$HW_ROOT/tests/openssl/tls_helpers.sh"

python=/usr/bin/python3 # Debian's, whose _ssl module links the system's libssl
[ -x "$python" ] || skip "no $python"
script='
import ssl, sys
print("ready", ssl.OPENSSL_VERSION, flush=True)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
objects = [context.wrap_bio(ssl.MemoryBIO(), ssl.MemoryBIO(), server_hostname="localhost")
           for _ in range(100)]
print("holding", len(objects), flush=True)
sys.stdin.read()
print("done")
'
dir=$PWD/dumps

start_held py env HEAPWATCH_DIR="$dir" HEAPWATCH_INTERVAL=0 HEAPWATCH_TOP=100 LD_PRELOAD="$HW_LIB" \
    "$python" -c "$script"
pid=$(pid_of py)
wait_line 20 py "holding 100"
dump_now "$dir" "$pid"
note "$(grep -E '^(openssl|openssl_live_bytes|openssl_live_blocks|openssl_total_allocs|sites) ' "$DUMP" | tr '\n' ' ')"
check_eq "$(openssl_state "$DUMP")" hooked "openssl state once ssl is imported"
check_eq "$(site_live "$DUMP" "$SSL_OBJECT_SITE" 4)" 100 "live blocks of $SSL_OBJECT_SITE (100 SSL objects)"
check_ge "$(awk '$1 == "sites" && NF >= 4 { print $3; exit }' "$DUMP")" 10 "OpenSSL sites with live bytes (the sites ranking)"
modules=$(awk -v s="$SSL_OBJECT_SITE" -v f="$F_SITE" '
    $1 == "ranking" { inr = ($2 == "live") }
    inr && $1 == "stack" { mine = ($f == s) }
    inr && $1 == "frame" && mine { print $4 }' "$DUMP")
grep -q '/_ssl\.cpython[^/]*\.so$' <<<"$modules" ||
    fail "the stack of $SSL_OBJECT_SITE does not go through the _ssl module: $(sort -u <<<"$modules" | tr '\n' ' ')"

release_held py
wait_exit py
check_eq "$(sed -n 1p py.out | cut -d' ' -f1)" ready "python's first line"
check_eq "$(tail -n 1 py.out)" "done" "python's last line"
final=$(final_dump "$dir" "$pid") || exit 1
check_eq "$(header "$final" mismatched_frees)" 0 "mismatched frees"
check_ge "$(header "$final" openssl_total_allocs)" 1000 "allocations through OpenSSL's allocator"
echo ok
