#!/usr/bin/env bash
# Installs the Debian packages Supplyhub builds, tests and benchmarks with.
# Idempotent: apt-get runs only when something is missing.
set -euo pipefail
packages=(
  build-essential cmake ccache pkg-config
  libboost-dev libsqlite3-dev sqlite3 libsimdjson-dev rapidjson-dev nlohmann-json3-dev
  libssl-dev libcli11-dev libargon2-dev libexpected-dev libgtest-dev curl openssl
  libpq-dev postgresql libhiredis-dev redis-server libcurl4-openssl-dev
  # fuzz/ (make fuzz, make test): clang 14 with libFuzzer and the sanitizer
  # runtimes; llvm brings llvm-symbolizer for readable crash stacks.
  clang libclang-rt-14-dev llvm
)
[ "${1:-}" = "--bench" ] && packages+=(wrk nginx-light)
# Node.js runs the end-to-end tests' npm clients; any recent one will do.
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
