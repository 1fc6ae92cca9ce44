#!/usr/bin/env bash
# demo_server (ASan/UBSan build) serves the page and the stats, answers HEAD, 404 and refusals
# correctly, generates its self-signed certificate on first start and reuses it on the next,
# and exits 0 on SIGTERM and on SIGINT with the sanitizers quiet.
. "$HW_ROOT/tests/lib.sh"
. "$HW_ROOT/tests/demo/demo_helpers.sh"

server_start
grep -q 'generated a self-signed certificate' server.log || fail "no certificate generated: $(cat server.log)"
[ -s demo_server-cert.pem ] && [ -s demo_server-key.pem ] || fail "certificate files missing"
check_eq "$(stat -c %a demo_server-key.pem)" 600 "mode of the private key"

out=$(peer get) || fail "GET / failed: $out"
page_len=$(echo "$out" | awk '{ print $3 }')
check_ge "$page_len" 2048 "length of the page"
check_eq "$(echo "$out" | awk '{ print $4 }')" "$page_len" "body bytes read vs Content-Length"
check_eq "$(echo "$out" | awk '{ print $2 }')" keep-alive "Connection header"

out=$(peer get --head) || fail "HEAD / failed: $out"
check_eq "$(echo "$out" | awk '{ print $3, $4 }')" "$page_len 0" "HEAD: Content-Length and body"
peer get /nowhere --expect 404 >/dev/null || fail "no 404 for an unknown path"
peer get '/stats?x=1' >/dev/null || fail "/stats with a query string"

# curl verifies the generated certificate against itself, by name and by address.
curl -sf --cacert demo_server-cert.pem "https://localhost:$PORT/" -o page.html || fail "curl by name"
curl -sf --cacert demo_server-cert.pem "https://127.0.0.1:$PORT/stats" -o stats.json || fail "curl by address"
check_eq "$(wc -c <page.html)" "$page_len" "page size through curl"
python3 -c 'import json, sys; d = json.load(open("stats.json")); sys.exit(not all(k in d for k in
    ("open", "accepted", "requests", "closed_idle_timeout", "rejected")))' || fail "stats JSON: $(cat stats.json)"

# Every accepted connection is either open or counted under one reason for closing.
check_eq "$(python3 -c 'import json; d = json.load(open("stats.json"));
print(d["accepted"] - d["open"] - sum(v for k, v in d.items() if k.startswith("closed_")))')" 0 \
    "accepted - open - closed"

check_eq "$(curl -s -o /dev/null -w '%{http_code}' -k -X POST "https://127.0.0.1:$PORT/")" 405 "POST"
check_eq "$(curl -s -o /dev/null -w '%{http_code}' -k -H 'Content-Length: 5' --data-binary abcde \
    -X GET "https://127.0.0.1:$PORT/")" 400 "GET with a body"
check_ge "$(server_stat refused_requests)" 2 "refused requests"
# One summary line per second: on a fast machine everything above takes less than that.
wait_for 5 grep -q 'open .* accepted .* requests' server.log
server_stop TERM

# Second start: the certificate is reused, and SIGINT also ends the server cleanly.
server_start
grep -q 'generated' server.log && fail "the certificate was generated again"
assert_serving
server_stop INT
