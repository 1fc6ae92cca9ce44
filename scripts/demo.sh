#!/bin/sh
# Placeholder until the demo lands: runs a small example program under heapwatch and prints its newest dump.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/build/demo-example
rm -rf "$out"; mkdir -p "$out"
HEAPWATCH_DIR=$out "$root/build/heapwatch" run -- python3 -c 'x = [bytearray(4096) for _ in range(1000)]'
newest=$(ls "$out"/heapwatch.*.txt | sort | tail -n 1)
sed -n '1,60p' "$newest"
echo "dumps in $out"
