#!/usr/bin/env bash
# Supplyhub benchmark harness. See bench/README.md.
#
#   bash bench/run.sh            (what `make bench` runs, from the repo root)
#
# Env knobs:
#   SUPPLYHUB_BIN      server binary            (default build/bin/supplyhub)
#   BENCH_DURATION     seconds per wrk case     (default 10; wrk bulk case uses min(5, this))
#   BENCH_CONNECTIONS  wrk connections          (default 64)
#   BENCH_TOKEN        if set, sent as "Authorization: Bearer $BENCH_TOKEN" on every request
#   BENCH_KEEP_TMP     if 1, keep the temp dir (server log, data, raw wrk output)
#
# All traffic goes to 127.0.0.1 only. Exit status: 0 when the run completed
# (even with MISS verdicts), 1 when the server could not start, the bulk load
# failed, or a case returned mostly errors.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
LUA_DIR="$BENCH_DIR/lua"
RESULTS_DIR="$BENCH_DIR/results"

BIN="${SUPPLYHUB_BIN:-$REPO_DIR/build/bin/supplyhub}"
DURATION="${BENCH_DURATION:-10}"
CONNS="${BENCH_CONNECTIONS:-64}"
TOKEN="${BENCH_TOKEN:-}"
THREADS=2                 # wrk threads; the machine has 2 cores, the server runs 2 threads too
BULK_REQS=100             # bulk load: 100 requests ...
BULK_ROWS=1000            # ... of 1000 rows = 100,000 parts
PER_PAGE=50
BULK_WRK_CONNS=8
BULK_WRK_DURATION=$(( DURATION < 5 ? DURATION : 5 ))

# Targets
T_STATUS_RATIO=0.5        # status >= 0.5 x nginx
T_PAGE_RPS=20000          # 50-row page
T_PAGE_P99_MS=10
T_GET_RPS=30000
T_CREATE_RPS=5000
T_BULK_PPS=100000
T_RSS_MB=150

log()  { printf '[bench] %s\n' "$*" >&2; }
die()  { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }

case "$DURATION" in ''|*[!0-9]*) die "BENCH_DURATION must be a positive integer (seconds)";; esac
case "$CONNS" in ''|*[!0-9]*) die "BENCH_CONNECTIONS must be a positive integer";; esac
[ "$DURATION" -ge 1 ] || die "BENCH_DURATION must be >= 1"
[ "$CONNS" -ge "$THREADS" ] || die "BENCH_CONNECTIONS must be >= $THREADS"

HAVE_PY=0
[ -x /usr/bin/python3 ] && HAVE_PY=1

# ---------------------------------------------------------------- packages --
find_nginx() { command -v nginx 2>/dev/null || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true; }

ensure_packages() {
    if command -v wrk >/dev/null 2>&1 && [ -n "$(find_nginx)" ] && command -v curl >/dev/null 2>&1; then
        return 0
    fi
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || die "wrk/nginx/curl missing and not root (no sudo): apt-get install -y wrk nginx-light curl"
        sudo="sudo"
    fi
    log "installing missing packages: wrk nginx-light curl"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y wrk nginx-light curl
}
ensure_packages
NGINX_BIN="$(find_nginx)"
[ -n "$NGINX_BIN" ] || die "nginx not found after install"

[ -x "$BIN" ] || die "server binary not found or not executable: $BIN (build it first, or set SUPPLYHUB_BIN)"

# ------------------------------------------------------------ temp + trap --
TMP="$(mktemp -d "${TMPDIR:-/tmp}/supplyhub-bench.XXXXXX")"
SERVER_PID=""
NGINX_PID=""

stop_pid() {   # stop_pid PID SIGNAL: signal, wait up to 5 s, then SIGKILL
    local pid="$1" sig="$2" i
    [ -n "$pid" ] || return 0
    kill -0 "$pid" 2>/dev/null || return 0
    kill "-$sig" "$pid" 2>/dev/null || true
    for i in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_pid "$SERVER_PID" TERM
    stop_pid "$NGINX_PID" QUIT
    if [ "${BENCH_KEEP_TMP:-0}" = 1 ]; then
        log "temp dir kept: $TMP"
    else
        rm -rf "$TMP"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

AUTH_HDR=()
[ -n "$TOKEN" ] && AUTH_HDR=(-H "Authorization: Bearer $TOKEN")

# curl wrapper: quiet, loopback only, auth header when configured.
ccurl() { curl -sS --max-time 30 ${AUTH_HDR[@]+"${AUTH_HDR[@]}"} "$@"; }

# ------------------------------------------------------------- wrk helper --
# run_wrk NAME CONNS DURATION TIMEOUT URL [SCRIPT [ARGS...]]
# Sets W_RPS W_P50 W_P99 (ms) W_REQS W_NON2XX W_SOCKERR W_ERRFRAC.
RAW_LOG="$TMP/raw-wrk.txt"
: >"$RAW_LOG"

parse_wrk() {   # parse_wrk FILE -> "rps p50ms p99ms reqs non2xx sockerr"
    awk '
    function ms(v,   n) {
        n = v + 0
        if (v ~ /us$/) return n / 1000
        if (v ~ /ms$/) return n
        if (v ~ /m$/)  return n * 60000
        if (v ~ /h$/)  return n * 3600000
        if (v ~ /s$/)  return n * 1000
        return n
    }
    BEGIN { rps = 0; p50 = -1; p99 = -1; reqs = 0; non = 0; se = 0 }
    /Requests\/sec:/                 { rps = $2 + 0 }
    / requests in /                  { reqs = $1 + 0 }
    /Non-2xx or 3xx responses:/      { non = $NF + 0 }
    /Socket errors:/ {
        line = $0; gsub(/,/, "", line); n = split(line, f, " ")
        for (i = 1; i < n; i++) if (f[i] ~ /^(connect|read|write|timeout)$/) se += f[i+1]
    }
    /^[ \t]+50%[ \t]/                { p50 = ms($2) }
    /^[ \t]+99%[ \t]/                { p99 = ms($2) }
    END { printf "%.2f %.3f %.3f %d %d %d\n", rps, p50, p99, reqs, non, se }
    ' "$1"
}

run_wrk() {
    local name="$1" conns="$2" dur="$3" timeout="$4" url="$5"; shift 5
    local out="$TMP/wrk-$(printf '%s' "$name" | tr -c 'A-Za-z0-9' '_').txt"
    local script_args=()
    if [ $# -gt 0 ]; then
        script_args=(-s "$1"); shift
        if [ $# -gt 0 ]; then script_args+=("$url" -- "$@"); else script_args+=("$url"); fi
    else
        script_args=("$url")
    fi
    log "case: $name  (wrk -t$THREADS -c$conns -d${dur}s, $url)"
    local rc=0
    wrk -t"$THREADS" -c"$conns" -d"${dur}s" --timeout "$timeout" --latency \
        ${AUTH_HDR[@]+"${AUTH_HDR[@]}"} "${script_args[@]}" >"$out" 2>&1 || rc=$?
    { printf '### %s\n\n```\n' "$name"; cat "$out"; printf '```\n\n'; } >>"$RAW_LOG"
    if [ "$rc" -ne 0 ]; then
        log "wrk exited with status $rc for case '$name':"
        sed 's/^/    /' "$out" >&2
    fi
    read -r W_RPS W_P50 W_P99 W_REQS W_NON2XX W_SOCKERR < <(parse_wrk "$out")
    W_ERRFRAC=$(awk -v r="$W_REQS" -v a="$W_NON2XX" -v b="$W_SOCKERR" \
        'BEGIN { if (r + b <= 0) print 1; else printf "%.4f", (a + b) / (r + b) }')
    log "  -> ${W_RPS} req/s, p50 ${W_P50} ms, p99 ${W_P99} ms, ${W_REQS} requests, non-2xx ${W_NON2XX}, socket errors ${W_SOCKERR}"
}

# --------------------------------------------------------- result table --
ROWS=()
FAILED=0
FAIL_REASONS=()

fmt_int() { awk -v v="$1" 'BEGIN { printf "%.0f", v }'; }
fmt_ms()  { awk -v v="$1" 'BEGIN { if (v < 0) print "n/a"; else if (v < 10) printf "%.2f ms", v; else printf "%.1f ms", v }'; }
awk_true() { awk "BEGIN { exit !($1) }"; }

# add_row CASE RATE_TEXT P50 P99 ERRORS TARGET VERDICT
add_row() { ROWS+=("| $1 | $2 | $3 | $4 | $5 | $6 | $7 |"); }

# verdict_for CHECK_EXPR -> ok / MISS / ERROR (using W_ERRFRAC, W_REQS)
mostly_errors() { awk_true "$W_ERRFRAC > 0.5 || $W_REQS == 0"; }

record_wrk_case() {  # record_wrk_case NAME UNIT TARGET_TEXT CHECK_EXPR(awk, may use rps/p99)
    local name="$1" unit="$2" target="$3" check="$4" verdict
    if mostly_errors; then
        verdict="ERROR"
        FAILED=1
        FAIL_REASONS+=("$name: ${W_NON2XX} non-2xx + ${W_SOCKERR} socket errors out of ${W_REQS} requests")
    elif [ -z "$check" ]; then
        verdict="-"
    elif awk -v rps="$W_RPS" -v p99="$W_P99" "BEGIN { exit !($check) }"; then
        verdict="ok"
    else
        verdict="MISS"
    fi
    add_row "$name" "$(fmt_int "$W_RPS") $unit" "$(fmt_ms "$W_P50")" "$(fmt_ms "$W_P99")" \
        "${W_NON2XX} / ${W_SOCKERR}" "$target" "$verdict"
}

# --------------------------------------------------------- free port --
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_port() {
    local p i
    for i in $(seq 100); do
        p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
        port_in_use "$p" || { echo "$p"; return 0; }
    done
    die "could not find a free loopback port"
}

# ================================================================ nginx ==
start_nginx() {
    local dir="$TMP/nginx" attempt port
    mkdir -p "$dir/body" "$dir/proxy" "$dir/fastcgi" "$dir/uwsgi" "$dir/scgi"
    local user_line=""
    [ "$(id -u)" -eq 0 ] && user_line="user root;"
    local eflag=()
    "$NGINX_BIN" -h 2>&1 | grep -q -- '-e filename' && eflag=(-e "$dir/error.log")
    for attempt in 1 2 3 4 5; do
        port=$(pick_port)
        [ -n "$port" ] || die "could not find a free loopback port"
        cat >"$dir/nginx.conf" <<EOF
$user_line
daemon off;
master_process on;
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    keepalive_requests 1000000;
    keepalive_timeout 65;
    server {
        listen 127.0.0.1:$port;
        location / {
            default_type text/plain;
            return 200 "ok";
        }
    }
}
EOF
        "$NGINX_BIN" -p "$dir" -c "$dir/nginx.conf" ${eflag[@]+"${eflag[@]}"} >"$dir/stdout.log" 2>&1 &
        NGINX_PID=$!
        local i
        for i in $(seq 50); do
            if ! kill -0 "$NGINX_PID" 2>/dev/null; then break; fi
            if curl -sf --max-time 2 "http://127.0.0.1:$port/" >/dev/null 2>&1; then
                NGINX_PORT=$port
                return 0
            fi
            sleep 0.1
        done
        log "nginx failed to start on port $port (attempt $attempt):"
        sed 's/^/    /' "$dir/error.log" "$dir/stdout.log" 2>/dev/null | tail -5 >&2 || true
        stop_pid "$NGINX_PID" QUIT
        NGINX_PID=""
    done
    die "could not start nginx baseline"
}

log "starting nginx baseline"
start_nginx
log "nginx on 127.0.0.1:$NGINX_PORT (pid $NGINX_PID)"
run_wrk "nginx GET / (baseline)" "$CONNS" "$DURATION" 10s "http://127.0.0.1:$NGINX_PORT/"
NGINX_RPS="$W_RPS"
record_wrk_case "nginx GET / (baseline)" "req/s" "baseline" ""
stop_pid "$NGINX_PID" QUIT
NGINX_PID=""

# =============================================================== server ==
mkdir -p "$TMP/data"
log "starting server: $BIN serve --bind 127.0.0.1 --port 0 --port-file $TMP/port --data-dir $TMP/data --threads 2"
"$BIN" serve --bind 127.0.0.1 --port 0 --port-file "$TMP/port" --data-dir "$TMP/data" --threads 2 --demo \
    --rate-limit 1000000000/1000000000 \
    >"$TMP/server.log" 2>&1 &
SERVER_PID=$!

server_fail() {
    log "server log (last 30 lines):"
    tail -n 30 "$TMP/server.log" 2>/dev/null | sed 's/^/    /' >&2 || true
    die "$1"
}

PORT=""
for i in $(seq 100); do     # 100 x 0.1 s = 10 s
    kill -0 "$SERVER_PID" 2>/dev/null || server_fail "server exited during startup"
    if [ -s "$TMP/port" ]; then   # re-read every time: the file may have been caught half-written
        PORT=$(grep -oE '[0-9]+' "$TMP/port" | tail -n 1 || true)
    fi
    if [ -n "$PORT" ]; then
        code=$(ccurl --max-time 2 -o "$TMP/status.json" -w '%{http_code}' "http://127.0.0.1:$PORT/v1/status" 2>/dev/null || true)
        case "$code" in
            2??) break ;;
            401|403) server_fail "GET /v1/status answered HTTP $code: the server requires auth; set BENCH_TOKEN ($(head -c 200 "$TMP/status.json" 2>/dev/null || true))" ;;
        esac
    fi
    [ "$i" -eq 100 ] && server_fail "server not ready after 10 s (port file: '$(cat "$TMP/port" 2>/dev/null || true)')"
    sleep 0.1
done
BASE="http://127.0.0.1:$PORT"
log "server ready on $BASE (pid $SERVER_PID)"

# Every data route needs a token: log in as the demo user unless one was given.
if [ -z "$TOKEN" ]; then
    TOKEN=$(curl -sS --max-time 10 -X POST "$BASE/v1/auth/login" -H 'Content-Type: application/json' \
        -d '{"username":"User1","password":"Password123"}' | grep -oE '"token":"[^"]+"' | cut -d'"' -f4 || true)
    [ -n "$TOKEN" ] || server_fail "could not log in as the demo user User1"
    AUTH_HDR=(-H "Authorization: Bearer $TOKEN")
    log "logged in as the demo user"
fi

# ------------------------------------------------------------ bulk load --
log "generating $BULK_REQS bulk bodies x $BULK_ROWS rows"
mkdir -p "$TMP/bulk"
awk -v dir="$TMP/bulk" -v reqs="$BULK_REQS" -v rows="$BULK_ROWS" 'BEGIN {
    for (r = 1; r <= reqs; r++) {
        f = sprintf("%s/body_%03d.json", dir, r)
        printf "[" > f
        for (i = 1; i <= rows; i++) {
            n = (r - 1) * rows + i
            printf "%s{\"name\":\"Part %d\",\"identification\":\"P-%d\",\"unit_type\":\"Mass\",\"unit_of_measure\":\"kg\",\"density\":%.1f,\"is_finished_product\":%s,\"batch_ids\":[\"B%d\",\"B%d\"]}", \
                (i > 1 ? "," : ""), n, n, 0.5 + (n % 10) / 10, ((n % 2) ? "true" : "false"), n % 50, n % 50 + 1 > f
        }
        printf "]" > f
        close(f)
    }
}'

# One curl process, one keep-alive connection, 100 sequential transfers.
# "Expect:" disables curl's 100-continue handshake for large bodies.
CURL_ARGS=()
for r in $(seq 1 "$BULK_REQS"); do
    [ "$r" -gt 1 ] && CURL_ARGS+=(--next)
    f=$(printf '%s/body_%03d.json' "$TMP/bulk" "$r")
    CURL_ARGS+=(-sS --max-time 120 ${AUTH_HDR[@]+"${AUTH_HDR[@]}"} -H 'Expect:' -H 'Content-Type: application/json'
                --data-binary "@$f" -o "$TMP/bulk/resp_$(printf '%03d' "$r").json"
                -w '%{http_code} %{time_total}\n' "$BASE/v1/parts/bulk")
done
log "bulk load: $BULK_REQS x POST /v1/parts/bulk ($((BULK_REQS * BULK_ROWS)) parts)"
t0=$(date +%s%N)
curl "${CURL_ARGS[@]}" >"$TMP/bulk/codes.txt" 2>"$TMP/bulk/curl.err" || true
t1=$(date +%s%N)
kill -0 "$SERVER_PID" 2>/dev/null || server_fail "server died during the bulk load (POST /v1/parts/bulk)"
BULK_SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
BULK_OK=$(awk '$1 ~ /^2[0-9][0-9]$/ { n++ } END { print n + 0 }' "$TMP/bulk/codes.txt")
BULK_201=$(awk '$1 == "201" { n++ } END { print n + 0 }' "$TMP/bulk/codes.txt")
BULK_BAD=$(( BULK_REQS - BULK_OK ))
read -r BULK_P50 BULK_P99 < <(awk '{ print $2 * 1000 }' "$TMP/bulk/codes.txt" | sort -n | awk '
    { v[NR] = $1 }
    END {
        if (NR == 0) { print "-1 -1"; exit }
        i50 = int(NR * 0.50 + 0.999999); i99 = int(NR * 0.99 + 0.999999)
        printf "%.3f %.3f\n", v[i50], v[i99]
    }')
BULK_PPS=$(awk -v ok="$BULK_OK" -v rows="$BULK_ROWS" -v s="$BULK_SECS" 'BEGIN { printf "%.2f", (s > 0 ? ok * rows / s : 0) }')
log "  -> ${BULK_OK}/${BULK_REQS} ok (${BULK_201} x 201) in ${BULK_SECS} s = $(fmt_int "$BULK_PPS") parts/s"
if [ "$BULK_BAD" -gt 0 ]; then
    log "bulk load: $BULK_BAD requests failed; status codes: $(awk '{print $1}' "$TMP/bulk/codes.txt" | sort | uniq -c | tr '\n' ' ')"
    [ -s "$TMP/bulk/curl.err" ] && sed 's/^/    /' "$TMP/bulk/curl.err" | head -5 >&2
    first_bad=$(awk '$1 !~ /^2/ { print NR; exit }' "$TMP/bulk/codes.txt")
    if [ -n "$first_bad" ]; then
        log "first failing response (#$first_bad):"
        head -c 500 "$TMP/bulk/resp_$(printf '%03d' "$first_bad").json" 2>/dev/null | sed 's/^/    /' >&2 || true
        echo >&2
    fi
fi
[ "$BULK_201" -ne "$BULK_OK" ] && log "WARNING: bulk POST answered 2xx but not 201 for $((BULK_OK - BULK_201)) requests"

# id range of the loaded rows (min and max of data[*].id over all responses)
if [ "$HAVE_PY" = 1 ]; then
    read -r ID_LO ID_HI ID_N < <(/usr/bin/python3 - "$TMP/bulk" <<'PY'
import glob, json, sys
lo = hi = None; n = 0
for f in sorted(glob.glob(sys.argv[1] + "/resp_*.json")):
    try:
        doc = json.load(open(f))
    except Exception:
        continue
    data = doc.get("data") if isinstance(doc, dict) else None
    if not isinstance(data, list):
        continue
    for row in data:
        if isinstance(row, dict) and isinstance(row.get("id"), int):
            i = row["id"]; n += 1
            lo = i if lo is None or i < lo else lo
            hi = i if hi is None or i > hi else hi
print(lo if lo is not None else "", hi if hi is not None else "", n)
PY
)
else
    # Fallback without python: every "id": <int> in the responses (assumes no nested "id" keys).
    read -r ID_LO ID_HI ID_N < <(cat "$TMP"/bulk/resp_*.json 2>/dev/null | grep -oE '"id"[[:space:]]*:[[:space:]]*[0-9]+' \
        | grep -oE '[0-9]+$' | awk 'NR == 1 { lo = $1; hi = $1 } { if ($1 < lo) lo = $1; if ($1 > hi) hi = $1 } END { print lo "", hi "", NR + 0 }')
fi
if [ -z "${ID_LO:-}" ] || [ -z "${ID_HI:-}" ]; then
    log "first bulk response: $(head -c 300 "$TMP/bulk/resp_001.json" 2>/dev/null || true)"
    die "bulk load returned no ids (expected {\"data\":[{\"id\":<int>,...},...]}); cannot run the read cases"
fi
log "loaded ids: $ID_LO .. $ID_HI ($ID_N rows reported)"
[ "$ID_N" -ne $((BULK_REQS * BULK_ROWS)) ] && log "WARNING: expected $((BULK_REQS * BULK_ROWS)) ids in bulk responses, got $ID_N"
[ $((ID_HI - ID_LO + 1)) -ne "$ID_N" ] && log "WARNING: id range $ID_LO..$ID_HI is not contiguous for $ID_N rows (get-by-id may hit 404s)"

if [ "$BULK_OK" -eq 0 ] || awk_true "$BULK_BAD > $BULK_REQS / 2"; then
    BULK_VERDICT="ERROR"; FAILED=1; FAIL_REASONS+=("bulk load: $BULK_BAD of $BULK_REQS requests failed")
elif awk_true "$BULK_PPS >= $T_BULK_PPS"; then BULK_VERDICT="ok"; else BULK_VERDICT="MISS"; fi
add_row "bulk load (curl, ${BULK_REQS} x ${BULK_ROWS} rows, 1 conn)" "$(fmt_int "$BULK_PPS") parts/s" \
    "$(fmt_ms "$BULK_P50")" "$(fmt_ms "$BULK_P99")" "${BULK_BAD} / 0" ">= $T_BULK_PPS parts/s" "$BULK_VERDICT"

# ----------------------------------------------------------- sanity checks --
LAST_PAGE=$(( (BULK_REQS * BULK_ROWS + PER_PAGE - 1) / PER_PAGE ))
sanity() {  # sanity DESC URL: warn when not 200
    local code
    code=$(ccurl -o "$TMP/sanity.json" -w '%{http_code}' "$1" 2>/dev/null || true)
    [ "$code" = 200 ] || log "WARNING: GET $1 -> HTTP $code: $(head -c 200 "$TMP/sanity.json" 2>/dev/null || true)"
}
sanity "$BASE/v1/parts/$ID_LO"
sanity "$BASE/v1/parts/$ID_HI"
sanity "$BASE/v1/parts?page=$LAST_PAGE&per_page=$PER_PAGE"
if [ "$HAVE_PY" = 1 ] && [ -s "$TMP/sanity.json" ]; then
    n=$(/usr/bin/python3 -c 'import json,sys
try:
    d = json.load(open(sys.argv[1])).get("data"); print(len(d) if isinstance(d, list) else -1)
except Exception: print(-1)' "$TMP/sanity.json")
    [ "$n" = "$PER_PAGE" ] || log "WARNING: last page ($LAST_PAGE) returned $n rows, expected $PER_PAGE"
fi

# ------------------------------------------------------------ read cases --
run_wrk "GET /v1/status" "$CONNS" "$DURATION" 10s "$BASE/v1/status"
STATUS_RPS="$W_RPS"
record_wrk_case "GET /v1/status" "req/s" ">= ${T_STATUS_RATIO} x nginx" \
    "rps >= $T_STATUS_RATIO * $NGINX_RPS"

PAGE_TARGET=">= $T_PAGE_RPS req/s, p99 <= ${T_PAGE_P99_MS} ms"
[ "$CONNS" -ne 64 ] && PAGE_TARGET="$PAGE_TARGET (at 64 conns)"
for page in 1 100 1000 "$LAST_PAGE"; do
    name="GET /v1/parts?page=$page&per_page=$PER_PAGE"
    run_wrk "$name" "$CONNS" "$DURATION" 10s "$BASE/v1/parts?page=$page&per_page=$PER_PAGE"
    record_wrk_case "$name" "req/s" "$PAGE_TARGET" "rps >= $T_PAGE_RPS && p99 >= 0 && p99 <= $T_PAGE_P99_MS"
done

# The same page while 20 logins per second hash their passwords (Argon2id):
# hashing runs on its own threads and must not stall the I/O threads.
LOGINS_OK="$TMP/logins-ok"
: >"$LOGINS_OK"
# Two curl processes at 10 logins/s each (curl --rate keeps the pace, one
# keep-alive connection each); a login is ~30 ms of Argon2id on the server.
for _ in $(seq $(( DURATION * 10 ))); do
    printf 'next\nurl = "%s/v1/auth/login"\nrequest = "POST"\nheader = "Content-Type: application/json"\n' "$BASE"
    printf 'data = "{\\"username\\":\\"User1\\",\\"password\\":\\"Password123\\"}"\noutput = "/dev/null"\n'
    printf 'write-out = "%%{http_code}\\n"\n'
done | tail -n +2 >"$TMP/logins.cfg"
LOGIN_PIDS=()
for _ in 1 2; do
    curl -s --max-time $(( DURATION + 30 )) --rate 10/s -K "$TMP/logins.cfg" >>"$LOGINS_OK" 2>/dev/null &
    LOGIN_PIDS+=($!)
done
name="GET /v1/parts?page=1000&per_page=$PER_PAGE + 20 logins/s"
run_wrk "$name" "$CONNS" "$DURATION" 10s "$BASE/v1/parts?page=1000&per_page=$PER_PAGE"
for pid in "${LOGIN_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
LOGINS_DONE=$(grep -c '^200$' "$LOGINS_OK" || true)
record_wrk_case "$name" "req/s" "p99 <= ${T_PAGE_P99_MS} ms" "p99 >= 0 && p99 <= $T_PAGE_P99_MS"


run_wrk "GET /v1/parts/{random id}" "$CONNS" "$DURATION" 10s "$BASE" "$LUA_DIR/get_by_id.lua" "$ID_LO" "$ID_HI"
record_wrk_case "GET /v1/parts/{random id}" "req/s" ">= $T_GET_RPS req/s" "rps >= $T_GET_RPS"

# ----------------------------------------------------------- write cases --
RUN_ID="$(date +%s)-$$"
run_wrk "POST /v1/parts (single create)" "$CONNS" "$DURATION" 10s "$BASE" "$LUA_DIR/create_one.lua" "S-$RUN_ID"
record_wrk_case "POST /v1/parts (single create)" "creates/s" ">= $T_CREATE_RPS creates/s" "rps >= $T_CREATE_RPS"

run_wrk "POST /v1/parts/bulk (wrk, 1000 rows)" "$BULK_WRK_CONNS" "$BULK_WRK_DURATION" 30s "$BASE" \
    "$LUA_DIR/bulk_create.lua" "W-$RUN_ID" "$BULK_ROWS"
WBULK_RPS="$W_RPS"
W_RPS=$(awk -v r="$WBULK_RPS" -v n="$BULK_ROWS" 'BEGIN { printf "%.2f", r * n }')
record_wrk_case "POST /v1/parts/bulk (wrk, ${BULK_ROWS} rows, ${BULK_WRK_CONNS} conns)" "parts/s" \
    ">= $T_BULK_PPS parts/s" "rps >= $T_BULK_PPS"
W_RPS="$WBULK_RPS"

# ------------------------------------------------------------------- RSS --
RSS_MB=""
if kill -0 "$SERVER_PID" 2>/dev/null && [ -r "/proc/$SERVER_PID/status" ]; then
    RSS_MB=$(awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$SERVER_PID/status")
else
    FAILED=1
    FAIL_REASONS+=("server process $SERVER_PID is no longer running at the end of the run")
    log "server log (last 30 lines):"
    tail -n 30 "$TMP/server.log" 2>/dev/null | sed 's/^/    /' >&2 || true
fi
if [ -z "$RSS_MB" ]; then RSS_VERDICT="ERROR"; RSS_TEXT="n/a"
elif awk_true "$RSS_MB <= $T_RSS_MB"; then RSS_VERDICT="ok"; RSS_TEXT="$RSS_MB MB"
else RSS_VERDICT="MISS"; RSS_TEXT="$RSS_MB MB"; fi
add_row "peak RSS (VmHWM)" "$RSS_TEXT" "" "" "" "<= $T_RSS_MB MB" "$RSS_VERDICT"

# ---------------------------------------------------------------- report --
RATIO=$(awk -v s="$STATUS_RPS" -v n="$NGINX_RPS" 'BEGIN { if (n > 0) printf "%.3f", s / n; else print "n/a" }')
COMMIT=$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo "none")
DIRTY=""
[ -n "$(git -C "$REPO_DIR" status --porcelain 2>/dev/null | head -1)" ] && DIRTY=" (dirty tree)"

REPORT="$TMP/report.md"
{
    echo "# Supplyhub benchmark"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M:%SZ')"
    echo "- commit: ${COMMIT}${DIRTY}"
    echo "- host: $(nproc) cores, $(awk '/^MemTotal:/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo), $(uname -sr)"
    echo "- wrk: -t$THREADS -c$CONNS -d${DURATION}s --latency (bulk wrk case: -c$BULK_WRK_CONNS -d${BULK_WRK_DURATION}s); server --threads 2; nginx worker_processes 2"
    echo "- auth: $([ -n "$TOKEN" ] && echo "Bearer token sent" || echo "none")"
    echo "- dataset: $((BULK_REQS * BULK_ROWS)) parts (ids $ID_LO..$ID_HI) for the read cases"
    echo
    echo "| case | req/s | p50 | p99 | non-2xx / socket errors | target | verdict |"
    echo "|---|---:|---:|---:|---:|---|---|"
    printf '%s\n' "${ROWS[@]}"
    echo
    echo "- status / nginx ratio: ${RATIO} (target >= ${T_STATUS_RATIO})"
    echo "- peak RSS (VmHWM): ${RSS_TEXT} (target <= ${T_RSS_MB} MB)"
    echo "- bulk load: ${BULK_OK}/${BULK_REQS} requests ok in ${BULK_SECS} s"
    echo "- logins during the paging case: ${LOGINS_DONE} answered 200 in ${DURATION} s (target 20/s)"
    if [ "${#FAIL_REASONS[@]}" -gt 0 ]; then
        echo
        echo "**Errors:**"
        for r in "${FAIL_REASONS[@]}"; do echo "- $r"; done
    fi
} >"$REPORT"

mkdir -p "$RESULTS_DIR"
{
    cat "$REPORT"
    echo
    echo "<details><summary>raw wrk output</summary>"
    echo
    cat "$RAW_LOG"
    echo "</details>"
} >"$RESULTS_DIR/latest.md"

echo
cat "$REPORT"
echo
log "written: $RESULTS_DIR/latest.md"

if [ "$FAILED" -ne 0 ]; then
    log "run FAILED (see errors above)"
    exit 1
fi
exit 0
