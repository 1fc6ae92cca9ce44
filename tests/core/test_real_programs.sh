#!/usr/bin/env bash
# Issue 2, test 9: programs nobody here wrote -- python3 running threads, a git session, openssl
# generating a key and certificate, sort, tar -- print the same stdout and exit with the same status
# under heapwatch as without, and every dump they leave (each process of theirs writes its own)
# is complete and well-formed, with an exit dump for each process that exited normally.
source "$HW_ROOT/tests/lib.sh"
source "$HW_ROOT/tests/core/dump_checks.sh"
source "$HW_ROOT/tests/core/runs.sh"
set -e

# Distribution binaries, not shims in front of them (pyenv's python3 is a bash script).
python=/usr/bin/python3
for tool in "$python" /usr/bin/git /usr/bin/openssl; do
    [ -x "$tool" ] || skip "$tool is not installed (scripts/install-deps.sh installs it)"
done

# same_and_dumped NAME CMD ARGS...: same_as_without, then checks the dumps of the heapwatch run.
same_and_dumped() {
    local name=$1 d=$HW_TMP/dumps-$1
    shift
    same_as_without "$name" "$d" HEAPWATCH_INTERVAL=0.2 "$@"
    check_dumps "$d"
    grep -lqE '^final +1$' "$d"/heapwatch.*.txt || fail "$name: no exit dump"
    note "$name: $(pids_in "$d" | wc -l) processes, $(find "$d" -name 'heapwatch.*.txt' | wc -l) dumps"
}

cat >threads.py <<'PY'
import hashlib, threading
results = [None] * 8
def work(i):
    chunks = [bytes([i]) * n for n in range(3000)]
    results[i] = (i, len(chunks), hashlib.sha256(b"".join(chunks)).hexdigest()[:16])
threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
for t in threads: t.start()
for t in threads: t.join()
for r in results: print(*r)
PY
same_and_dumped python-threads "$python" threads.py
same_and_dumped python-exit-5 "$python" -c 'import sys; print("bye"); sys.exit(5)'
# Killed by SIGTERM: no exit dump to expect, but the same death (status 143).
same_as_without python-sigterm "$HW_TMP/dumps-sigterm" \
    "$python" -c 'import os, signal; print("dying", flush=True); os.kill(os.getpid(), signal.SIGTERM)'

# git: fixed identities and dates make the hashes the same on every run.
cat >git-session.sh <<'SH'
export HOME=$PWD GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=T GIT_AUTHOR_EMAIL=t@example.invalid \
    GIT_COMMITTER_NAME=T GIT_COMMITTER_EMAIL=t@example.invalid \
    GIT_AUTHOR_DATE='2024-01-01T00:00:00Z' GIT_COMMITTER_DATE='2024-01-01T00:00:00Z'
rm -rf repo && git init -q -b main repo && cd repo || exit 1
for i in 1 2 3; do
    seq 1 $((i * 1000)) >"file$i" && git add "file$i" && git commit -q -m "commit $i" || exit 1
done
git log --stat --format='%H %s' && git gc -q && git count-objects -v | grep -v size && git fsck --no-progress
echo "status $?"
SH
same_and_dumped git bash git-session.sh
same_stderr git
same_and_dumped git-bad-ref git -C repo log no-such-ref
same_stderr git-bad-ref

same_and_dumped openssl-req openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=x -keyout k -out c
check_eq "$(openssl x509 -in c -noout -subject)" "subject=CN = x" "subject of the certificate made under heapwatch"
check_eq "$(openssl rsa -in k -check -noout)" "RSA key ok" "the key made under heapwatch"
note "openssl req: $(grep -h '^openssl ' dumps-openssl-req/*.txt | sort -u | head -n 1)"

awk 'BEGIN { srand(42); for (i = 0; i < 200000; i++) printf "%d %s\n", int(rand() * 1e9), i }' >numbers
same_and_dumped sort sort -n -S 1M --parallel=2 numbers

mkdir -p tree && for i in $(seq 1 50); do seq 1 $((i * 100)) >"tree/f$i"; done
same_and_dumped tar bash -c 'tar -cf a.tar tree && tar -tvf a.tar && tar -xOf a.tar tree/f7 | cksum; echo "status $?"'
