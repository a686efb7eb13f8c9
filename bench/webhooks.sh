#!/usr/bin/env bash
# Webhook delivery benchmark (issue 11), SQLite, one run:
#
#   bash bench/webhooks.sh            (after `make build`; `make bench` runs it too)
#
# A local nginx answers 204 to every delivery; the server runs with
# --webhooks-allow-private and one endpoint subscribed to part.created.
#   throughput  WH_EVENTS parts created by bulk requests (one event each), timed
#               from the first write to the last message marked succeeded
#   reads       p99 of GET /v1/parts/{id} (wrk, 5 s) with no delivery going
#               on, then while a second batch is being delivered
#   latency     a steady create load (wrk, 8 connections, 10 s): from each
#               event's commit (events.created_at) to the first byte of its
#               first delivery at nginx (its log: \$msec - \$request_time, by
#               webhook-id); p50 and p99
# Env: SUPPLYHUB_BIN (build/bin/supplyhub), WH_EVENTS (20000), BENCH_KEEP_TMP=1.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${SUPPLYHUB_BIN:-$REPO/build/bin/supplyhub}"
LUA="$REPO/bench/lua"
EVENTS=${WH_EVENTS:-20000}
T_DELIVERIES=5000
TMP=$(mktemp -d "${TMPDIR:-/tmp}/supplyhub-wh.XXXXXX")
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
    [ -f "$TMP/nginx/nginx.pid" ] && kill "$(cat "$TMP/nginx/nginx.pid")" 2>/dev/null || true
    [ "${BENCH_KEEP_TMP:-0}" = 1 ] && echo "kept $TMP" || rm -rf "$TMP"
}
trap cleanup EXIT
log() { printf '[webhooks] %s\n' "$*" >&2; }
for tool in wrk curl sqlite3; do command -v $tool >/dev/null || { log "$tool missing (make bench installs it)"; exit 1; }; done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

# nginx: 204 to anything, on a free port.
mkdir -p "$TMP/nginx/logs"
NPORT=$(( 20000 + RANDOM % 20000 ))
cat >"$TMP/nginx/nginx.conf" <<CONF
worker_processes 1;
error_log $TMP/nginx/error.log;
pid $TMP/nginx/nginx.pid;
events { worker_connections 4096; }
http {
  log_format hooks '\$msec \$request_time \$http_webhook_id';
  access_log $TMP/nginx/hooks.log hooks buffer=256k flush=1s;
  client_body_temp_path $TMP/nginx; proxy_temp_path $TMP/nginx; fastcgi_temp_path $TMP/nginx;
  uwsgi_temp_path $TMP/nginx; scgi_temp_path $TMP/nginx;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$NPORT; location / { return 204; } }
}
CONF
"$NGINX" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx/error.log"
sleep 0.3

"$BIN" serve --bind 127.0.0.1 --port 0 --port-file "$TMP/port" --data-dir "$TMP/data" --threads 2 --demo \
    --webhooks-allow-private --rate-limit 1000000000/1000000000 >"$TMP/server.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 300); do [ -s "$TMP/port" ] && break; sleep 0.1; done
PORT=$(cat "$TMP/port")
BASE="http://127.0.0.1:$PORT"
TOKEN=$(curl -sS -X POST "$BASE/v1/auth/login" -H 'Content-Type: application/json' \
    -d '{"username":"User1","password":"Password123"}' | grep -oE '"token":"[^"]+"' | cut -d'"' -f4)
AUTH="Authorization: Bearer $TOKEN"
DB="$TMP/data/supplyhub.db"
sql() { sqlite3 -readonly "$DB" "$1"; }
succeeded() { sql "SELECT count(*) FROM webhook_messages WHERE status = 'succeeded'"; }
now_ms() { date +%s%3N; }

curl -sS -o /dev/null -X POST "$BASE/v1/webhook_endpoints" -H "$AUTH" -H 'Content-Type: application/json' \
    -d "{\"url\":\"http://127.0.0.1:$NPORT/hook\",\"event_types\":[\"part.created\"],\"max_in_flight\":500}"

# Bulk bodies are made before any clock starts (awk), then sent with curl.
make_bulk() {  # make_bulk PREFIX COUNT: files $TMP/PREFIX_<r>.json of up to 1000 parts each
    awk -v rows="$2" -v f="$TMP/$1" -v p="$1" 'BEGIN { for (r = 0; r * 1000 < rows; r++) { out = f "_" r ".json"; printf "[" > out
        for (i = 1; i <= 1000 && r * 1000 + i <= rows; i++) { n = r * 1000 + i
            printf "%s{\"name\":\"P %d\",\"identification\":\"%s-%d\"}", (i > 1 ? "," : ""), n, p, n > out }
        printf "]" > out; close(out) } }'
}
bulk() {  # bulk PREFIX: sends the files make_bulk made
    local f
    for f in "$TMP/$1"_*.json; do
        curl -sS -o /dev/null -X POST "$BASE/v1/parts/bulk" -H "$AUTH" -H 'Content-Type: application/json' --data-binary @"$f"
    done
}
wait_for() {  # wait_for N: until N messages succeeded (at most 120 s)
    for _ in $(seq 2400); do [ "$(succeeded)" -ge "$1" ] && return 0; sleep 0.05; done
    log "only $(succeeded) of $1 delivered after 120 s"; return 1
}
p99() { grep -E '^ +99%' "$1" | awk '{print $2}'; }

make_bulk A "$EVENTS"
make_bulk B "$EVENTS"

# 1. Throughput.
start=$(now_ms)
bulk A
written=$(now_ms)
wait_for "$EVENTS"
done_ms=$(now_ms)
rate=$(( EVENTS * 1000 / (done_ms - start) ))
log "throughput: $EVENTS deliveries in $((done_ms - start)) ms (writes took $((written - start)) ms): $rate/s"

# 2. Reads alone, then while a second batch is delivered.
IDS=$(sql "SELECT min(id) || ' ' || max(id) FROM parts")
wrk -t2 -c32 -d5s --latency -H "$AUTH" -s "$LUA/get_by_id.lua" "$BASE" -- $IDS >"$TMP/reads_idle.txt"
( bulk B ) &
PIDS+=($!)
sleep 0.3
wrk -t2 -c32 -d5s --latency -H "$AUTH" -s "$LUA/get_by_id.lua" "$BASE" -- $IDS >"$TMP/reads_busy.txt"
wait_for $((EVENTS * 2)) || true
log "reads p99: $(p99 "$TMP/reads_idle.txt") idle, $(p99 "$TMP/reads_busy.txt") while delivering"

# 3. Latency under a steady create load.
mark=$(sql "SELECT coalesce(max(id), 0) FROM events")
wrk -t2 -c8 -d10s -H "$AUTH" -s "$LUA/create_one.lua" "$BASE" -- L-$$ >"$TMP/load.txt"
total=$(sql "SELECT count(*) FROM events WHERE id > $mark")
wait_for $((EVENTS * 2 + total)) || true
sleep 1.2  # nginx flushes its log every second
sql "SELECT id, (julianday(created_at) - 2440587.5) * 86400000.0 FROM events WHERE id > $mark" | tr '|' ' ' >"$TMP/commits.txt"
# First arrival of each event id at nginx (a retry arrives later), minus its commit.
awk 'NR == FNR { commit[$1] = $2; next }
     { id = substr($3, 5) } (id in commit) && !(id in first) { first[id] = ($1 - $2) * 1000.0 }
     END { for (id in first) printf "%.3f\n", first[id] - commit[id] }' "$TMP/commits.txt" "$TMP/nginx/hooks.log" |
    sort -n >"$TMP/lat.txt"
n=$(wc -l <"$TMP/lat.txt")
p50=$(awk -v n="$n" 'NR == int(n * 0.50) + 1 { printf "%.1f", $1 }' "$TMP/lat.txt")
p99l=$(awk -v n="$n" 'NR == int(n * 0.99) + 1 { printf "%.1f", $1 }' "$TMP/lat.txt")
creates=$(grep -E '^Requests/sec' "$TMP/load.txt" | awk '{printf "%d", $2}')
log "latency under $creates creates/s: p50 $p50 ms, p99 $p99l ms ($n deliveries)"

verdict=$([ "$rate" -ge "$T_DELIVERIES" ] && echo ok || echo MISS)
printf '\n| webhooks (SQLite) | figure | target | verdict |\n|---|---|---|---|\n'
printf '| deliveries/s to a local receiver (signed) | %s | >= %s | %s |\n' "$rate" "$T_DELIVERIES" "$verdict"
printf '| GET by id p99, idle / while delivering | %s / %s | - | - |\n' "$(p99 "$TMP/reads_idle.txt")" "$(p99 "$TMP/reads_busy.txt")"
printf '| commit -> first byte at the receiver, p50 / p99 (at %s creates/s) | %s ms / %s ms | - | - |\n' "$creates" "$p50" "$p99l"
