#!/usr/bin/env bash
# Every include in src/ points down (docs/architecture.md): a layer includes
# only layers below it, never one above or a peer. Exit 1 listing each include
# that points another way.
#   core < storage < schema, http < documents < features < app (main.cpp on top)
#   features/: cluster, events, identity, system < oauth, resources, webhooks < domain
#   schema/: only registry.* includes the declarations (schema/resources/)
set -uo pipefail
src=${1:-$(cd "$(dirname "$0")/../../src" && pwd)}
cd "$src" || exit 2
grep -rn --include='*.h' --include='*.cpp' '^#include "' . | awk -F: '
  BEGIN {
    split("core 0 storage 1 schema 2 http 2 documents 3 features 4 app 5", a, " ")
    for (i = 1; i < length(a); i += 2) rank[a[i]] = a[i + 1]
    split("cluster 0 events 0 identity 0 system 0 oauth 1 resources 1 webhooks 1 domain 2", b, " ")
    for (i = 1; i < length(b); i += 2) frank[b[i]] = b[i + 1]
    bad = 0
  }
  {
    file = substr($1, 3)                     # ./core/x.cpp -> core/x.cpp
    if (file == "main.cpp") next
    match($3, /"[^"]+"/); target = substr($3, RSTART + 1, RLENGTH - 2)
    split(file, f, "/"); split(target, t, "/")
    if (!(t[1] in rank)) next                # a sibling header named without a layer
    why = ""
    if (f[1] != t[1]) {
      if (rank[t[1]] >= rank[f[1]]) why = t[1] " is not below " f[1]
    } else if (f[1] == "features" && f[2] != t[2]) {
      if (frank[t[2]] >= frank[f[2]]) why = "features/" t[2] " is not below features/" f[2]
    } else if (f[1] == "schema" && t[2] == "resources" && f[2] != "resources" && f[2] !~ /^registry\./) {
      why = "only schema/registry knows the declarations"
    }
    if (why != "") { print file " includes " target ": " why; bad = 1 }
  }
  END { if (!bad) print "every include points down"; exit bad }'
