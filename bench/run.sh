#!/usr/bin/env bash
# Supplyhub benchmark harness. See bench/README.md.
#
#   bash bench/run.sh            (what `make bench` runs, from the repo root)
#
# The same cases run once per storage backend -- embedded SQLite (the default)
# and PostgreSQL (a throwaway cluster from tests/support/pg_cluster.sh, the
# server started with --database URL) -- and one table shows them side by side.
#
# Env knobs:
#   SUPPLYHUB_BIN      server binary            (default build/bin/supplyhub)
#   BENCH_BACKENDS     backends to run, in order (default "sqlite postgresql")
#   BENCH_DURATION     seconds per wrk run      (default 10; wrk bulk case uses min(5, this))
#   BENCH_REPS         runs per page / get-by-id case, median reported (default 3, min 1)
#   BENCH_CONNECTIONS  wrk connections          (default 64)
#   BENCH_PG_POOL      if set, passed as --database-pool N (PostgreSQL connections per I/O thread)
#   BENCH_TOKEN        if set, sent as "Authorization: Bearer $BENCH_TOKEN" on every request
#                      (instead of logging in as the demo user; used for every backend)
#   BENCH_KEEP_TMP     if 1, keep the temp dir (server logs, data, raw wrk output, postgres log)
#
# All traffic goes to 127.0.0.1 only. Exit status: 0 when the run completed
# (even with MISS verdicts), 1 when a server could not start, a bulk load
# failed, or a case returned mostly errors.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
LUA_DIR="$BENCH_DIR/lua"
RESULTS_DIR="$BENCH_DIR/results"
PG_CLUSTER="$REPO_DIR/tests/support/pg_cluster.sh"

BIN="${SUPPLYHUB_BIN:-$REPO_DIR/build/bin/supplyhub}"
BACKENDS="${BENCH_BACKENDS:-sqlite postgresql}"
DURATION="${BENCH_DURATION:-10}"
REPS="${BENCH_REPS:-3}"
CONNS="${BENCH_CONNECTIONS:-64}"
PG_POOL="${BENCH_PG_POOL:-}"
USER_TOKEN="${BENCH_TOKEN:-}"
THREADS=2                 # wrk threads; the machine has 2 cores, the server runs 2 threads too
BULK_REQS=100             # bulk load: 100 requests ...
BULK_ROWS=1000            # ... of 1000 rows = 100,000 parts
PER_PAGE=50
BULK_WRK_CONNS=8
BULK_WRK_DURATION=$(( DURATION < 5 ? DURATION : 5 ))

# Targets: SQLite (all cases)
T_STATUS_RATIO=0.5        # status >= 0.5 x nginx
T_PAGE_RPS=20000          # 50-row page
T_PAGE_P99_MS=10
T_GET_RPS=30000
T_CREATE_RPS=5000
T_BULK_PPS=100000
T_RSS_MB=150
# Targets: PostgreSQL (only these two; the other PostgreSQL cases are reported without a verdict)
T_PG_PAGE_RPS=10000       # 50-row page, every depth
T_PG_GET_RPS=15000

log()  { printf '[bench] %s\n' "$*" >&2; }
die()  { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }

case "$DURATION" in ''|*[!0-9]*) die "BENCH_DURATION must be a positive integer (seconds)";; esac
case "$REPS" in ''|*[!0-9]*) die "BENCH_REPS must be a positive integer";; esac
case "$CONNS" in ''|*[!0-9]*) die "BENCH_CONNECTIONS must be a positive integer";; esac
case "$PG_POOL" in *[!0-9]*) die "BENCH_PG_POOL must be a positive integer";; esac
[ "$DURATION" -ge 1 ] || die "BENCH_DURATION must be >= 1"
[ "$REPS" -ge 1 ] || die "BENCH_REPS must be >= 1"
[ "$CONNS" -ge "$THREADS" ] || die "BENCH_CONNECTIONS must be >= $THREADS"
for b in $BACKENDS; do
    case "$b" in sqlite|postgresql) ;; *) die "BENCH_BACKENDS: unknown backend '$b' (sqlite, postgresql)";; esac
done
[ -n "${BACKENDS// /}" ] || die "BENCH_BACKENDS is empty"

backend_label() { case "$1" in sqlite) echo SQLite;; postgresql) echo PostgreSQL;; *) echo "$1";; esac; }

HAVE_PY=0
[ -x /usr/bin/python3 ] && HAVE_PY=1

BENCH_T0=$(date +%s)

# ------------------------------------------------------- CPU accounting --
# The 2 cores are shared with whatever else runs on the host (builds, tests).
# CPU used by "other processes" = host busy time (/proc/stat user + nice +
# system + irq + softirq; tick-based accounting also charges irq/softirq ticks
# to the interrupted process) - this script and its reaped children (wrk, curl,
# the server: bash `times`) - the PostgreSQL cluster (postmaster + its
# children). Reported per backend as a noise flag, with the VM's steal time.
CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
host_busy_secs() { awk -v hz="$CLK_TCK" '/^cpu / { printf "%.2f", ($2 + $3 + $4 + $7 + $8) / hz; exit }' /proc/stat; }
host_steal_secs() { awk -v hz="$CLK_TCK" '/^cpu / { printf "%.2f", $9 / hz; exit }' /proc/stat; }
own_cpu_secs() {   # -> OWN_CPU; call it directly, never in $(...): `times` in a subshell reports the subshell
    times >"$TMP/times.txt"
    OWN_CPU=$(awk '{ for (i = 1; i <= NF; i++) { v = $i; m = v; sub(/m.*$/, "", m); x = v; sub(/^[0-9]+m/, "", x); sub(/s$/, "", x); t += m * 60 + x } }
         END { printf "%.2f", t }' "$TMP/times.txt")
}
pg_cpu_secs() {
    local dir pm
    [ -n "$PG_URL_FILE" ] || { echo 0; return 0; }
    dir=$(cat "$PG_URL_FILE.dir" 2>/dev/null || true)
    pm=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
    [ -n "$pm" ] || { echo 0; return 0; }
    cat /proc/[0-9]*/stat 2>/dev/null | awk -v pm="$pm" -v hz="$CLK_TCK" '
        { pid = $1; line = $0; sub(/^.*\) /, "", line); split(line, f, " ")
          if (pid == pm || f[2] == pm) t += f[12] + f[13] + f[14] + f[15] }
        END { printf "%.2f", t / hz }'
}
PG_CPU_TOTAL=0

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
PG_URL_FILE=""            # set while a PostgreSQL cluster is running

stop_pid() {   # stop_pid PID SIGNAL: signal, wait up to 5 s, then SIGKILL
    local pid="$1" sig="$2" i
    [ -n "$pid" ] || return 0
    kill -0 "$pid" 2>/dev/null || return 0
    kill "-$sig" "$pid" 2>/dev/null || true
    for i in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || break
        # an exited child stays a zombie (kill -0 succeeds) until `wait` below
        [ "$(awk '{ sub(/^.*\) /, ""); print $1 }' "/proc/$pid/stat" 2>/dev/null)" = Z ] && break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && [ "$(awk '{ sub(/^.*\) /, ""); print $1 }' "/proc/$pid/stat" 2>/dev/null)" != Z ] \
        && kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

pg_stop() {    # keep the cluster's log, then stop and remove the cluster
    [ -n "$PG_URL_FILE" ] || return 0
    local dir
    dir=$(cat "$PG_URL_FILE.dir" 2>/dev/null || true)
    [ -n "$dir" ] && [ -f "$dir/data/server.log" ] && cp "$dir/data/server.log" "$TMP/postgresql/postgres.log" 2>/dev/null || true
    bash "$PG_CLUSTER" stop "$PG_URL_FILE" >/dev/null 2>&1 || log "WARNING: pg_cluster.sh stop failed (dir: $dir)"
    PG_URL_FILE=""
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_pid "$SERVER_PID" TERM
    stop_pid "$NGINX_PID" QUIT
    pg_stop
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

# Both backends run the very same binary, even if the build tree is rebuilt meanwhile.
BIN_ORIG="$BIN"
cp "$BIN_ORIG" "$TMP/supplyhub"
BIN="$TMP/supplyhub"
BIN_SHA=$(sha256sum "$BIN" | cut -c1-12)
RUN_BUSY0=$(host_busy_secs); own_cpu_secs; RUN_OWN0=$OWN_CPU

TOKEN="$USER_TOKEN"
AUTH_HDR=()
set_auth() { TOKEN="$1"; AUTH_HDR=(); [ -z "$TOKEN" ] || AUTH_HDR=(-H "Authorization: Bearer $TOKEN"); }
set_auth "$USER_TOKEN"

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

set_errfrac() {
    W_ERRFRAC=$(awk -v r="$W_REQS" -v a="$W_NON2XX" -v b="$W_SOCKERR" \
        'BEGIN { if (r + b <= 0) print 1; else printf "%.4f", (a + b) / (r + b) }')
}

WRK_SEQ=0
run_wrk() {
    local name="$1" conns="$2" dur="$3" timeout="$4" url="$5"; shift 5
    WRK_SEQ=$((WRK_SEQ + 1))
    local out="$TMP/wrk-$(printf '%03d' "$WRK_SEQ")-$(printf '%s' "$name" | tr -c 'A-Za-z0-9' '_').txt"
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
    W_RUNS="$(printf '%.0f' "$W_RPS")"
    set_errfrac
    log "  -> ${W_RPS} req/s, p50 ${W_P50} ms, p99 ${W_P99} ms, ${W_REQS} requests, non-2xx ${W_NON2XX}, socket errors ${W_SOCKERR}"
    if [ "$W_NON2XX" -gt 0 ] || [ "$W_SOCKERR" -gt 0 ]; then
        log "  !! $W_NON2XX non-2xx / $W_SOCKERR socket errors in '$name'"
    fi
}

# Repeated runs: acc_add KEY after each run_wrk, acc_final KEY sets the W_*
# variables to the medians (rps, p50, p99) and sums (requests, errors) over
# the runs; W_RUNS lists every run's req/s in run order.
declare -A ACC=()
acc_add() { ACC[$1]="${ACC[$1]:-}$W_RPS $W_P50 $W_P99 $W_REQS $W_NON2XX $W_SOCKERR"$'\n'; }
acc_final() {
    read -r W_RPS W_P50 W_P99 W_REQS W_NON2XX W_SOCKERR W_RUNS < <(printf '%s' "${ACC[$1]:-}" | awk '
        function med(a, n,   i, j, t) {
            if (n == 0) return -1
            for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
            if (n % 2) return a[(n + 1) / 2]
            return (a[n / 2] + a[n / 2 + 1]) / 2
        }
        NF >= 6 { n++; r[n] = $1; p5[n] = $2; p9[n] = $3; q += $4; x += $5; s += $6
                  runs = runs (n > 1 ? "/" : "") sprintf("%.0f", $1) }
        END { printf "%.2f %.3f %.3f %d %d %d %s\n", (n ? med(r, n) : 0), med(p5, n), med(p9, n), q, x, s, (n ? runs : "-") }')
    set_errfrac
}

# --------------------------------------------------------- results --
# Per backend and case: RES_*["backend|case id"]; CASE_IDS keeps the order.
declare -A RES_RATE=() RES_UNIT=() RES_P50=() RES_P99=() RES_NON2XX=() RES_SOCKERR=() \
           RES_TARGET=() RES_VERDICT=() RES_RUNS=() CASE_NAME=() BACKEND_STATUS=() BACKEND_SECS=() \
           LOGINS_DONE=() BULK_SUMMARY=() ID_RANGE=() LOG_ISSUES=() RSS_TEXT=() CPU_NOTE=()
CASE_IDS=()
FAILED=0
FAIL_REASONS=()

fmt_int() { awk -v v="$1" 'BEGIN { printf "%.0f", v }'; }
fmt_ms()  { awk -v v="$1" 'BEGIN { if (v == "" || v < 0) print "n/a"; else if (v < 10) printf "%.2f ms", v; else printf "%.1f ms", v }'; }
fmt_rate() {   # fmt_rate VALUE UNIT -> "30.8k req/s", "103.3 MB"
    awk -v v="$1" -v u="$2" 'BEGIN {
        if (u == "MB") printf "%.1f MB", v
        else if (v >= 1000) printf "%.1fk %s", v / 1000, u
        else printf "%.0f %s", v, u }'
}
awk_true() { awk "BEGIN { exit !($1) }"; }

register_case() {  # register_case ID NAME
    local id
    for id in ${CASE_IDS[@]+"${CASE_IDS[@]}"}; do [ "$id" = "$1" ] && return 0; done
    CASE_IDS+=("$1")
    CASE_NAME[$1]="$2"
}

# set_result BACKEND ID NAME RATE UNIT P50 P99 NON2XX SOCKERR TARGET VERDICT RUNS
set_result() {
    local k="$1|$2"
    register_case "$2" "$3"
    RES_RATE[$k]="$4"; RES_UNIT[$k]="$5"; RES_P50[$k]="$6"; RES_P99[$k]="$7"
    RES_NON2XX[$k]="$8"; RES_SOCKERR[$k]="$9"; RES_TARGET[$k]="${10}"; RES_VERDICT[$k]="${11}"; RES_RUNS[$k]="${12}"
}

mostly_errors() { awk_true "$W_ERRFRAC > 0.5 || $W_REQS == 0"; }

# record_wrk_case BACKEND ID NAME UNIT TARGET_TEXT CHECK_EXPR(awk, may use rps/p99; empty = no target)
record_wrk_case() {
    local b="$1" id="$2" name="$3" unit="$4" target="$5" check="$6" verdict
    if mostly_errors; then
        verdict="ERROR"
        FAILED=1
        FAIL_REASONS+=("$(backend_label "$b"): $name: ${W_NON2XX} non-2xx + ${W_SOCKERR} socket errors out of ${W_REQS} requests")
    elif [ -z "$check" ]; then
        verdict="-"
    elif awk -v rps="$W_RPS" -v p99="$W_P99" "BEGIN { exit !($check) }"; then
        verdict="ok"
    else
        verdict="MISS"
    fi
    set_result "$b" "$id" "$name" "$W_RPS" "$unit" "$W_P50" "$W_P99" "$W_NON2XX" "$W_SOCKERR" "${target:--}" "$verdict" "$W_RUNS"
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
NGINX_ROW="| nginx GET / (baseline) | $(fmt_rate "$W_RPS" "req/s") | $(fmt_ms "$W_P50") | $(fmt_ms "$W_P99") | ${W_NON2XX} / ${W_SOCKERR} |"
stop_pid "$NGINX_PID" QUIT
NGINX_PID=""

# ============================================================ bulk bodies ==
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
LAST_PAGE=$(( (BULK_REQS * BULK_ROWS + PER_PAGE - 1) / PER_PAGE ))

# ================================================================ server ==
# start_server BACKEND [EXTRA SERVER FLAGS...] -> SERVER_PID, BASE; returns 1 (logged) on failure
SERVER_LOG=""
server_log_tail() {
    log "server log (last 30 lines): $SERVER_LOG"
    tail -n 30 "$SERVER_LOG" 2>/dev/null | sed 's/^/    /' >&2 || true
}
start_server() {
    local b="$1"; shift
    local dir="$TMP/$b" i code port=""
    mkdir -p "$dir/data"
    SERVER_LOG="$dir/server.log"
    rm -f "$dir/port"
    log "[$(backend_label "$b")] starting server: $BIN serve --bind 127.0.0.1 --port 0 --port-file $dir/port --data-dir $dir/data --threads 2 --demo --rate-limit ... $*"
    "$BIN" serve --bind 127.0.0.1 --port 0 --port-file "$dir/port" --data-dir "$dir/data" --threads 2 --demo \
        --rate-limit 1000000000/1000000000 "$@" \
        >"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
    for i in $(seq 300); do     # 300 x 0.1 s = 30 s (PostgreSQL: migrations + demo data first)
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            server_log_tail; START_ERR="server exited during startup"; return 1
        fi
        if [ -s "$dir/port" ]; then   # re-read every time: the file may have been caught half-written
            port=$(grep -oE '[0-9]+' "$dir/port" | tail -n 1 || true)
        fi
        if [ -n "$port" ]; then
            code=$(ccurl --max-time 2 -o "$dir/status.json" -w '%{http_code}' "http://127.0.0.1:$port/v1/status" 2>/dev/null || true)
            case "$code" in
                2??) break ;;
                401|403) server_log_tail
                         START_ERR="GET /v1/status answered HTTP $code: the server requires auth; set BENCH_TOKEN ($(head -c 200 "$dir/status.json" 2>/dev/null || true))"
                         return 1 ;;
            esac
        fi
        if [ "$i" -eq 300 ]; then
            server_log_tail; START_ERR="server not ready after 30 s (port file: '$(cat "$dir/port" 2>/dev/null || true)')"; return 1
        fi
        sleep 0.1
    done
    BASE="http://127.0.0.1:$port"
    log "[$(backend_label "$b")] server ready on $BASE (pid $SERVER_PID)"
    return 0
}

# PostgreSQL: one throwaway cluster, one database "bench" per backend run.
PG_VERSION=""
start_pg() {   # -> PG_DB_URL; returns 1 (START_ERR) on failure
    mkdir -p "$TMP/postgresql"
    command -v psql >/dev/null 2>&1 || { START_ERR="psql not found (apt-get install postgresql-client)"; return 1; }
    PG_URL_FILE="$TMP/postgresql/cluster.url"
    log "starting a throwaway PostgreSQL cluster (tests/support/pg_cluster.sh)"
    if ! bash "$PG_CLUSTER" start "$PG_URL_FILE" >"$TMP/postgresql/cluster.out" 2>&1; then
        sed 's/^/    /' "$TMP/postgresql/cluster.out" >&2 || true
        START_ERR="pg_cluster.sh start failed"; return 1
    fi
    local url
    url=$(cat "$PG_URL_FILE")
    PG_VERSION=$(psql "$url" -XAtqc 'SHOW server_version' 2>/dev/null || echo "?")
    if ! psql "$url" -Xqc 'CREATE DATABASE bench' >"$TMP/postgresql/createdb.out" 2>&1; then
        sed 's/^/    /' "$TMP/postgresql/createdb.out" >&2 || true
        START_ERR="CREATE DATABASE bench failed"; return 1
    fi
    PG_ADMIN_URL="$url"
    PG_DB_URL="${url%/*}/bench"
    log "PostgreSQL $PG_VERSION ready: $PG_DB_URL"
    return 0
}

backend_failed() {  # backend_failed BACKEND REASON
    BACKEND_STATUS[$1]="failed: $2"
    FAILED=1
    FAIL_REASONS+=("$(backend_label "$1"): $2")
    log "[$1] backend FAILED: $2"
}

# ============================================================ case list ==
# run_backend BACKEND [EXTRA SERVER FLAGS...]: server up, bulk load, every
# case, RSS, server down. Results go to RES_*["BACKEND|case"].
run_backend() {
    local b="$1"; shift
    local t0 L
    t0=$(date +%s)
    L="[$(backend_label "$b")]"
    local cpu_busy0 cpu_own0 cpu_pg0 cpu_steal0
    cpu_steal0=$(host_steal_secs); cpu_busy0=$(host_busy_secs); own_cpu_secs; cpu_own0=$OWN_CPU; cpu_pg0=$(pg_cpu_secs)
    BACKEND_STATUS[$b]="ok"
    set_auth "$USER_TOKEN"
    START_ERR=""
    if ! start_server "$b" "$@"; then
        stop_pid "$SERVER_PID" TERM; SERVER_PID=""
        backend_failed "$b" "$START_ERR"
        return 0
    fi

    # Every data route needs a token: log in as the demo user unless one was given.
    if [ -z "$USER_TOKEN" ]; then
        local tok
        tok=$(curl -sS --max-time 10 -X POST "$BASE/v1/auth/login" -H 'Content-Type: application/json' \
            -d '{"username":"User1","password":"Password123"}' | grep -oE '"token":"[^"]+"' | cut -d'"' -f4 || true)
        if [ -z "$tok" ]; then
            server_log_tail; stop_pid "$SERVER_PID" TERM; SERVER_PID=""
            backend_failed "$b" "could not log in as the demo user User1"
            return 0
        fi
        set_auth "$tok"
        log "$L logged in as the demo user"
    fi

    # ------------------------------------------------------------ bulk load --
    # One curl process, one keep-alive connection, 100 sequential transfers.
    # "Expect:" disables curl's 100-continue handshake for large bodies.
    local bdir="$TMP/$b/bulk" r f
    mkdir -p "$bdir"
    local curl_args=()
    for r in $(seq 1 "$BULK_REQS"); do
        [ "$r" -gt 1 ] && curl_args+=(--next)
        f=$(printf '%s/body_%03d.json' "$TMP/bulk" "$r")
        curl_args+=(-sS --max-time 120 ${AUTH_HDR[@]+"${AUTH_HDR[@]}"} -H 'Expect:' -H 'Content-Type: application/json'
                    --data-binary "@$f" -o "$bdir/resp_$(printf '%03d' "$r").json"
                    -w '%{http_code} %{time_total}\n' "$BASE/v1/parts/bulk")
    done
    log "$L bulk load: $BULK_REQS x POST /v1/parts/bulk ($((BULK_REQS * BULK_ROWS)) parts)"
    local bt0 bt1
    bt0=$(date +%s%N)
    curl "${curl_args[@]}" >"$bdir/codes.txt" 2>"$bdir/curl.err" || true
    bt1=$(date +%s%N)
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        server_log_tail
        backend_failed "$b" "server died during the bulk load (POST /v1/parts/bulk)"
        SERVER_PID=""
        return 0
    fi
    local bulk_secs bulk_ok bulk_201 bulk_bad bulk_p50 bulk_p99 bulk_pps bulk_verdict
    bulk_secs=$(awk -v a="$bt0" -v b="$bt1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
    bulk_ok=$(awk '$1 ~ /^2[0-9][0-9]$/ { n++ } END { print n + 0 }' "$bdir/codes.txt")
    bulk_201=$(awk '$1 == "201" { n++ } END { print n + 0 }' "$bdir/codes.txt")
    bulk_bad=$(( BULK_REQS - bulk_ok ))
    read -r bulk_p50 bulk_p99 < <(awk '{ print $2 * 1000 }' "$bdir/codes.txt" | sort -n | awk '
        { v[NR] = $1 }
        END {
            if (NR == 0) { print "-1 -1"; exit }
            i50 = int(NR * 0.50 + 0.999999); i99 = int(NR * 0.99 + 0.999999)
            printf "%.3f %.3f\n", v[i50], v[i99]
        }')
    bulk_pps=$(awk -v ok="$bulk_ok" -v rows="$BULK_ROWS" -v s="$bulk_secs" 'BEGIN { printf "%.2f", (s > 0 ? ok * rows / s : 0) }')
    log "$L   -> ${bulk_ok}/${BULK_REQS} ok (${bulk_201} x 201) in ${bulk_secs} s = $(fmt_int "$bulk_pps") parts/s"
    if [ "$bulk_bad" -gt 0 ]; then
        log "$L bulk load: $bulk_bad requests failed; status codes: $(awk '{print $1}' "$bdir/codes.txt" | sort | uniq -c | tr '\n' ' ')"
        if [ -s "$bdir/curl.err" ]; then sed 's/^/    /' "$bdir/curl.err" | head -5 >&2; fi
        local first_bad
        first_bad=$(awk '$1 !~ /^2/ { print NR; exit }' "$bdir/codes.txt")
        if [ -n "$first_bad" ]; then
            log "first failing response (#$first_bad):"
            head -c 500 "$bdir/resp_$(printf '%03d' "$first_bad").json" 2>/dev/null | sed 's/^/    /' >&2 || true
            echo >&2
        fi
    fi
    if [ "$bulk_201" -ne "$bulk_ok" ]; then
        log "$L WARNING: bulk POST answered 2xx but not 201 for $((bulk_ok - bulk_201)) requests"
    fi
    BULK_SUMMARY[$b]="${bulk_ok}/${BULK_REQS} requests ok in ${bulk_secs} s"

    # id range of the loaded rows (min and max of data[*].id over all responses)
    local id_lo="" id_hi="" id_n=0
    if [ "$HAVE_PY" = 1 ]; then
        read -r id_lo id_hi id_n < <(/usr/bin/python3 - "$bdir" <<'PY'
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
print(lo if lo is not None else "-", hi if hi is not None else "-", n)
PY
)
    else
        # Fallback without python: every "id": <int> in the responses (assumes no nested "id" keys).
        read -r id_lo id_hi id_n < <(cat "$bdir"/resp_*.json 2>/dev/null | grep -oE '"id"[[:space:]]*:[[:space:]]*[0-9]+' \
            | grep -oE '[0-9]+$' | awk 'NR == 1 { lo = $1; hi = $1 } { if ($1 < lo) lo = $1; if ($1 > hi) hi = $1 } END { if (NR) print lo, hi, NR; else print "- - 0" }')
    fi
    if [ "$bulk_ok" -eq 0 ] || awk_true "$bulk_bad > $BULK_REQS / 2"; then
        bulk_verdict="ERROR"; FAILED=1; FAIL_REASONS+=("$(backend_label "$b"): bulk load: $bulk_bad of $BULK_REQS requests failed")
    elif [ "$b" != sqlite ]; then bulk_verdict="-"
    elif awk_true "$bulk_pps >= $T_BULK_PPS"; then bulk_verdict="ok"; else bulk_verdict="MISS"; fi
    local bulk_target=">= $T_BULK_PPS parts/s"
    [ "$b" = sqlite ] || bulk_target="-"
    set_result "$b" bulkload "bulk load (curl, ${BULK_REQS} x ${BULK_ROWS} rows, 1 conn)" "$bulk_pps" "parts/s" \
        "$bulk_p50" "$bulk_p99" "$bulk_bad" 0 "$bulk_target" "$bulk_verdict" "$(fmt_int "$bulk_pps")"

    if [ "$id_lo" = "-" ] || [ "$id_hi" = "-" ] || [ -z "$id_lo" ]; then
        log "$L first bulk response: $(head -c 300 "$bdir/resp_001.json" 2>/dev/null || true)"
        server_log_tail; stop_pid "$SERVER_PID" TERM; SERVER_PID=""
        backend_failed "$b" "bulk load returned no ids (expected {\"data\":[{\"id\":<int>,...},...]}); cannot run the read cases"
        return 0
    fi
    ID_RANGE[$b]="$id_lo..$id_hi"
    log "$L loaded ids: $id_lo .. $id_hi ($id_n rows reported)"
    if [ "$id_n" -ne $((BULK_REQS * BULK_ROWS)) ]; then
        log "$L WARNING: expected $((BULK_REQS * BULK_ROWS)) ids in bulk responses, got $id_n"
    fi
    if [ $((id_hi - id_lo + 1)) -ne "$id_n" ]; then
        log "$L WARNING: id range $id_lo..$id_hi is not contiguous for $id_n rows (get-by-id may hit 404s)"
    fi

    # PostgreSQL: what autovacuum would do within a minute of a 100k-row load
    # (statistics + visibility map), done now so every run starts from the same state.
    if [ "$b" = postgresql ]; then
        log "$L VACUUM ANALYZE after the bulk load"
        psql "$PG_DB_URL" -Xqc 'VACUUM ANALYZE' >"$TMP/postgresql/vacuum.out" 2>&1 \
            || log "$L WARNING: VACUUM ANALYZE failed: $(head -c 300 "$TMP/postgresql/vacuum.out")"
    fi

    # ----------------------------------------------------------- sanity checks --
    local code n
    for u in "$BASE/v1/parts/$id_lo" "$BASE/v1/parts/$id_hi" "$BASE/v1/parts?page=$LAST_PAGE&per_page=$PER_PAGE"; do
        code=$(ccurl -o "$TMP/$b/sanity.json" -w '%{http_code}' "$u" 2>/dev/null || true)
        if [ "$code" != 200 ]; then
            log "$L WARNING: GET $u -> HTTP $code: $(head -c 200 "$TMP/$b/sanity.json" 2>/dev/null || true)"
        fi
    done
    if [ "$HAVE_PY" = 1 ] && [ -s "$TMP/$b/sanity.json" ]; then
        n=$(/usr/bin/python3 -c 'import json,sys
try:
    d = json.load(open(sys.argv[1])).get("data"); print(len(d) if isinstance(d, list) else -1)
except Exception: print(-1)' "$TMP/$b/sanity.json")
        if [ "$n" != "$PER_PAGE" ]; then
            log "$L WARNING: last page ($LAST_PAGE) returned $n rows, expected $PER_PAGE"
        fi
    fi

    # ------------------------------------------------------------ read cases --
    local status_target="" status_check="" page_target page_check get_target get_check
    if [ "$b" = sqlite ]; then
        status_target=">= ${T_STATUS_RATIO} x nginx"; status_check="rps >= $T_STATUS_RATIO * $NGINX_RPS"
        page_target=">= $T_PAGE_RPS req/s, p99 <= ${T_PAGE_P99_MS} ms"
        [ "$CONNS" -ne 64 ] && page_target="$page_target (at 64 conns)"
        page_check="rps >= $T_PAGE_RPS && p99 >= 0 && p99 <= $T_PAGE_P99_MS"
        get_target=">= $T_GET_RPS req/s"; get_check="rps >= $T_GET_RPS"
    else
        page_target=">= $T_PG_PAGE_RPS req/s"
        [ "$CONNS" -ne 64 ] && page_target="$page_target (at 64 conns)"
        page_check="rps >= $T_PG_PAGE_RPS"
        get_target=">= $T_PG_GET_RPS req/s"; get_check="rps >= $T_PG_GET_RPS"
    fi

    run_wrk "$L GET /v1/status" "$CONNS" "$DURATION" 10s "$BASE/v1/status"
    record_wrk_case "$b" status "GET /v1/status" "req/s" "$status_target" "$status_check"

    # Pages and get-by-id: REPS rounds, each round visits every case once
    # (interleaved, so slow drift on the shared machine hits all cases alike).
    local rep page
    for rep in $(seq 1 "$REPS"); do
        for page in 1 100 1000 "$LAST_PAGE"; do
            run_wrk "$L GET /v1/parts?page=$page&per_page=$PER_PAGE (run $rep/$REPS)" "$CONNS" "$DURATION" 10s \
                "$BASE/v1/parts?page=$page&per_page=$PER_PAGE"
            acc_add "$b|page_$page"
        done
        run_wrk "$L GET /v1/parts/{random id} (run $rep/$REPS)" "$CONNS" "$DURATION" 10s "$BASE" \
            "$LUA_DIR/get_by_id.lua" "$id_lo" "$id_hi"
        acc_add "$b|get"
    done
    for page in 1 100 1000 "$LAST_PAGE"; do
        acc_final "$b|page_$page"
        record_wrk_case "$b" "page_$page" "GET /v1/parts?page=$page&per_page=$PER_PAGE" "req/s" "$page_target" "$page_check"
    done

    # The same page while 20 logins per second hash their passwords (Argon2id):
    # hashing runs on its own threads and must not stall the I/O threads.
    local logins_ok="$TMP/$b/logins-ok"
    : >"$logins_ok"
    # Two curl processes at 10 logins/s each (curl --rate keeps the pace, one
    # keep-alive connection each); a login is ~30 ms of Argon2id on the server.
    local _
    for _ in $(seq $(( DURATION * 10 ))); do
        printf 'next\nurl = "%s/v1/auth/login"\nrequest = "POST"\nheader = "Content-Type: application/json"\n' "$BASE"
        printf 'data = "{\\"username\\":\\"User1\\",\\"password\\":\\"Password123\\"}"\noutput = "/dev/null"\n'
        printf 'write-out = "%%{http_code}\\n"\n'
    done | tail -n +2 >"$TMP/$b/logins.cfg"
    local login_pids=() pid
    for _ in 1 2; do
        curl -s --max-time $(( DURATION + 30 )) --rate 10/s -K "$TMP/$b/logins.cfg" >>"$logins_ok" 2>/dev/null &
        login_pids+=($!)
    done
    run_wrk "$L GET /v1/parts?page=1000&per_page=$PER_PAGE + 20 logins/s" "$CONNS" "$DURATION" 10s \
        "$BASE/v1/parts?page=1000&per_page=$PER_PAGE"
    for pid in "${login_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    LOGINS_DONE[$b]=$(grep -c '^200$' "$logins_ok" || true)
    local lg_target="" lg_check=""
    if [ "$b" = sqlite ]; then lg_target="p99 <= ${T_PAGE_P99_MS} ms"; lg_check="p99 >= 0 && p99 <= $T_PAGE_P99_MS"; fi
    record_wrk_case "$b" page_logins "GET /v1/parts?page=1000&per_page=$PER_PAGE + 20 logins/s" "req/s" "$lg_target" "$lg_check"

    acc_final "$b|get"
    record_wrk_case "$b" get "GET /v1/parts/{random id}" "req/s" "$get_target" "$get_check"

    # ----------------------------------------------------------- write cases --
    local run_id create_target="" create_check="" bulkw_target="" bulkw_check="" wbulk_rps
    run_id="$(date +%s)-$$-$b"
    if [ "$b" = sqlite ]; then
        create_target=">= $T_CREATE_RPS creates/s"; create_check="rps >= $T_CREATE_RPS"
        bulkw_target=">= $T_BULK_PPS parts/s"; bulkw_check="rps >= $T_BULK_PPS"
    fi
    run_wrk "$L POST /v1/parts (single create)" "$CONNS" "$DURATION" 10s "$BASE" "$LUA_DIR/create_one.lua" "S-$run_id"
    record_wrk_case "$b" create "POST /v1/parts (single create)" "creates/s" "$create_target" "$create_check"

    run_wrk "$L POST /v1/parts/bulk (wrk, 1000 rows)" "$BULK_WRK_CONNS" "$BULK_WRK_DURATION" 30s "$BASE" \
        "$LUA_DIR/bulk_create.lua" "W-$run_id" "$BULK_ROWS"
    wbulk_rps="$W_RPS"
    W_RPS=$(awk -v r="$wbulk_rps" -v n="$BULK_ROWS" 'BEGIN { printf "%.2f", r * n }')
    W_RUNS=$(fmt_int "$W_RPS")
    record_wrk_case "$b" bulkwrk "POST /v1/parts/bulk (wrk, ${BULK_ROWS} rows, ${BULK_WRK_CONNS} conns)" "parts/s" \
        "$bulkw_target" "$bulkw_check"

    # ------------------------------------------------------------------- RSS --
    local rss_mb="" rss_verdict rss_target="-"
    if kill -0 "$SERVER_PID" 2>/dev/null && [ -r "/proc/$SERVER_PID/status" ]; then
        rss_mb=$(awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$SERVER_PID/status")
    else
        FAILED=1
        FAIL_REASONS+=("$(backend_label "$b"): server process $SERVER_PID is no longer running at the end of the run")
        server_log_tail
    fi
    [ "$b" = sqlite ] && rss_target="<= $T_RSS_MB MB"
    if [ -z "$rss_mb" ]; then rss_verdict="ERROR"; RSS_TEXT[$b]="n/a"
    elif [ "$b" != sqlite ]; then rss_verdict="-"; RSS_TEXT[$b]="$rss_mb MB"
    elif awk_true "$rss_mb <= $T_RSS_MB"; then rss_verdict="ok"; RSS_TEXT[$b]="$rss_mb MB"
    else rss_verdict="MISS"; RSS_TEXT[$b]="$rss_mb MB"; fi
    set_result "$b" rss "peak RSS of the server (VmHWM)" "${rss_mb:-0}" "MB" "" "" 0 0 "$rss_target" "$rss_verdict" "-"

    stop_pid "$SERVER_PID" TERM
    SERVER_PID=""

    # Warnings and errors the server logged during the run (JSON lines).
    local issues
    issues=$(grep -cE '"level":"(warn|warning|error|fatal|critical)"' "$SERVER_LOG" || true)
    LOG_ISSUES[$b]="${issues:-0}"
    if [ "${issues:-0}" -gt 0 ]; then
        log "$L server logged $issues warning/error lines; first 5:"
        grep -E '"level":"(warn|warning|error|fatal|critical)"' "$SERVER_LOG" | head -5 | sed 's/^/    /' >&2 || true
    fi
    BACKEND_SECS[$b]=$(( $(date +%s) - t0 ))
    local cpu_busy1 cpu_own1 cpu_pg1 cpu_steal1
    cpu_steal1=$(host_steal_secs); cpu_busy1=$(host_busy_secs); own_cpu_secs; cpu_own1=$OWN_CPU; cpu_pg1=$(pg_cpu_secs)
    PG_CPU_TOTAL=$(awk -v t="$PG_CPU_TOTAL" -v a="$cpu_pg0" -v z="$cpu_pg1" 'BEGIN { printf "%.2f", t + z - a }')
    CPU_NOTE[$b]=$(awk -v b0="$cpu_busy0" -v b1="$cpu_busy1" -v o0="$cpu_own0" -v o1="$cpu_own1" \
        -v p0="$cpu_pg0" -v p1="$cpu_pg1" -v s0="$cpu_steal0" -v s1="$cpu_steal1" -v w="${BACKEND_SECS[$b]}" -v n="$(nproc)" 'BEGIN {
            busy = b1 - b0; own = o1 - o0; pg = p1 - p0; other = busy - own - pg; if (other < 0) other = 0
            printf "processes used %.0f%% of %d cores: bench %.0f CPU-s, PostgreSQL %.0f CPU-s, other processes %.0f CPU-s (%.0f%% of one core); VM steal %.0f s%s",
                (w > 0 ? 100 * busy / (w * n) : 0), n, own, pg, other, (w > 0 ? 100 * other / w : 0), s1 - s0,
                (w > 0 && other / w > 0.1 ? " -- NOISY: something else was running" : "") }')
    log "$L CPU: ${CPU_NOTE[$b]}"
    log "$L done in ${BACKEND_SECS[$b]} s"
    return 0
}

# ============================================================ backends ==
for b in $BACKENDS; do
    case "$b" in
        sqlite)
            run_backend sqlite
            ;;
        postgresql)
            START_ERR=""
            if start_pg; then
                pg_flags=(--database "$PG_DB_URL")
                [ -n "$PG_POOL" ] && pg_flags+=(--database-pool "$PG_POOL")
                run_backend postgresql "${pg_flags[@]}"
                pg_stop
                if [ -s "$TMP/postgresql/postgres.log" ]; then
                    pg_err=$(grep -cE '(ERROR|FATAL|PANIC):' "$TMP/postgresql/postgres.log" || true)
                    LOG_ISSUES[pg_server]="${pg_err:-0}"
                    if [ "${pg_err:-0}" -gt 0 ]; then
                        log "[PostgreSQL] the PostgreSQL server logged $pg_err ERROR/FATAL/PANIC lines; first 5:"
                        grep -E '(ERROR|FATAL|PANIC):' "$TMP/postgresql/postgres.log" | head -5 | sed 's/^/    /' >&2 || true
                    fi
                fi
            else
                pg_stop
                backend_failed postgresql "$START_ERR"
            fi
            ;;
    esac
done

# ================================================================ report ==
BENCH_SECS=$(( $(date +%s) - BENCH_T0 ))
own_cpu_secs
RUN_CPU_NOTE=$(awk -v b0="$RUN_BUSY0" -v b1="$(host_busy_secs)" -v o0="$RUN_OWN0" -v o1="$OWN_CPU" \
    -v pg="$PG_CPU_TOTAL" -v w="$BENCH_SECS" 'BEGIN {
        other = (b1 - b0) - (o1 - o0) - pg; if (other < 0) other = 0
        printf "other processes used %.0f CPU-s during the run (%.0f%% of one core)%s", other, (w > 0 ? 100 * other / w : 0),
            (w > 0 && other / w > 0.1 ? " -- NOISY: something else was running, compare with care" : "") }')
COMMIT=$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo "none")
DIRTY=""
[ -n "$(git -C "$REPO_DIR" status --porcelain 2>/dev/null | head -1)" ] && DIRTY=" (dirty tree)"
BLIST=($BACKENDS)

cell() {   # cell BACKEND ID -> "30.8k req/s, p99 4.87 ms" (+ error counts)
    local k="$1|$2"
    if [ -z "${RES_VERDICT[$k]:-}" ]; then echo "not run"; return 0; fi
    local s
    s=$(fmt_rate "${RES_RATE[$k]}" "${RES_UNIT[$k]}")
    if [ -n "${RES_P99[$k]}" ] && [ "$2" != bulkload ] && [ "$2" != bulkwrk ] && [ "$2" != create ] && [ "$2" != status ]; then
        s="$s, p99 $(fmt_ms "${RES_P99[$k]}")"
    fi
    [ "${RES_NON2XX[$k]:-0}" -gt 0 ] && s="$s, **${RES_NON2XX[$k]} non-2xx**"
    [ "${RES_SOCKERR[$k]:-0}" -gt 0 ] && s="$s, **${RES_SOCKERR[$k]} socket errors**"
    echo "$s"
}
verdict_text() {  # verdict_text BACKEND ID -> "ok (>= 15000 req/s)"
    local k="$1|$2"
    [ -n "${RES_VERDICT[$k]:-}" ] || { echo "-"; return 0; }
    if [ "${RES_TARGET[$k]}" = "-" ]; then echo "${RES_VERDICT[$k]}"; else echo "${RES_VERDICT[$k]} (${RES_TARGET[$k]})"; fi
}

REPORT="$TMP/report.md"
DETAILS="$TMP/details.md"
{
    for b in "${BLIST[@]}"; do
        echo "## $(backend_label "$b"): details"
        echo
        if [ "${BACKEND_STATUS[$b]:-}" != ok ]; then echo "- backend ${BACKEND_STATUS[$b]:-not run}"; echo; fi
        echo "| case | rate (median) | runs (req/s) | p50 | p99 | non-2xx / socket errors | target | verdict |"
        echo "|---|---:|---|---:|---:|---:|---|---|"
        for id in ${CASE_IDS[@]+"${CASE_IDS[@]}"}; do
            k="$b|$id"
            [ -n "${RES_VERDICT[$k]:-}" ] || continue
            if [ "$id" = rss ]; then
                echo "| ${CASE_NAME[$id]} | ${RSS_TEXT[$b]} | - |  |  |  | ${RES_TARGET[$k]} | ${RES_VERDICT[$k]} |"
            else
                echo "| ${CASE_NAME[$id]} | $(fmt_rate "${RES_RATE[$k]}" "${RES_UNIT[$k]}") | ${RES_RUNS[$k]} | $(fmt_ms "${RES_P50[$k]}") | $(fmt_ms "${RES_P99[$k]}") | ${RES_NON2XX[$k]} / ${RES_SOCKERR[$k]} | ${RES_TARGET[$k]} | ${RES_VERDICT[$k]} |"
            fi
        done
        echo
    done
} >"$DETAILS"

{
    echo "# Supplyhub benchmark: SQLite vs PostgreSQL"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M:%SZ'), total bench time $((BENCH_SECS / 60)) min $((BENCH_SECS % 60)) s; $RUN_CPU_NOTE"
    for b in "${BLIST[@]}"; do
        echo "  - $(backend_label "$b"): ${BACKEND_SECS[$b]:-?} s, ${BACKEND_STATUS[$b]:-not run}; ${CPU_NOTE[$b]:-}"
    done
    echo "- commit: ${COMMIT}${DIRTY}; binary $BIN_ORIG (sha256 ${BIN_SHA}..., built $(date -u -r "$BIN_ORIG" '+%Y-%m-%d %H:%M:%SZ' 2>/dev/null || echo '?'))"
    echo "- host: $(nproc) cores, $(awk '/^MemTotal:/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo), $(uname -sr); wrk, the server and PostgreSQL share these cores"
    echo "- wrk: -t$THREADS -c$CONNS -d${DURATION}s --latency (bulk wrk case: -c$BULK_WRK_CONNS -d${BULK_WRK_DURATION}s); server --threads 2; nginx worker_processes 2"
    echo "- page and get-by-id cases: median of $REPS runs (interleaved rounds); other cases: 1 run"
    echo "- SQLite: embedded, data dir under ${TMPDIR:-/tmp}"
    if [[ " $BACKENDS " == *" postgresql "* ]]; then
        echo "- PostgreSQL: ${PG_VERSION:-?} on loopback TCP (tests/support/pg_cluster.sh: fsync on, shared_buffers 128MB), --database-pool ${PG_POOL:-8 (server default)} per I/O thread; VACUUM ANALYZE after the bulk load; RSS is the server process only"
    fi
    echo "- auth: $([ -n "$USER_TOKEN" ] && echo "BENCH_TOKEN sent" || echo "demo user User1 logged in, Bearer token sent")"
    echo "- dataset: $((BULK_REQS * BULK_ROWS)) parts per backend for the read cases (ids: $(for b in "${BLIST[@]}"; do printf '%s %s; ' "$(backend_label "$b")" "${ID_RANGE[$b]:-n/a}"; done | sed 's/; $//'))"
    echo "- nginx GET / baseline: $(fmt_rate "$NGINX_RPS" "req/s")"
    echo
    hdr="| case |"; sep="|---|"
    for b in "${BLIST[@]}"; do hdr="$hdr $(backend_label "$b") |"; sep="$sep---:|"; done
    if [ "${#BLIST[@]}" -eq 2 ]; then hdr="$hdr $(backend_label "${BLIST[1]}") / $(backend_label "${BLIST[0]}") |"; sep="$sep---:|"; fi
    for b in "${BLIST[@]}"; do hdr="$hdr $(backend_label "$b") verdict (target) |"; sep="$sep---|"; done
    echo "$hdr"
    echo "$sep"
    for id in ${CASE_IDS[@]+"${CASE_IDS[@]}"}; do
        line="| ${CASE_NAME[$id]} |"
        for b in "${BLIST[@]}"; do line="$line $(cell "$b" "$id") |"; done
        if [ "${#BLIST[@]}" -eq 2 ]; then
            a="${RES_RATE[${BLIST[0]}|$id]:-}"; c="${RES_RATE[${BLIST[1]}|$id]:-}"
            line="$line $(awk -v a="$a" -v c="$c" 'BEGIN { if (a != "" && c != "" && a > 0) printf "%.2fx", c / a; else print "-" }') |"
        fi
        for b in "${BLIST[@]}"; do line="$line $(verdict_text "$b" "$id") |"; done
        echo "$line"
    done
    echo
    for b in "${BLIST[@]}"; do
        L=$(backend_label "$b")
        [ "${BACKEND_STATUS[$b]:-}" = ok ] || continue
        ratio=$(awk -v s="${RES_RATE[$b|status]:-0}" -v n="$NGINX_RPS" 'BEGIN { if (n > 0) printf "%.3f", s / n; else print "n/a" }')
        echo "- $L: status / nginx ratio ${ratio}$([ "$b" = sqlite ] && echo " (target >= ${T_STATUS_RATIO})"); bulk load ${BULK_SUMMARY[$b]:-n/a}; logins during the paging case: ${LOGINS_DONE[$b]:-0} answered 200 in ${DURATION} s (target 20/s); server log warnings/errors: ${LOG_ISSUES[$b]:-0}"
    done
    if [ -n "${LOG_ISSUES[pg_server]:-}" ]; then
        echo "- PostgreSQL server log: ${LOG_ISSUES[pg_server]} ERROR/FATAL/PANIC lines"
    fi
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
    cat "$DETAILS"
    echo "| baseline | rate | p50 | p99 | non-2xx / socket errors |"
    echo "|---|---:|---:|---:|---:|"
    echo "$NGINX_ROW"
    echo
    for b in "${BLIST[@]}"; do
        if [ "${LOG_ISSUES[$b]:-0}" -gt 0 ] && [ -f "$TMP/$b/server.log" ]; then
            echo "<details><summary>$(backend_label "$b"): server log warnings/errors (first 20)</summary>"
            echo; echo '```'
            grep -E '"level":"(warn|warning|error|fatal|critical)"' "$TMP/$b/server.log" | head -20
            echo '```'; echo "</details>"; echo
        fi
    done
    if [ "${LOG_ISSUES[pg_server]:-0}" -gt 0 ]; then
        echo "<details><summary>PostgreSQL server log ERROR/FATAL/PANIC lines (first 20)</summary>"
        echo; echo '```'
        grep -E '(ERROR|FATAL|PANIC):' "$TMP/postgresql/postgres.log" | head -20
        echo '```'; echo "</details>"; echo
    fi
    echo "<details><summary>raw wrk output</summary>"
    echo
    cat "$RAW_LOG"
    echo "</details>"
} >"$RESULTS_DIR/latest.md"

echo
cat "$DETAILS"
cat "$REPORT"
echo
log "written: $RESULTS_DIR/latest.md"

if [ "$FAILED" -ne 0 ]; then
    log "run FAILED (see errors above)"
    exit 1
fi
exit 0
