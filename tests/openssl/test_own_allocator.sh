#!/usr/bin/env bash
# A program that installs its own OpenSSL allocator (CRYPTO_set_mem_functions in main) under
# heapwatch: the call succeeds and CRYPTO_get_mem_functions gives back the program's functions;
# the program's functions get every OpenSSL allocation (as many calls as heapwatch counts OpenSSL
# allocations); the memory is still attributed by OpenSSL site and stack, once (the malloc inside
# the program's allocator is not recorded a second time); the header says `chained`; at exit
# nothing of OpenSSL's is left.
. "$HW_ROOT/tests/lib.sh"
. "$HW_ROOT/tests/openssl/tls_helpers.sh"

prog=$(build_tls_prog ssl_own_allocator) || exit 1
source_file=tests/openssl/progs/ssl_own_allocator.c
app_site=$source_file:$(grep -n 'OPENSSL_malloc(APP_BLOCK_SIZE)' "$HW_ROOT/$source_file" | cut -d: -f1)
dir=$PWD/dumps

start_held app env HEAPWATCH_DIR="$dir" HEAPWATCH_INTERVAL=0 HEAPWATCH_TOP=100 LD_PRELOAD="$HW_LIB" "$prog"
pid=$(pid_of app)
wait_line 10 app ready
check_eq "$(sed -n 's/^set_mem_functions //p' app.out)" 1 "CRYPTO_set_mem_functions under heapwatch"
check_eq "$(sed -n 's/^get_mem_functions //p' app.out)" ours "CRYPTO_get_mem_functions under heapwatch"
dump_now "$dir" "$pid"
held=$DUMP
read -r _ _ mallocs _ reallocs _ frees < <(grep '^held ' app.out)
note "the program's allocator, after setting up: $mallocs mallocs, $reallocs reallocs, $frees frees"
note "$(grep -E '^(openssl|openssl_live_bytes|openssl_total_allocs|mismatched_frees) ' "$held" | tr '\n' ' ')"

check_eq "$(openssl_state "$held")" chained "openssl state"
check_ge "$mallocs" 11 "calls of the program's malloc (SSL_CTX_new, 8 SSL_new, 10 OPENSSL_malloc)"
check_eq $((mallocs + reallocs)) "$(header "$held" openssl_total_allocs)" \
    "calls of the program's malloc and realloc against heapwatch's openssl_total_allocs"

check_eq "$(site_live "$held" "$app_site" 3)" 10000 "live bytes of $app_site"
check_eq "$(site_live "$held" "$app_site" 4)" 10 "live blocks of $app_site"
check_eq "$(stacks_tagged "$held" tagged hold_app_blocks 0)" 1 "OpenSSL-tagged stacks allocating from hold_app_blocks"
check_eq "$(site_live "$held" "$SSL_OBJECT_SITE" 4)" 8 "live blocks of $SSL_OBJECT_SITE (8 SSL objects)"
for fn in counting_malloc counting_realloc; do
    check_eq "$(stacks_tagged "$held" untagged $fn 0)" 0 "untagged stacks allocating from $fn (counted twice)"
done

release_held app
wait_exit app
read -r _ _ mallocs_end _ _ _ frees_end < <(grep '^freed ' app.out)
check_ge "$frees_end" $((frees + 10 + 8 + 1)) "calls of the program's free once it freed what it held"
final=$(final_dump "$dir" "$pid") || exit 1
check_eq "$(header "$final" openssl_live_bytes)" 0 "OpenSSL live bytes at exit"
check_eq "$(header "$final" openssl_live_blocks)" 0 "OpenSSL live blocks at exit"
check_eq "$(header "$final" mismatched_frees)" 0 "mismatched frees"
echo "ok ($mallocs_end mallocs, $frees_end frees by the program's allocator before exit)"
