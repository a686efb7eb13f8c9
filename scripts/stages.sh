#!/usr/bin/env bash
# Runs named stages in order and prints one summary line of their wall times:
#   stages.sh TITLE "name=command" ...
# Stops at the first stage that fails (the summary names it) and exits with
# its status. `make test` and `make test-sanitize` run through it.
set -uo pipefail
title=${1:?title}
shift
summary=()
start_all=$(date +%s)
status=0
for stage in "$@"; do
  name=${stage%%=*}
  command=${stage#*=}
  start=$(date +%s)
  bash -c "$command"
  status=$?
  took=$(( $(date +%s) - start ))
  if [ $status -ne 0 ]; then
    summary+=("$name FAILED after ${took} s")
    break
  fi
  summary+=("$name ${took} s")
done
total=$(( $(date +%s) - start_all ))
line=$(IFS='|'; echo "${summary[*]}" | sed 's/|/ · /g')
echo "== $title: $line · total ${total} s"
exit $status
