#!/bin/sh
# Installs the Debian packages heapwatch needs to build, test, demo and bench.
# Idempotent: asks apt only for what is missing, and says what it does.
#   scripts/install-deps.sh           build + test + demo dependencies
#   scripts/install-deps.sh --bench   also what `make bench` compares against (heaptrack, wrk)
#   scripts/install-deps.sh --check   only report what is missing (exit 1 if anything is)
set -eu

BUILD="build-essential pkg-config libssl-dev libunwind-dev uthash-dev libdw-dev libelf-dev"
TEST="openssl ca-certificates python3 git nginx golang-go clang libclang-rt-14-dev procps iproute2 chromium libjemalloc2 libtcmalloc-minimal4 valgrind"
BENCH="heaptrack wrk"

want="$BUILD $TEST"
mode=install
for arg in "$@"; do
    case "$arg" in
        --bench) want="$want $BENCH" ;;
        --check) mode=check ;;
        *) echo "usage: $0 [--bench] [--check]" >&2; exit 2 ;;
    esac
done

missing=""
for pkg in $want; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    [ "$status" = installed ] || missing="$missing $pkg"
done

if [ -z "$missing" ]; then
    echo "install-deps: all packages present"
    exit 0
fi
if [ "$mode" = check ]; then
    echo "install-deps: missing:$missing"
    exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing:$missing; run as root: sudo $0" >&2
    exit 1
fi
echo "install-deps: apt-get install$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
echo "install-deps: done"
