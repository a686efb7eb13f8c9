#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each and prints the executions reached.
#   run.sh fuzz SECONDS   (make fuzz)  grows the work corpus build-fuzz/corpus/<target>
#   run.sh smoke SECONDS  (make test)  a throw-away corpus, so CI runs the same way each time
# The committed seeds (fuzz/corpus/<target>) are read, never written. Exit 1
# if any target crashed; its input is in build-fuzz/artifacts/.
set -uo pipefail
mode=${1:?fuzz|smoke}
seconds=${2:?seconds}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${FUZZ_DIR:-$root/build-fuzz}
case $build in /*) ;; *) build=$root/$build ;; esac
targets=(${FUZZ_TARGETS:-http_request json_body query_filters token oauth_form})
declare -A dict=([http_request]=http [json_body]=json [oauth_form]=json [query_filters]=query)
# Long enough to hit the 16 KiB header limit; the others stay at libFuzzer's default.
declare -A max_len=([http_request]=20000)
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

mkdir -p "$build/logs" "$build/artifacts"
failed=()
printf '%-14s %8s %12s %10s  %s\n' target seconds executions exec/s result
for t in "${targets[@]}"; do
  work=$build/corpus/$t
  if [ "$mode" = smoke ]; then work=$build/smoke/$t; rm -rf "$work"; fi
  mkdir -p "$work"
  args=(-max_total_time="$seconds" -print_final_stats=1 -timeout=25 -rss_limit_mb=2048
        -artifact_prefix="$build/artifacts/$t-")
  [ -n "${dict[$t]:-}" ] && args+=(-dict="$root/fuzz/dict/${dict[$t]}.dict")
  [ -n "${max_len[$t]:-}" ] && args+=(-max_len="${max_len[$t]}")
  log=$build/logs/$t.$mode.log
  start=$(date +%s)
  "$build/bin/fuzz_$t" "${args[@]}" "$work" "$root/fuzz/corpus/$t" >"$log" 2>&1
  rc=$?
  took=$(( $(date +%s) - start ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  result="ok, corpus $(ls "$work" | wc -l) inputs"
  if [ $rc -ne 0 ]; then
    result="CRASH (exit $rc), see $log"
    failed+=("$t")
  fi
  printf '%-14s %8s %12s %10s  %s\n' "$t" "$took" "${execs:-?}" "${rate:-?}" "$result"
done
if [ ${#failed[@]} -gt 0 ]; then
  for t in "${failed[@]}"; do echo "=== $t"; grep -v '^#' "$build/logs/$t.$mode.log" | tail -60; done
  echo "fuzz $mode: crashes in ${failed[*]} (inputs in $build/artifacts/)" >&2
  exit 1
fi
