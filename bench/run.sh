#!/usr/bin/env bash
# Supplyhub benchmark harness. See bench/README.md.
#
#   bash bench/run.sh            (what `make bench` runs, from the repo root)
#
# The wrk cases are the files bench/cases/NNN_ID.benchmark, one per case, run in
# the sorted order of their names by one loop (run_cases) once per storage backend
# -- embedded SQLite (the default) and PostgreSQL (a throwaway cluster from
# tests/support/pg_cluster.sh, the server started with --database URL) -- and one
# table shows them side by side.
#
# Env knobs:
#   SUPPLYHUB_BIN      server binary            (default build/bin/supplyhub)
#   BENCH_BACKENDS     backends to run, in order (default "sqlite postgresql")
#   BENCH_DURATION     seconds per wrk run      (default 10; a case's secs=N option caps it)
#   BENCH_REPS         runs of each "R" case, median reported (default 3, min 1)
#   BENCH_CONNECTIONS  wrk connections          (default 64; a case's conns=N option overrides it)
#   BENCH_PG_POOL      if set, passed as --database-pool N (PostgreSQL connections per I/O thread)
#   BENCH_TOKEN        if set, sent as "Authorization: Bearer $BENCH_TOKEN" on every request
#                      (instead of logging in as the demo user; used for every backend)
#   BENCH_KEEP_TMP     if 1, keep the temp dir (server logs, data, raw wrk output, postgres log)
#   BENCH_ONLY         if set, only these case ids (space-separated) run, e.g. "create order_create ship"
#   BENCH_CASES_DIR    folder of the case files (default bench/cases)
#   BENCH_LIST         if 1, only read and check the case files, print one line per case and exit 0
#
# All traffic goes to 127.0.0.1 only. Exit status: 0 when the run completed
# (even with MISS verdicts), 1 when a server could not start, a bulk load or a
# case setup failed, or a case returned mostly errors.
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
PER_PAGE=50               # the page cases below ask for per_page=50
LAST_PAGE=$(( (BULK_REQS * BULK_ROWS + PER_PAGE - 1) / PER_PAGE ))
INSP_COUNT=1000           # setup=inspections: inspections of 5 samples x 5 results each
T_BULK_PPS=100000         # target of the curl bulk load (SQLite); the wrk cases' targets are in bench/cases
T_RSS_MB=150              # target of the peak RSS (SQLite)

# ==================================================================== cases ==
# One file per wrk case, CASES_DIR/NNN_ID.benchmark, run in the sorted order of the file
# names once per backend. "key: value" lines and "#" comments; the keys (CASE_KEYS: id,
# runs 1|R, request, target.sqlite, target.postgresql, options, name) and what they mean:
# bench/README.md, "Adding a case". Consecutive R cases run as one block of interleaved
# rounds, so drift on the shared machine hits them alike; "x ID" targets name earlier cases.
# ${VAR} is expanded when the case runs: PART_IDS ("lo hi" of the loaded parts), LAST_PAGE,
# RUN_ID (unique per backend run), ROUND (1..BENCH_REPS: a repeated create needs new ids
# and keys); INSP_IDS, SPEC_ID, CHAR_IDS (from setup_inspections); SKU_IDS, TICKET_IDS
# (from setup_operations); PART_LO, ETAG_LO (setup_etag); CURSOR_DEEP, CURSOR_SORT_DEEP
# (setup_cursors).
CASES_DIR="${BENCH_CASES_DIR:-$BENCH_DIR/cases}"
CASE_KEYS="id runs request target.sqlite target.postgresql options name"
CASE_REQUIRED="id runs request target.sqlite target.postgresql"

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

expand() {   # expand TEXT: every ${NAME} replaced by the value of NAME (unset: an error)
    local s="$1" out="" n
    while [[ $s =~ \$\{([A-Za-z_][A-Za-z0-9_]*)\} ]]; do
        n=${BASH_REMATCH[1]}
        out+="${s%%"${BASH_REMATCH[0]}"*}${!n}"
        s="${s#*"${BASH_REMATCH[0]}"}"
    done
    printf '%s' "$out$s"
}

# load_cases: the case files -> C_* arrays (index = case), every field checked before anything runs.
ONLY="${BENCH_ONLY:-}" ALL_IDS=""
C_ID=() C_RUNS=() C_REQ=() C_TARGET_sqlite=() C_TARGET_postgresql=() C_OPTS=() C_NAME=()
OPTION_RE='^((conns|secs|per_req)=[0-9]+|(timeout|unit|setup|during)=[^=]+)$'
TARGET_RE='^ *(p99)? *(>=|<=) *([0-9.]+) *(x +([A-Za-z0-9_]+))? *$'
load_cases() {
    local f fid line n k v id runs req tsq tpg opts name o c r conds files
    local -A kv
    [ -d "$CASES_DIR" ] || die "BENCH_CASES_DIR: no such folder: $CASES_DIR"
    files=("$CASES_DIR"/*.benchmark)
    [ -e "${files[0]}" ] || die "no case files (*.benchmark) in $CASES_DIR"
    for f in "${files[@]}"; do
        [[ ${f##*/} =~ ^[0-9]+_([A-Za-z0-9_]+)\.benchmark$ ]] || die "$f: the name must be NNN_ID.benchmark (ID: letters, digits, _)"
        fid=${BASH_REMATCH[1]} kv=() n=0
        while IFS= read -r line || [ -n "$line" ]; do
            n=$((n + 1))
            [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
            [[ $line =~ ^[[:space:]]*([A-Za-z0-9_.]+)[[:space:]]*:(.*)$ ]] || die "$f:$n: not a 'key: value' line: '$line'"
            k=${BASH_REMATCH[1]}; read -r v <<<"${BASH_REMATCH[2]}"   # trim
            [[ " $CASE_KEYS " == *" $k "* ]] || die "$f:$n: unknown key '$k' (keys: $CASE_KEYS)"
            [ -z "${kv[$k]+set}" ] || die "$f:$n: key '$k' given twice"
            kv[$k]=$v
        done <"$f"
        for k in $CASE_REQUIRED; do [ -n "${kv[$k]+set}" ] || die "$f: missing key '$k'"; done
        id=${kv[id]} runs=${kv[runs]} req=${kv[request]} tsq=${kv[target.sqlite]} tpg=${kv[target.postgresql]}
        opts=${kv[options]:-} name=${kv[name]:-}
        [ "$id" = "$fid" ] || die "$f: id '$id' does not match the file name (expected '$fid')"
        [[ " $ALL_IDS " != *" $id "* ]] || die "$f: duplicate id '$id' (an earlier file has it)"
        [[ $runs == [1R] ]] || die "case $id: runs must be 1 or R, not '$runs'"
        [[ -n $tsq && -n $tpg ]] || die "case $id: empty target (\"-\": no target)"
        [[ $req == "GET /"* || ( $req == "lua "* && -f $LUA_DIR/$(read -r _ s _ <<<"$req"; echo "$s") ) ]] \
            || die "case $id: request must be 'GET /path' or 'lua SCRIPT ARGS' (a script in $LUA_DIR), not '$req'"
        for o in $opts; do [[ $o =~ $OPTION_RE ]] || die "case $id: bad option '$o'"; done
        IFS=, read -ra conds <<<"$tsq,$tpg"
        for c in "${conds[@]}"; do
            [ "$c" = - ] && continue
            [[ $c =~ $TARGET_RE ]] || die "case $id: bad target condition '$c'"
            r=${BASH_REMATCH[5]}
            [[ -z $r || $r == nginx || " $ALL_IDS " == *" $r "* ]] || die "case $id: target refers to '$r', not an earlier case"
        done
        ALL_IDS+=" $id"
        [[ -z $ONLY || " $ONLY " == *" $id "* ]] || continue
        C_ID+=("$id"); C_RUNS+=("$runs"); C_REQ+=("$req"); C_TARGET_sqlite+=("$tsq"); C_TARGET_postgresql+=("$tpg")
        C_OPTS+=("$opts"); C_NAME+=("${name:-$req}")
    done
}
load_cases

if [ "${BENCH_LIST:-0}" = 1 ]; then   # the cases as read, one line each: nothing else runs
    for i in "${!C_ID[@]}"; do
        printf '%s | %s | %s | %s | %s | %s | %s\n' "${C_ID[$i]}" "${C_RUNS[$i]}" "${C_REQ[$i]}" \
            "${C_TARGET_sqlite[$i]}" "${C_TARGET_postgresql[$i]}" "${C_OPTS[$i]}" "${C_NAME[$i]}"
    done
    exit 0
fi

case_opt() {   # case_opt INDEX KEY DEFAULT -> the case's KEY=value option, or DEFAULT
    local o
    for o in ${C_OPTS[$1]}; do [ "${o%%=*}" = "$2" ] && { expand "${o#*=}"; return 0; }; done
    printf '%s' "$3"
}

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

if ! command -v wrk >/dev/null || ! command -v curl >/dev/null || [ -z "$(find_nginx)" ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    [ -z "$SUDO" ] || command -v sudo >/dev/null || die "wrk/nginx/curl missing and not root (no sudo): apt-get install -y wrk nginx-light curl"
    log "installing missing packages: wrk nginx-light curl"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y wrk nginx-light curl
fi
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
    if [ "${BENCH_KEEP_TMP:-0}" = 1 ]; then log "temp dir kept: $TMP"; else rm -rf "$TMP"; fi
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
BIN_BUILT=$(date -u -r "$BIN_ORIG" '+%Y-%m-%d %H:%M:%SZ' 2>/dev/null || echo '?')
RUN_BUSY0=$(host_busy_secs); own_cpu_secs; RUN_OWN0=$OWN_CPU

AUTH_HDR=()
set_auth() { AUTH_HDR=(); [ -z "$1" ] || AUTH_HDR=(-H "Authorization: Bearer $1"); }
set_auth "$USER_TOKEN"

# curl wrapper: quiet, loopback only, auth header when configured.
ccurl() { curl -sS --max-time 30 ${AUTH_HDR[@]+"${AUTH_HDR[@]}"} "$@"; }

# ------------------------------------------------------------- wrk helper --
# run_wrk NAME CONNS DURATION TIMEOUT WRK_ARGS... (URL, or -s SCRIPT URL -- ARGS)
# Sets W_RPS W_P50 W_P99 (ms) W_REQS W_NON2XX W_SOCKERR.
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

WRK_SEQ=0
run_wrk() {
    local name="$1" conns="$2" dur="$3" timeout="$4" rc=0 out; shift 4
    WRK_SEQ=$((WRK_SEQ + 1))
    out="$TMP/wrk-$(printf '%03d' "$WRK_SEQ")-$(printf '%s' "$name" | tr -c 'A-Za-z0-9' '_').txt"
    log "case: $name  (wrk -t$THREADS -c$conns -d${dur}s $*)"
    wrk -t"$THREADS" -c"$conns" -d"${dur}s" --timeout "$timeout" --latency \
        ${AUTH_HDR[@]+"${AUTH_HDR[@]}"} "$@" >"$out" 2>&1 || rc=$?
    { printf '### %s\n\n```\n' "$name"; cat "$out"; printf '```\n\n'; } >>"$RAW_LOG"
    if [ "$rc" -ne 0 ]; then
        log "wrk exited with status $rc for case '$name':"
        sed 's/^/    /' "$out" >&2
    fi
    read -r W_RPS W_P50 W_P99 W_REQS W_NON2XX W_SOCKERR < <(parse_wrk "$out")
    log "  -> ${W_RPS} req/s, p50 ${W_P50} ms, p99 ${W_P99} ms, ${W_REQS} requests, non-2xx ${W_NON2XX}, socket errors ${W_SOCKERR}"
    if [ "$W_NON2XX" -gt 0 ] || [ "$W_SOCKERR" -gt 0 ]; then
        log "  !! $W_NON2XX non-2xx / $W_SOCKERR socket errors in '$name'"
    fi
}

# Repeated runs: acc_add KEY after each run_wrk, acc_final KEY sets the W_*
# variables to the medians (rps, p50, p99) and sums (requests, errors) over
# the runs; W_RUNS lists every run's req/s in run order; W_ERRFRAC = failed / all.
declare -A ACC=()
acc_add() { ACC[$1]="${ACC[$1]:-}$W_RPS $W_P50 $W_P99 $W_REQS $W_NON2XX $W_SOCKERR"$'\n'; }
acc_final() {
    read -r W_RPS W_P50 W_P99 W_REQS W_NON2XX W_SOCKERR W_RUNS W_ERRFRAC < <(printf '%s' "${ACC[$1]:-}" | awk '
        function med(a, n,   i, j, t) {
            if (n == 0) return -1
            for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
            if (n % 2) return a[(n + 1) / 2]
            return (a[n / 2] + a[n / 2 + 1]) / 2
        }
        NF >= 6 { n++; r[n] = $1; p5[n] = $2; p9[n] = $3; q += $4; x += $5; s += $6
                  runs = runs (n > 1 ? "/" : "") sprintf("%.0f", $1) }
        END { printf "%.2f %.3f %.3f %d %d %d %s %.4f\n", (n ? med(r, n) : 0), med(p5, n), med(p9, n), q, x, s, (n ? runs : "-"),
                     (q + s > 0 ? (x + s) / (q + s) : 1) }')
}

# --------------------------------------------------------- results --
# Per backend and case: RES_*["backend|case id"]; CASE_IDS keeps the order.
declare -A RES_RATE=() RES_UNIT=() RES_P50=() RES_P99=() RES_NON2XX=() RES_SOCKERR=() \
           RES_TARGET=() RES_VERDICT=() RES_RUNS=() CASE_NAME=() BACKEND_STATUS=() BACKEND_SECS=() \
           LOGINS_DONE=() BULK_SUMMARY=() INSP_SUMMARY=() ID_RANGE=() LOG_ISSUES=() CPU_NOTE=() \
           SETUP_STATE=()
CASE_IDS=()
FAILED=0
FAIL_REASONS=()

fmt_int() { awk -v v="$1" 'BEGIN { printf "%.0f", v }'; }
fmt_ms()  { awk -v v="$1" 'BEGIN { if (v == "" || v < 0) print "n/a"; else if (v < 10) printf "%.2f ms", v; else printf "%.1f ms", v }'; }
fmt_rate() {   # fmt_rate VALUE UNIT -> "30.8k req/s", "103.3 MB" ("n/a" without a value)
    awk -v v="$1" -v u="$2" 'BEGIN {
        if (v == "") printf "n/a"
        else if (u == "MB") printf "%.1f MB", v
        else if (v >= 1000) printf "%.1fk %s", v / 1000, u
        else printf "%.0f %s", v, u }'
}
awk_true() { awk "BEGIN { exit !($1) }"; }
fail() { FAILED=1; FAIL_REASONS+=("$(backend_label "$1"): $2"); }   # fail BACKEND REASON

# set_result BACKEND ID NAME RATE UNIT P50 P99 NON2XX SOCKERR TARGET VERDICT RUNS
set_result() {
    local k="$1|$2"
    [[ " ${CASE_IDS[*]-} " == *" $2 "* ]] || { CASE_IDS+=("$2"); CASE_NAME[$2]="$3"; }
    RES_RATE[$k]="$4"; RES_UNIT[$k]="$5"; RES_P50[$k]="$6"; RES_P99[$k]="$7"
    RES_NON2XX[$k]="$8"; RES_SOCKERR[$k]="$9"; RES_TARGET[$k]="${10}"; RES_VERDICT[$k]="${11}"; RES_RUNS[$k]="${12}"
}

# check_target BACKEND TARGET UNIT: the W_* figures against TARGET (see the cases block at the top)
# -> T_VERDICT (ok / MISS) and T_TEXT (the target as the report shows it)
check_target() {
    local b="$1" unit="$3" c base texts=() conds
    T_VERDICT=ok
    IFS=, read -ra conds <<<"$2"
    for c in "${conds[@]}"; do
        [[ $c =~ $TARGET_RE ]]
        local metric=${BASH_REMATCH[1]} op=${BASH_REMATCH[2]} num=${BASH_REMATCH[3]} ref=${BASH_REMATCH[5]}
        if [ -n "$metric" ]; then
            texts+=("p99 $op $num ms")
            awk_true "$W_P99 >= 0 && $W_P99 $op $num" || T_VERDICT=MISS
        elif [ -n "$ref" ]; then
            base=$([ "$ref" = nginx ] && echo "$NGINX_RPS" || echo "${RES_RATE[$b|$ref]:-0}")
            if awk_true "$base > 0"; then
                texts+=("$op $num x $ref: $(awk -v a="$W_RPS" -v z="$base" 'BEGIN { printf "%.3f", a / z }')x")
                awk_true "$W_RPS $op $num * $base" || T_VERDICT=MISS
            else
                texts+=("$op $num x $ref: $ref not measured"); T_VERDICT=MISS
            fi
        else
            texts+=("$op $num $unit")
            awk_true "$W_RPS $op $num" || T_VERDICT=MISS
        fi
    done
    T_TEXT=""
    for c in "${texts[@]}"; do T_TEXT+="${T_TEXT:+, }$c"; done
}

# record_case BACKEND INDEX: verdict for the W_* figures of case INDEX, stored as a result
record_case() {
    local b="$1" i="$2" target verdict=- text=- unit
    local id="${C_ID[$i]}" name
    name=$(expand "${C_NAME[$i]}"); unit=$(case_opt "$i" unit req/s)
    target="C_TARGET_$b[$i]"; target="${!target}"
    if [ "$target" != - ]; then
        check_target "$b" "$target" "$unit"; verdict=$T_VERDICT; text=$T_TEXT
        [[ $CONNS -ne 64 && $target != *" x "* && -z "$(case_opt "$i" conns "")" ]] && text="$text (at 64 conns)"
    fi
    if awk_true "$W_ERRFRAC > 0.5 || $W_REQS == 0"; then
        verdict=ERROR
        fail "$b" "$name: ${W_NON2XX} non-2xx + ${W_SOCKERR} socket errors out of ${W_REQS} requests"
    fi
    set_result "$b" "$id" "$name" "$W_RPS" "$unit" "$W_P50" "$W_P99" "$W_NON2XX" "$W_SOCKERR" "$text" "$verdict" "$W_RUNS"
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
    client_body_temp_path $dir/body; proxy_temp_path $dir/proxy; fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi; scgi_temp_path $dir/scgi;
    keepalive_requests 1000000;
    keepalive_timeout 65;
    server {
        listen 127.0.0.1:$port;
        location / { default_type text/plain; return 200 "ok"; }
    }
}
EOF
        "$NGINX_BIN" -p "$dir" -c "$dir/nginx.conf" ${eflag[@]+"${eflag[@]}"} >"$dir/stdout.log" 2>&1 &
        NGINX_PID=$!
        local i
        for i in $(seq 50); do
            kill -0 "$NGINX_PID" 2>/dev/null || break
            curl -sf --max-time 2 "http://127.0.0.1:$port/" >/dev/null 2>&1 && { NGINX_PORT=$port; return 0; }
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

# ================================================================ server ==
# start_server BACKEND [EXTRA SERVER FLAGS...] -> SERVER_PID, BASE; returns 1 (logged) on failure
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
    PG_DB_URL="${url%/*}/bench"
    log "PostgreSQL $PG_VERSION ready: $PG_DB_URL"
    return 0
}

# PostgreSQL: what autovacuum would do within a minute of a bulk load (statistics +
# visibility map), done now so every run starts from the same state.
pg_vacuum() {
    [ "$1" = postgresql ] || return 0
    log "[PostgreSQL] VACUUM ANALYZE"
    psql "$PG_DB_URL" -Xqc 'VACUUM ANALYZE' >"$TMP/postgresql/vacuum.out" 2>&1 \
        || log "[PostgreSQL] WARNING: VACUUM ANALYZE failed: $(head -c 300 "$TMP/postgresql/vacuum.out")"
}

# Warnings and errors in a log: the server's (JSON lines) per backend, PostgreSQL's once.
declare -A ISSUE_LOG=([sqlite]="$TMP/sqlite/server.log" [postgresql]="$TMP/postgresql/server.log" [pg_server]="$TMP/postgresql/postgres.log")
declare -A ISSUE_RE=([sqlite]='"level":"(warn|warning|error|fatal|critical)"' [pg_server]='(ERROR|FATAL|PANIC):')
ISSUE_RE[postgresql]=${ISSUE_RE[sqlite]}
count_issues() {   # count_issues KEY WHO -> LOG_ISSUES[KEY]; logs the first 5 lines
    LOG_ISSUES[$1]=$(grep -cE "${ISSUE_RE[$1]}" "${ISSUE_LOG[$1]}" 2>/dev/null || true)
    [ "${LOG_ISSUES[$1]:-0}" -gt 0 ] || return 0
    log "$2 logged ${LOG_ISSUES[$1]} warning/error lines; first 5:"
    grep -m 5 -E "${ISSUE_RE[$1]}" "${ISSUE_LOG[$1]}" | sed 's/^/    /' >&2  # -m, not | head: SIGPIPE under pipefail
}

backend_failed() {  # backend_failed BACKEND REASON
    BACKEND_STATUS[$1]="failed: $2"
    fail "$1" "$2"
    log "[$1] backend FAILED: $2"
}

# ====================================================== case setup hooks ==
# setup=inspections: one specification with 5 measured characteristics (limits 5..15),
# then INSP_COUNT inspections of it, each with 5 samples x 5 results, posted one after
# another on one keep-alive connection. Sets SPEC_ID, CHAR_IDS (c1,..,c5), INSP_IDS ("lo hi").
setup_inspections() {
    local b="$1" dir="$TMP/$1/inspections" chars t0 secs ok
    mkdir -p "$dir"
    chars=$(awk 'BEGIN { for (c = 1; c <= 5; c++) printf "%s{\"name\":\"C%d\",\"kind\":\"measured\",\"nominal\":10,\"lower_limit\":5,\"upper_limit\":15,\"unit\":\"mm\",\"order\":%d}", (c > 1 ? "," : ""), c, c }')
    ccurl -o "$dir/spec.json" -H 'Content-Type: application/json' "$BASE/v1/specifications" \
        -d "{\"identification\":\"BENCH-$RUN_ID\",\"name\":\"Bench specification\",\"characteristics\":[$chars]}" || true
    SPEC_ID=$(grep -oE '"data":\{"id":[0-9]+' "$dir/spec.json" | grep -oE '[0-9]+$' || true)
    CHAR_IDS=$(grep -oE '"id":[0-9]+,"specification_id"' "$dir/spec.json" | grep -oE '[0-9]+' | paste -sd, - || true)
    if [ -z "$SPEC_ID" ] || [ "$(tr -cd , <<<"$CHAR_IDS")" != ",,,," ]; then
        SETUP_ERR="POST /v1/specifications: $(head -c 300 "$dir/spec.json" 2>/dev/null)"; return 1
    fi
    awk -v spec="$SPEC_ID" -v chars="$CHAR_IDS" 'BEGIN {
        split(chars, c, ","); printf "{\"drawing_id\":%d,\"sample_size\":5,\"samples\":[", spec
        for (s = 1; s <= 5; s++) {
            printf "%s{\"sample_serial\":\"S%d\",\"sample_number\":%d,\"results\":[", (s > 1 ? "," : ""), s, s
            for (i = 1; i <= 5; i++) printf "%s{\"characteristic_id\":%d,\"value\":%.1f}", (i > 1 ? "," : ""), c[i], 9 + s * 0.2 + i * 0.1
            printf "]}"
        }
        printf "]}" }' >"$dir/body.json"
    for _ in $(seq "$INSP_COUNT"); do printf 'url = "%s/v1/inspections"\n' "$BASE"; done >"$dir/urls.cfg"
    log "[$(backend_label "$b")] setup: $INSP_COUNT x POST /v1/inspections (5 samples x 5 results)"
    t0=$(date +%s%N)
    ccurl -H 'Expect:' -H 'Content-Type: application/json' --data-binary "@$dir/body.json" \
        -w '\nHTTP %{http_code}\n' -K "$dir/urls.cfg" >"$dir/responses.txt" 2>"$dir/curl.err" || true
    secs=$(awk -v a="$t0" -v z="$(date +%s%N)" 'BEGIN { printf "%.2f", (z - a) / 1e9 }')
    ok=$(grep -c '^HTTP 201$' "$dir/responses.txt" || true)
    { grep -oE '"data":\{"id":[0-9]+' "$dir/responses.txt" || true; } | grep -oE '[0-9]+$' | sort -n >"$dir/ids.txt" || true
    INSP_LO=$(head -n 1 "$dir/ids.txt"); INSP_HI=$(tail -n 1 "$dir/ids.txt"); INSP_IDS="$INSP_LO $INSP_HI"
    INSP_SUMMARY[$b]="$ok/$INSP_COUNT inspections created in $secs s (ids ${INSP_LO:-?}..${INSP_HI:-?})"
    log "[$(backend_label "$b")]   -> ${INSP_SUMMARY[$b]}"
    if [ "${ok:-0}" -lt $((INSP_COUNT / 2)) ] || [ -z "$INSP_HI" ]; then
        SETUP_ERR="POST /v1/inspections: $ok of $INSP_COUNT answered 201; first: $(head -c 300 "$dir/responses.txt")"; return 1
    fi
    [ "$ok" -eq "$INSP_COUNT" ] || log "[$(backend_label "$b")] WARNING: $((INSP_COUNT - ok)) inspection creates failed"
    [ $((INSP_HI - INSP_LO + 1)) -eq "$ok" ] || log "[$(backend_label "$b")] WARNING: inspection ids not contiguous (get by id may hit 404s)"
    pg_vacuum "$b"
}

# setup=operations: 10 SKUs with stock at one location, an order of 5 of them
# (quantities far beyond what the benches ship) and TICKET_COUNT pick tickets of
# 5 lines each for it. SKU_IDS (10, comma-separated) and TICKET_IDS ("lo hi").
TICKET_COUNT=12000
setup_operations() {
    local b="$1" dir="$TMP/$1/operations" i sku ids=() items="" ok order t0 secs
    mkdir -p "$dir"
    ccurl -o "$dir/product.json" -H 'Content-Type: application/json' "$BASE/v1/products" \
        -d "{\"style_number\":\"BENCH-$RUN_ID\",\"name\":\"Bench style\"}" || true
    local product; product=$(grep -oE '"data":\{"id":[0-9]+' "$dir/product.json" | grep -oE '[0-9]+$' || true)
    [ -n "$product" ] || { SETUP_ERR="POST /v1/products: $(head -c 300 "$dir/product.json")"; return 1; }
    ccurl -o "$dir/location.json" -H 'Content-Type: application/json' "$BASE/v1/locations" -d '{"name":"Bench DC"}' || true
    local location; location=$(grep -oE '"data":\{"id":[0-9]+' "$dir/location.json" | grep -oE '[0-9]+$' || true)
    for i in $(seq 10); do
        sku=$(ccurl -H 'Content-Type: application/json' "$BASE/v1/skus" \
            -d "{\"product_id\":$product,\"sku\":\"BENCH-$RUN_ID-$i\",\"size\":\"$i\"}" | grep -oE '"data":\{"id":[0-9]+' | grep -oE '[0-9]+$' || true)
        [ -n "$sku" ] || { SETUP_ERR="POST /v1/skus failed"; return 1; }
        ids+=("$sku")
        ccurl -o /dev/null -H 'Content-Type: application/json' "$BASE/v1/stock_operations" \
            -d "{\"kind\":\"adjust\",\"sku_id\":$sku,\"location_id\":$location,\"quantity\":100000000}" || true
        [ "$i" -le 5 ] && items+="${items:+,}{\"sku_id\":$sku,\"quantity\":100000000}"
    done
    SKU_IDS=$(IFS=,; echo "${ids[*]}")
    ccurl -o "$dir/order.json" -H 'Content-Type: application/json' "$BASE/v1/orders" -d "{\"order_number\":\"BENCH-$RUN_ID\",\"items\":[$items]}" || true
    order=$(grep -oE '"data":\{"id":[0-9]+' "$dir/order.json" | grep -oE '[0-9]+$' || true)
    local item_ids; item_ids=$(grep -oE '"id":[0-9]+,"order_id"' "$dir/order.json" | grep -oE '[0-9]+' || true)
    [ -n "$order" ] && [ "$(wc -w <<<"$item_ids")" -eq 5 ] || { SETUP_ERR="POST /v1/orders: $(head -c 300 "$dir/order.json")"; return 1; }
    local lines=""
    for i in $item_ids; do lines+="${lines:+,}{\"order_item_id\":$i,\"quantity\":1}"; done
    printf '{"order_id":%s,"location_id":%s,"lines":[%s]}' "$order" "$location" "$lines" >"$dir/ticket.json"
    for _ in $(seq $((TICKET_COUNT / 4))); do printf 'url = "%s/v1/pick_tickets"\n' "$BASE"; done >"$dir/urls.cfg"
    log "[$(backend_label "$b")] setup: $TICKET_COUNT x POST /v1/pick_tickets (5 lines), 4 curl processes"
    t0=$(date +%s%N)
    local pids=()
    for i in 1 2 3 4; do
        ccurl --max-time 600 -H 'Expect:' -H 'Content-Type: application/json' --data-binary "@$dir/ticket.json" \
            -w '\nHTTP %{http_code}\n' -K "$dir/urls.cfg" >"$dir/responses.$i.txt" 2>"$dir/curl.err" &
        pids+=($!)
    done
    wait "${pids[@]}" || true
    cat "$dir"/responses.*.txt >"$dir/responses.txt"
    secs=$(awk -v a="$t0" -v z="$(date +%s%N)" 'BEGIN { printf "%.2f", (z - a) / 1e9 }')
    ok=$(grep -c '^HTTP 201$' "$dir/responses.txt" || true)
    { grep -oE '"data":\{"id":[0-9]+' "$dir/responses.txt" || true; } | grep -oE '[0-9]+$' | sort -n >"$dir/ids.txt" || true
    TICKET_IDS="$(head -n 1 "$dir/ids.txt") $(tail -n 1 "$dir/ids.txt")"
    log "[$(backend_label "$b")]   -> $ok/$TICKET_COUNT tickets in $secs s (ids $TICKET_IDS)"
    [ "${ok:-0}" -ge $((TICKET_COUNT / 2)) ] || { SETUP_ERR="POST /v1/pick_tickets: $ok answered 201; first: $(head -c 300 "$dir/responses.txt")"; return 1; }
    pg_vacuum "$b"
}

# during=logins: 20 logins/s while the case runs (hashing runs on its own threads and
# must not stall the I/O threads). Two curl processes at 10 logins/s each (curl --rate
# keeps the pace, one keep-alive connection each); a login is ~30 ms of Argon2id.
logins_start() {
    local _
    for _ in $(seq $(( DURATION * 10 ))); do
        printf 'next\nurl = "%s/v1/auth/login"\nrequest = "POST"\nheader = "Content-Type: application/json"\n' "$BASE"
        printf 'data = "{\\"username\\":\\"User1\\",\\"password\\":\\"Password123\\"}"\noutput = "/dev/null"\n'
        printf 'write-out = "%%{http_code}\\n"\n'
    done | tail -n +2 >"$TMP/$1/logins.cfg"
    : >"$TMP/$1/logins-ok"
    LOGIN_PIDS=()
    for _ in 1 2; do
        curl -s --max-time $(( DURATION + 30 )) --rate 10/s -K "$TMP/$1/logins.cfg" >>"$TMP/$1/logins-ok" 2>/dev/null &
        LOGIN_PIDS+=($!)
    done
}
logins_stop() {
    local pid
    for pid in "${LOGIN_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    LOGINS_DONE[$1]=$(grep -c '^200$' "$TMP/$1/logins-ok" || true)
}

# setup=etag: the ETag of the first loaded part (PART_LO), for a 304 case (ETAG_LO).
setup_etag() {
    PART_LO=${PART_IDS%% *}
    ETAG_LO=$(ccurl -D - -o /dev/null "$BASE/v1/parts/$PART_LO" | tr -d '\r' | awk 'tolower($1) == "etag:" { gsub(/"/, "", $2); print $2 }')
    [ -n "$ETAG_LO" ] || { SETUP_ERR="GET /v1/parts/$PART_LO answered no ETag"; return 1; }
}

# setup=cursors: cursors 99,950 rows deep (CURSOR_DEEP in id order, CURSOR_SORT_DEEP in
# sort=-name order), handed over by the offset page that ends there (its meta.next_cursor).
setup_cursors() {
    local page=$(( (BULK_REQS * BULK_ROWS) / PER_PAGE - 1 )) sort
    for sort in "" "-name"; do
        local c
        c=$(ccurl "$BASE/v1/parts?per_page=$PER_PAGE&page=$page${sort:+&sort=$sort}" | grep -oE '"next_cursor":"[^"]+"' | cut -d'"' -f4)
        [ -n "$c" ] || { SETUP_ERR="GET /v1/parts?page=$page${sort:+&sort=$sort} gave no next_cursor"; return 1; }
        if [ -z "$sort" ]; then CURSOR_DEEP=$c; else CURSOR_SORT_DEEP=$c; fi
    done
    log "[$(backend_label "$1")] setup: cursors after row $((page * PER_PAGE)) (id order and sort=-name)"
}

# ============================================================ case loop ==
# case_ready BACKEND INDEX: runs the case's setup hook (once per backend). If that
# failed, the case is recorded as ERROR and case_ready returns 1.
case_ready() {
    local s
    s=$(case_opt "$2" setup "")
    [ -n "$s" ] || return 0
    if [ -z "${SETUP_STATE[$1|$s]:-}" ]; then
        SETUP_ERR="" SETUP_STATE[$1|$s]=ok
        "setup_$s" "$1" || { SETUP_STATE[$1|$s]=failed; fail "$1" "setup $s failed: $SETUP_ERR"; log "[$(backend_label "$1")] setup $s FAILED: $SETUP_ERR"; }
    fi
    [ "${SETUP_STATE[$1|$s]}" = ok ] && return 0
    set_result "$1" "${C_ID[$2]}" "$(expand "${C_NAME[$2]}")" 0 "$(case_opt "$2" unit req/s)" -1 -1 0 0 "setup $s failed" ERROR -
    return 1
}

# run_case BACKEND INDEX [SUFFIX]: one wrk run of case INDEX -> W_*
run_case() {
    local b="$1" i="$2" req conns secs timeout per_req during words
    req=$(expand "${C_REQ[$i]}")
    conns=$(case_opt "$i" conns "$CONNS"); timeout=$(case_opt "$i" timeout 10s)
    secs=$(case_opt "$i" secs "$DURATION"); [ "$secs" -le "$DURATION" ] || secs=$DURATION
    per_req=$(case_opt "$i" per_req 1); during=$(case_opt "$i" during "")
    if [[ $req == "GET "* ]]; then words=("$BASE${req#GET }")
    else read -ra words <<<"${req#lua }"; words=(-s "$LUA_DIR/${words[0]}" "$BASE" -- "${words[@]:1}"); fi
    [ -z "$during" ] || "${during}_start" "$b"
    run_wrk "[$(backend_label "$b")] $(expand "${C_NAME[$i]}")${3:-}" "$conns" "$secs" "$timeout" "${words[@]}"
    [ -z "$during" ] || "${during}_stop" "$b"
    W_RPS=$(awk -v r="$W_RPS" -v n="$per_req" 'BEGIN { printf "%.2f", r * n }')
}

# run_cases BACKEND: every case in order. A block of consecutive R cases runs
# BENCH_REPS interleaved rounds; every case is recorded with its median.
run_cases() {
    local b="$1" i=0 j k rep reps block
    while [ "$i" -lt "${#C_ID[@]}" ]; do
        j=$i reps=1 block=()
        if [ "${C_RUNS[$i]}" = R ]; then
            reps=$REPS
            while [ $((j + 1)) -lt "${#C_ID[@]}" ] && [ "${C_RUNS[$((j + 1))]}" = R ]; do j=$((j + 1)); done
        fi
        for k in $(seq "$i" "$j"); do case_ready "$b" "$k" && block+=("$k"); done
        for rep in $(seq "$reps"); do
            ROUND=$rep
            for k in ${block[@]+"${block[@]}"}; do
                run_case "$b" "$k" "$([ "${C_RUNS[$k]}" = 1 ] || echo " (run $rep/$REPS)")"; acc_add "$b|${C_ID[$k]}"
            done
        done
        for k in ${block[@]+"${block[@]}"}; do acc_final "$b|${C_ID[$k]}"; record_case "$b" "$k"; done
        i=$((j + 1))
    done
}

# run_backend BACKEND [EXTRA SERVER FLAGS...]: server up, bulk load, every case,
# RSS, server down. Results go to RES_*["BACKEND|case"].
run_backend() {
    local b="$1"; shift
    local t0 L
    t0=$(date +%s)
    L="[$(backend_label "$b")]"
    local cpu_busy0 cpu_own0 cpu_pg0 cpu_steal0
    cpu_steal0=$(host_steal_secs); cpu_busy0=$(host_busy_secs); own_cpu_secs; cpu_own0=$OWN_CPU; cpu_pg0=$(pg_cpu_secs)
    BACKEND_STATUS[$b]="ok"
    RUN_ID="$(date +%s)-$$-$b" ROUND=1
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
    local bdir="$TMP/$b/bulk" r bt0 secs ok bad p50 p99 pps id_n verdict=- target=-
    local curl_args=()
    mkdir -p "$bdir"
    for r in $(seq -f '%03g' "$BULK_REQS"); do
        curl_args+=(--next -sS --max-time 120 ${AUTH_HDR[@]+"${AUTH_HDR[@]}"} -H 'Expect:' -H 'Content-Type: application/json'
                    --data-binary "@$TMP/bulk/body_$r.json" -o "$bdir/resp_$r.json" -w '%{http_code} %{time_total}\n' "$BASE/v1/parts/bulk")
    done
    log "$L bulk load: $BULK_REQS x POST /v1/parts/bulk ($((BULK_REQS * BULK_ROWS)) parts)"
    bt0=$(date +%s%N)
    curl "${curl_args[@]:1}" >"$bdir/codes.txt" 2>"$bdir/curl.err" || true
    secs=$(awk -v a="$bt0" -v z="$(date +%s%N)" 'BEGIN { printf "%.4f", (z - a) / 1e9 }')
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        server_log_tail; SERVER_PID=""
        backend_failed "$b" "server died during the bulk load (POST /v1/parts/bulk)"
        return 0
    fi
    read -r ok p50 p99 < <(sort -k2 -n "$bdir/codes.txt" | awk '$1 == 201 { ok++ } { v[NR] = $2 * 1000 }
        END { if (NR == 0) print 0, -1, -1; else printf "%d %.3f %.3f\n", ok, v[int(NR * 0.50 + 0.999999)], v[int(NR * 0.99 + 0.999999)] }')
    bad=$((BULK_REQS - ok))
    pps=$(awk -v ok="$ok" -v rows="$BULK_ROWS" -v s="$secs" 'BEGIN { printf "%.2f", (s > 0 ? ok * rows / s : 0) }')
    BULK_SUMMARY[$b]="$ok/$BULK_REQS requests answered 201 in $secs s"
    log "$L   -> ${BULK_SUMMARY[$b]} = $(fmt_int "$pps") parts/s"
    if [ "$bad" -gt 0 ]; then
        log "$L bulk load: $bad requests failed; status codes: $(awk '{ print $1 }' "$bdir/codes.txt" | sort | uniq -c | tr '\n' ' ')"
        sed -n '1,5s/^/    /p' "$bdir/curl.err" >&2
        r=$(awk '$1 != 201 { printf "%03d", NR; exit }' "$bdir/codes.txt")
        [ -z "$r" ] || log "first failing response (#$r): $(head -c 500 "$bdir/resp_$r.json" 2>/dev/null || true)"
    fi
    if [ "$ok" -eq 0 ] || [ $((bad * 2)) -gt "$BULK_REQS" ]; then verdict=ERROR; fail "$b" "bulk load: $bad of $BULK_REQS requests failed"
    elif [ "$b" = sqlite ]; then target=">= $T_BULK_PPS parts/s"; verdict=MISS; awk_true "$pps >= $T_BULK_PPS" && verdict=ok; fi
    set_result "$b" bulkload "bulk load (curl, ${BULK_REQS} x ${BULK_ROWS} rows, 1 conn)" "$pps" "parts/s" \
        "$p50" "$p99" "$bad" 0 "$target" "$verdict" "$(fmt_int "$pps")"

    # id range of the loaded rows: every "id" in the responses (parts have no nested ids)
    read -r ID_LO ID_HI id_n < <(cat "$bdir"/resp_*.json 2>/dev/null | grep -oE '"id"[[:space:]]*:[[:space:]]*[0-9]+' \
        | grep -oE '[0-9]+$' | awk 'NR == 1 { lo = $1; hi = $1 } { if ($1 < lo) lo = $1; if ($1 > hi) hi = $1 } END { if (NR) print lo, hi, NR; else print "- - 0" }')
    if [ "$ID_LO" = "-" ]; then
        log "$L first bulk response: $(head -c 300 "$bdir/resp_001.json" 2>/dev/null || true)"
        server_log_tail; stop_pid "$SERVER_PID" TERM; SERVER_PID=""
        backend_failed "$b" "bulk load returned no ids (expected {\"data\":[{\"id\":<int>,...},...]}); cannot run the read cases"
        return 0
    fi
    ID_RANGE[$b]="$ID_LO..$ID_HI"; PART_IDS="$ID_LO $ID_HI"
    log "$L loaded ids: $ID_LO .. $ID_HI ($id_n rows reported)"
    [ "$id_n" -eq $((BULK_REQS * BULK_ROWS)) ] || log "$L WARNING: expected $((BULK_REQS * BULK_ROWS)) ids in bulk responses, got $id_n"
    [ $((ID_HI - ID_LO + 1)) -eq "$id_n" ] || log "$L WARNING: id range $ID_LO..$ID_HI is not contiguous for $id_n rows (get-by-id may hit 404s)"
    pg_vacuum "$b"

    # ----------------------------------------------------------- sanity checks --
    local code u
    for u in "/v1/parts/$ID_LO" "/v1/parts/$ID_HI" "/v1/parts?page=$LAST_PAGE&per_page=$PER_PAGE"; do
        code=$(ccurl -o "$TMP/$b/sanity.json" -w '%{http_code}' "$BASE$u" 2>/dev/null || true)
        [ "$code" = 200 ] || log "$L WARNING: GET $u -> HTTP $code: $(head -c 200 "$TMP/$b/sanity.json" 2>/dev/null || true)"
    done
    r=$(grep -oE '"id":[0-9]+' "$TMP/$b/sanity.json" 2>/dev/null | wc -l)
    [ "$r" -eq "$PER_PAGE" ] || log "$L WARNING: last page ($LAST_PAGE) returned $r rows, expected $PER_PAGE"

    # ------------------------------------------------------------ the cases --
    run_cases "$b"

    # ------------------------------------------------------------------- RSS --
    local rss=""
    [ -r "/proc/$SERVER_PID/status" ] && rss=$(awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$SERVER_PID/status")
    verdict=-; target=-
    if [ -z "$rss" ]; then
        verdict=ERROR; fail "$b" "server process $SERVER_PID is no longer running at the end of the run"; server_log_tail
    elif [ "$b" = sqlite ]; then target="<= $T_RSS_MB MB"; verdict=MISS; awk_true "$rss <= $T_RSS_MB" && verdict=ok; fi
    set_result "$b" rss "peak RSS of the server (VmHWM)" "$rss" "MB" "" "" 0 0 "$target" "$verdict" "-"

    stop_pid "$SERVER_PID" TERM
    SERVER_PID=""

    count_issues "$b" "$L server"
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
        sqlite) run_backend sqlite ;;
        postgresql)
            START_ERR=""
            if start_pg; then
                pg_flags=(--database "$PG_DB_URL")
                [ -n "$PG_POOL" ] && pg_flags+=(--database-pool "$PG_POOL")
                run_backend postgresql "${pg_flags[@]}"
                pg_stop
                count_issues pg_server "[PostgreSQL] the PostgreSQL server"
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
R_IDS="" WRK_OPTS=""   # the R cases; the cases with their own wrk options
for i in "${!C_ID[@]}"; do
    [ "${C_RUNS[$i]}" = 1 ] || R_IDS+="${R_IDS:+ }${C_ID[$i]}"
    o=$(grep -oE '(conns|secs|timeout)=[^ ]+' <<<"${C_OPTS[$i]}" | paste -sd' ' - || true)
    [ -z "$o" ] || WRK_OPTS+="; ${C_ID[$i]}: $o"
done

cell() {   # cell BACKEND ID [rate] -> "30.8k req/s, p99 4.87 ms" (p99 for req/s cases; + error counts)
    local k="$1|$2" s
    [ -n "${RES_VERDICT[$k]:-}" ] || { echo "not run"; return 0; }
    s=$(fmt_rate "${RES_RATE[$k]}" "${RES_UNIT[$k]}")
    [ -n "${3:-}" ] && { echo "$s"; return 0; }
    [ "${RES_UNIT[$k]}" = req/s ] && s="$s, p99 $(fmt_ms "${RES_P99[$k]}")"
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
        echo "| case | id | rate (median) | runs (req/s) | p50 | p99 | non-2xx / socket errors | target | verdict |"
        echo "|---|---|---:|---|---:|---:|---:|---|---|"
        for id in ${CASE_IDS[@]+"${CASE_IDS[@]}"}; do
            k="$b|$id"
            [ -n "${RES_VERDICT[$k]:-}" ] || continue
            echo "| ${CASE_NAME[$id]} | $id | $(cell "$b" "$id" rate) | ${RES_RUNS[$k]} | $(fmt_ms "${RES_P50[$k]}") | $(fmt_ms "${RES_P99[$k]}") | ${RES_NON2XX[$k]} / ${RES_SOCKERR[$k]} | ${RES_TARGET[$k]} | ${RES_VERDICT[$k]} |"
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
    echo "- commit: ${COMMIT}${DIRTY}; binary $BIN_ORIG (sha256 ${BIN_SHA}..., built $BIN_BUILT)"
    echo "- host: $(nproc) cores, $(awk '/^MemTotal:/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo), $(uname -sr); wrk, the server and PostgreSQL share these cores"
    echo "- wrk: -t$THREADS -c$CONNS -d${DURATION}s --timeout 10s --latency${WRK_OPTS} (secs=N: at most N s); server --threads 2; nginx worker_processes 2"
    echo "- median of $REPS runs (interleaved rounds): $R_IDS; other cases: 1 run; \"x ID\" targets compare with case ID of the same backend in this run"
    echo "- SQLite: embedded, data dir under ${TMPDIR:-/tmp}"
    if [[ " $BACKENDS " == *" postgresql "* ]]; then
        echo "- PostgreSQL: ${PG_VERSION:-?} on loopback TCP (tests/support/pg_cluster.sh: fsync on, shared_buffers 128MB), --database-pool ${PG_POOL:-8 (server default)} per I/O thread; VACUUM ANALYZE after the bulk load and the inspection setup; RSS is the server process only"
    fi
    echo "- auth: $([ -n "$USER_TOKEN" ] && echo "BENCH_TOKEN sent" || echo "demo user User1 logged in, Bearer token sent")"
    echo "- dataset: $((BULK_REQS * BULK_ROWS)) parts per backend for the read cases (ids: $(for b in "${BLIST[@]}"; do printf '%s %s; ' "$(backend_label "$b")" "${ID_RANGE[$b]:-n/a}"; done | sed 's/; $//')); $INSP_COUNT inspections of 5 samples x 5 results, one specification with 5 characteristics"
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
        [ "${BACKEND_STATUS[$b]:-}" = ok ] || continue
        ratio=$(awk -v s="${RES_RATE[$b|status]:-0}" -v n="$NGINX_RPS" 'BEGIN { if (n > 0) printf "%.3f", s / n; else print "n/a" }')
        echo "- $(backend_label "$b"): status / nginx ratio ${ratio}; bulk load ${BULK_SUMMARY[$b]:-n/a}; inspection setup: ${INSP_SUMMARY[$b]:-${SETUP_STATE[$b|inspections]:-not run}}; logins during the paging case: ${LOGINS_DONE[$b]:-0} answered 200 in ${DURATION} s (target 20/s); server log warnings/errors: ${LOG_ISSUES[$b]:-0}"
    done
    [ -z "${LOG_ISSUES[pg_server]:-}" ] || echo "- PostgreSQL server log: ${LOG_ISSUES[pg_server]} ERROR/FATAL/PANIC lines"
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
    for k in "${BLIST[@]}" pg_server; do
        [ "${LOG_ISSUES[$k]:-0}" -gt 0 ] || continue
        printf '<details><summary>%s log: warnings/errors (first 20)</summary>\n\n```\n' "$k"
        grep -m 20 -E "${ISSUE_RE[$k]}" "${ISSUE_LOG[$k]}"
        printf '```\n</details>\n\n'
    done
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
