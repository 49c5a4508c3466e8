#!/usr/bin/env bash
# Self-test of tools/check-layering: a clean temp tree passes; each kind of violation (upward
# include, ns-3 in a core, an adapter reaching into another layer) fails with exit 1 and names
# file:line.
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CHECK="$ROOT/tools/check-layering"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
fails=0

expect() { # expect NAME WANT_RC [PATTERN]
  local name=$1 want=$2 pattern=${3:-}
  local out rc
  out="$("$CHECK" "$TMP/$name" 2>&1)"
  rc=$?
  if [[ $rc -ne $want ]]; then
    echo "FAIL $name: exit $rc, want $want"; echo "$out"; fails=$((fails + 1)); return
  fi
  if [[ -n $pattern ]] && ! grep -qF -- "$pattern" <<<"$out"; then
    echo "FAIL $name: output lacks '$pattern'"; echo "$out"; fails=$((fails + 1)); return
  fi
  echo "ok   $name"
}

tree() { # tree NAME: a small tree that follows the layering
  local d="$TMP/$1"
  mkdir -p "$d"/{model/common,model/l2tp/ns3,model/ppp,conformance,reports,runner/ns3,runner/cli,pybind}
  echo '#pragma once' >"$d/model/common/time.h"
  printf '#include "model/common/time.h"\n' >"$d/model/l2tp/codec.h"
  printf '#include "model/l2tp/codec.h"\n#include "ns3/core-module.h"\n' >"$d/model/l2tp/ns3/app.h"
  printf '#include "model/l2tp/codec.h"\n' >"$d/model/ppp/lcp.h"
  printf '#include "model/l2tp/codec.h"\n#include <vector>\n' >"$d/conformance/check.h"
  printf '#include "conformance/check.h"\n#include "nlohmann/json.hpp"\n' >"$d/reports/json.h"
  printf '#include "reports/json.h"\n' >"$d/runner/cli/check-command.cc"
  printf '#include "model/l2tp/ns3/app.h"\n#include "reports/json.h"\n' >"$d/runner/ns3/run.cc"
  printf '#include "runner/ns3/run.h"\n' >"$d/runner/l2tplab-main.cc"
  printf '#include "runner/ns3/run.cc"\n' >"$d/pybind/module.cc"
  printf '#include "runner/cli/check-command.cc"\n' >"$d/tests_ok.cc"
}

tree clean
expect clean 0

tree upward
printf '// front-end in the wrong place\n#include "reports/json.h"\n' >"$TMP/upward/conformance/cmd.cc"
expect upward 1 "conformance/cmd.cc:2: conformance/cmd.cc includes reports/json.h (upward)"

tree core-ns3
printf '#include "ns3/simulator.h"\n' >>"$TMP/core-ns3/model/l2tp/codec.h"
expect core-ns3 1 "model/l2tp/codec.h:2: model/l2tp/codec.h includes ns3/simulator.h (ns-3 in a core)"

tree runner-adapter
printf '#include "model/l2tp/ns3/app.h"\n' >"$TMP/runner-adapter/runner/loader.cc"
expect runner-adapter 1 "runner/loader.cc:1: runner/loader.cc includes model/l2tp/ns3/app.h (ns-3 in a core)"

tree model-up
printf '#include "conformance/check.h"\n' >>"$TMP/model-up/model/common/time.h"
expect model-up 1 "model/common/time.h:2: model/common/time.h includes conformance/check.h (upward)"

tree adapter-other
printf '#include "model/ppp/lcp.h"\n' >>"$TMP/adapter-other/model/l2tp/ns3/app.h"
expect adapter-other 1 "includes model/ppp/lcp.h (adapter includes another layer)"

tree reports-runner
printf '#include "runner/cli/check-command.cc"\n' >>"$TMP/reports-runner/reports/json.h"
expect reports-runner 1 "reports/json.h:3: reports/json.h includes runner/cli/check-command.cc (upward)"

# The real tree is clean.
if "$CHECK" "$ROOT" >/dev/null; then echo "ok   repository"; else echo "FAIL repository"; fails=$((fails + 1)); fi

[[ $fails -eq 0 ]] || { echo "$fails check-layering self-test(s) failed"; exit 1; }
