#!/usr/bin/env bash
# heapwatch flame and pprof, parsed back and compared with the dump's own figures; the pprof file is
# also read by `go tool pprof` when Go is installed.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/analyze/analyze_lib.sh"
D=$DATA/basic.txt

"$HW" flame "$D" >flame.txt || fail "flame failed"
check_eq "$(awk '{ s += $NF } END { print s }' flame.txt)" 139936 "flame weights add up to live_bytes"
check_eq "$(grep -c . flame.txt)" 4 "three stacks and the rest"
grep -qx 'main;handle_client;SSL_read;ssl3_read_n;ssl3_setup_read_buffer;CRYPTO_zalloc 33280' flame.txt ||
    fail "root-first stack: $(cat flame.txt)"
grep -qx '\[2 other stacks\] 160' flame.txt || fail "rest line: $(cat flame.txt)"
"$HW" flame "$D" --value count | awk '{ s += $NF } END { exit s != 23 }' || fail "flame --value count != live_blocks"

"$HW" pprof "$D" -o heap.prof || fail "pprof failed"
# Header totals are the sums of the buckets; every stack the dump lists (3 live + #25 from growth).
read -r objs bytes aobjs abytes < <(sed -n '1s/^heap profile: *\([0-9]*\): *\([0-9]*\) \[ *\([0-9]*\): *\([0-9]*\)\] @ heapprofile$/\1 \2 \3 \4/p' heap.prof)
check_eq "$objs $bytes $aobjs $abytes" "22 139836 40 177212" "pprof header"
check_eq "$(awk '/^ *[0-9]+: *[0-9]+ \[/ { o += $1; b += $2 } END { print o + 0, b + 0 }' heap.prof)" "22 139836" "bucket sums"
grep -qx '     2:    33280 \[     4:    66560\] @ 0x7ffff79a2b3c 0x7ffff7e3c1d0 0x7ffff7e3a000 0x7ffff7e45aa0 0x555555555400 0x5555555552f4' heap.prof ||
    fail "stack #7 bucket, leaf first: $(cat heap.prof)"
grep -qx '7ffff7e20000-7ffff7e80000 r-xp 00020000 00:00 0 /usr/lib/x86_64-linux-gnu/libssl.so.3' heap.prof ||
    fail "MAPPED_LIBRARIES from map records"

command -v go >/dev/null || { echo "skipping the go tool pprof part: go is not installed"; echo "flame and pprof: exact"; exit 0; }
# Symbolization needs the binaries, which these hand-written addresses do not point into.
HOME=$HW_TMP GOCACHE=$HW_TMP/gocache go tool pprof -top -inuse_space -symbolize=none heap.prof >pprof.txt 2>&1 ||
    fail "go tool pprof rejected the file: $(cat pprof.txt)"
grep -Eq 'Showing nodes accounting for 136\.5[0-9]kB, 100% of 136\.5[0-9]kB total' pprof.txt ||
    fail "go tool pprof total (139836 B): $(cat pprof.txt)"
HOME=$HW_TMP GOCACHE=$HW_TMP/gocache go tool pprof -top -alloc_objects -symbolize=none heap.prof >pprof.txt 2>&1 ||
    fail "go tool pprof -alloc_objects: $(cat pprof.txt)"
grep -Eq 'accounting for 40, 100% of 40 total' pprof.txt || fail "alloc_objects total: $(cat pprof.txt)"
echo "flame and pprof: exact, go tool pprof agrees"
