#!/usr/bin/env bash
# A/B of two server binaries in one run, interleaved, on SQLite:
#
#   bash bench/ab.sh OLD_BIN NEW_BIN
#
# Starts both servers (--threads 2, a data dir each, the demo user), loads
# AB_ROWS parts into each, then runs every case AB_ROUNDS times against each
# server, alternating (the order flips every round, so drift on a shared
# machine hits both alike), and prints the medians and NEW/OLD ratios. For
# the cost of a change on a path both binaries serve (e.g. the ETag a get by
# id now computes), which run.sh's cases cannot show: they run one binary.
#
# Env: AB_ROUNDS (5), AB_SECS (5 per wrk run), AB_CONNS (64), AB_ROWS (10000),
#      AB_CASES ("get create"; get: GET /v1/parts/{random id}, create: POST /v1/parts).
set -euo pipefail
OLD=${1:?usage: ab.sh OLD_BIN NEW_BIN}
NEW=${2:?usage: ab.sh OLD_BIN NEW_BIN}
LUA="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lua"
ROUNDS=${AB_ROUNDS:-5} SECS=${AB_SECS:-5} CONNS=${AB_CONNS:-64} ROWS=${AB_ROWS:-10000}
CASES=${AB_CASES:-get create}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/supplyhub-ab.XXXXXX")
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$TMP"' EXIT

start() {  # start NAME BIN -> PORT_<NAME>, TOKEN_<NAME>, IDS_<NAME>
    local name=$1 bin=$2 dir="$TMP/$1" port tok i
    mkdir -p "$dir"
    cp "$bin" "$dir/supplyhub"
    "$dir/supplyhub" serve --bind 127.0.0.1 --port 0 --port-file "$dir/port" --data-dir "$dir/data" --threads 2 \
        --demo --rate-limit 1000000000/1000000000 >"$dir/log" 2>&1 &
    PIDS+=($!)
    for i in $(seq 300); do [ -s "$dir/port" ] && break; sleep 0.1; done
    port=$(grep -oE '[0-9]+' "$dir/port" | tail -n 1)
    for i in $(seq 100); do curl -sf "http://127.0.0.1:$port/v1/status" >/dev/null && break; sleep 0.1; done
    tok=$(curl -sS -X POST "http://127.0.0.1:$port/v1/auth/login" -H 'Content-Type: application/json' \
        -d '{"username":"User1","password":"Password123"}' | grep -oE '"token":"[^"]+"' | cut -d'"' -f4)
    [ -n "$tok" ] || { echo "ab: cannot log in to $name ($bin)" >&2; exit 1; }
    awk -v rows="$ROWS" -v f="$dir/bulk" 'BEGIN { for (r = 0; r * 1000 < rows; r++) { out = f "_" r ".json"; printf "[" > out
        for (i = 1; i <= 1000 && r * 1000 + i <= rows; i++) { n = r * 1000 + i
            printf "%s{\"name\":\"Part %d\",\"identification\":\"P-%d\",\"unit_type\":\"Mass\",\"batch_ids\":[\"B1\"]}", (i > 1 ? "," : ""), n, n > out }
        printf "]" > out; close(out) } }'
    for f in "$dir"/bulk_*.json; do
        curl -sS -o /dev/null -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' -H 'Expect:' \
            --data-binary "@$f" "http://127.0.0.1:$port/v1/parts/bulk"
    done
    local lo hi
    lo=$(curl -sS -H "Authorization: Bearer $tok" "http://127.0.0.1:$port/v1/parts?per_page=1&sort=id" | grep -oE '"id":[0-9]+' | head -1 | cut -d: -f2)
    hi=$(curl -sS -H "Authorization: Bearer $tok" "http://127.0.0.1:$port/v1/parts?per_page=1&sort=-id" | grep -oE '"id":[0-9]+' | head -1 | cut -d: -f2)
    printf -v "PORT_$name" '%s' "$port"; printf -v "TOKEN_$name" '%s' "$tok"; printf -v "IDS_$name" '%s' "$lo $hi"
    echo "ab: $name = $bin on port $port, parts $lo..$hi" >&2
}

run() {  # run NAME CASE ROUND -> appends "CASE NAME rps" to $TMP/results
    local name=$1 case=$2 round=$3 port tok ids args
    port=PORT_$name; tok=TOKEN_$name; ids=IDS_$name
    case $case in
        get) args=(-s "$LUA/get_by_id.lua" "http://127.0.0.1:${!port}" -- ${!ids}) ;;
        create) args=(-s "$LUA/create_one.lua" "http://127.0.0.1:${!port}" -- "AB-$name-$round") ;;
        *) echo "ab: unknown case $case" >&2; exit 1 ;;
    esac
    local rps
    rps=$(wrk -t2 -c"$CONNS" -d"${SECS}s" -H "Authorization: Bearer ${!tok}" "${args[@]}" 2>&1 | awk '/Requests\/sec:/ { print $2 }')
    echo "$case $name $rps" >>"$TMP/results"
    echo "ab: round $round $case $name: $rps req/s" >&2
}

start old "$OLD"
start new "$NEW"
: >"$TMP/results"
for round in $(seq "$ROUNDS"); do
    for c in $CASES; do
        if [ $((round % 2)) -eq 1 ]; then run old "$c" "$round"; run new "$c" "$round"
        else run new "$c" "$round"; run old "$c" "$round"; fi
    done
done
echo "| case | old (median req/s) | new (median req/s) | new/old | runs old | runs new |"
echo "|---|---:|---:|---:|---|---|"
for c in $CASES; do
    awk -v c="$c" 'function med(a, n,   i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
                     return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
        $1 == c && $2 == "old" { o[++no] = $3; ro = ro (ro ? "/" : "") sprintf("%.0f", $3) }
        $1 == c && $2 == "new" { n[++nn] = $3; rn = rn (rn ? "/" : "") sprintf("%.0f", $3) }
        END { a = med(o, no); b = med(n, nn); printf "| %s | %.0f | %.0f | %.3f | %s | %s |\n", c, a, b, b / a, ro, rn }' "$TMP/results"
done
