#!/usr/bin/env bash
# Runs the end-to-end tests with the pinned npm clients (package-lock.json).
set -euo pipefail
cd "$(dirname "$0")"
command -v node >/dev/null || { echo "node is missing: run scripts/install-deps.sh"; exit 1; }
if [ ! -d node_modules/openid-client ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
node oauth_pkce.mjs "$1"
