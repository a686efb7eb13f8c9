#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite.
#   pg_cluster.sh start FILE [BIN]  initdb in a new temporary directory, start
#                             on a free port, write its URL to FILE; with BIN
#                             (the supplyhub binary), also a database migrated
#                             to the latest version, `supplyhub_template`, named
#                             in FILE.template: each test's database is a copy
#                             of it (a copy takes ~0.3 s, migrating ~1.5 s)
#   pg_cluster.sh stop FILE   stop it, remove the directory and FILE
# Installs Debian's postgresql when missing; a missing or broken PostgreSQL
# fails loudly (the suites that need it are then reported as not run).
# PostgreSQL refuses to run as root, so as root the cluster belongs to the
# unprivileged `postgres` user (or `nobody`).
set -euo pipefail
cmd=${1:?start|stop}
file=${2:?url file}

find_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    local user=postgres
    id "$user" >/dev/null 2>&1 || user=nobody
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

case "$cmd" in
  start)
    bin=$(find_bin)
    if [ -z "$bin" ]; then
      echo "pg_cluster: postgresql missing, installing it" >&2
      SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
      $SUDO apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >&2
      bin=$(find_bin)
    fi
    [ -n "$bin" ] || { echo "pg_cluster: no PostgreSQL server found" >&2; exit 1; }
    # Under /tmp, which the unprivileged owner can reach wherever the build is.
    dir=$(mktemp -d /tmp/supplyhub-pg-XXXXXX)
    chmod 755 "$dir"
    echo "$dir" >"$file.dir"
    if [ "$(id -u)" -eq 0 ]; then
      owner=postgres; id postgres >/dev/null 2>&1 || owner=nobody
      chown "$owner" "$dir"
    fi
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-sync >"$file.initdb.log" 2>&1 ||
      { cat "$file.initdb.log" >&2; exit 1; }
    # fsync off: this cluster lives for one test run and nothing crashes it.
    # The durability tests kill supplyhub, never PostgreSQL, and a commit is
    # as visible to every later session with fsync off as with it on; what
    # fsync adds is surviving an OS crash, which no test makes. With it on,
    # each test's CREATE and DROP DATABASE (a checkpoint) took 0.3-0.8 s.
    # A free port: try random ones until the server starts on one.
    started=""
    for attempt in 1 2 3 4 5 6 7 8; do
      port=$((20000 + RANDOM % 40000))
      (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && continue  # something listens there
      if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 60 start \
          -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=128MB -c fsync=off -c full_page_writes=off" >/dev/null; then
        started=yes; break
      fi
    done
    [ -n "$started" ] || { cat "$dir/data/server.log" >&2; exit 1; }
    url="postgresql://postgres@127.0.0.1:$port/postgres"
    if [ -n "${3:-}" ]; then
      "$bin/psql" -q "$url" -c "CREATE DATABASE supplyhub_template" >&2
      SUPPLYHUB_DATABASE= "$3" migrate --database "${url%/*}/supplyhub_template" >"$file.migrate.log" 2>&1 ||
        { cat "$file.migrate.log" >&2; exit 1; }
      echo supplyhub_template >"$file.template"
    fi
    echo "$url" >"$file"
    echo "pg_cluster: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on port $port"
    ;;
  stop)
    dir=$(cat "$file.dir" 2>/dev/null || true)
    bin=$(find_bin)
    if [ -n "$bin" ] && [ -d "$dir/data" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    [ -n "$dir" ] && rm -rf "$dir"
    rm -f "$file" "$file.dir" "$file.initdb.log" "$file.template" "$file.migrate.log"
    ;;
  *) echo "usage: $0 start URL-FILE [BIN] | stop URL-FILE" >&2; exit 2 ;;
esac
