#!/usr/bin/env bash
# OpenSSL sites past the capacity of heapwatch's lock-free site index (preload/sites.c): 3000
# file:line sites, each called through two string pointers with the same text, twice. Each site
# is one site, merged by text, with exactly its 4 blocks, whether it was answered from the index
# or looked up by text.
. "$HW_ROOT/tests/lib.sh"
. "$HW_ROOT/tests/openssl/tls_helpers.sh"

prog=$(build_tls_prog ssl_many_sites) || exit 1
dir=$PWD/dumps
HEAPWATCH_DIR="$dir" HEAPWATCH_INTERVAL=0 HEAPWATCH_TOP=4000 LD_PRELOAD="$HW_LIB" "$prog" ||
    fail "ssl_many_sites failed"
final=$(ls "$dir"/heapwatch.*.txt | sort | tail -n 1)
check_eq "$(header "$final" sites)" 3000 "sites"
check_eq "$(header "$final" openssl_live_blocks)" 12000 "OpenSSL blocks live at exit"
for line in 1 2 1024 2048 2049 3000; do
    site=ssl/many_sites.c:$line
    check_eq "$(site_field "$final" "$site" 3)" $((4 * (100 + line))) "live bytes of $site"
    check_eq "$(site_field "$final" "$site" 4)" 4 "live blocks of $site"
done
exit 0
