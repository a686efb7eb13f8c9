#!/usr/bin/env bash
# Runs one end-to-end test with the pinned npm clients (package-lock.json):
#   run.sh <test>.mjs <supplyhub binary>
# With SUPPLYHUB_TEST_POSTGRES_FILE (the throwaway cluster's URL), the server
# runs on a fresh PostgreSQL database instead of SQLite.
set -euo pipefail
cd "$(dirname "$0")"
command -v node >/dev/null || { echo "node is missing: run scripts/install-deps.sh"; exit 1; }
# Installed once from the lockfile; again only when the lockfile changes. Tests
# run in parallel share one install (flock), and npm's cache makes a repeat offline.
(
  flock 9
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --prefer-offline --loglevel=error
  fi
) 9>.npm-install.lock
if [ -n "${SUPPLYHUB_TEST_POSTGRES_FILE:-}" ]; then
  admin=$(cat "$SUPPLYHUB_TEST_POSTGRES_FILE")
  [ -n "$admin" ] || { echo "no PostgreSQL URL in $SUPPLYHUB_TEST_POSTGRES_FILE"; exit 1; }
  name="e2e_$$"
  psql -q "$admin" -c "CREATE DATABASE $name"
  trap 'psql -q "$admin" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
  export SUPPLYHUB_DATABASE="${admin%/*}/$name"
fi
node "$1" "$2"
