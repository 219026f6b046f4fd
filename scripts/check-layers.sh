#!/usr/bin/env bash
# Fails when an import crosses a layer the wrong way (README, "Architecture").
# Run by `make test` before the test suite. Rules:
# - SimCore (the engine) knows nothing of the domain: it imports CGSL, HeapModule, Foundation only.
# - Raw GSL (`import CGSL`) only in the safe wrappers: SimCore/Random, SimCore/Fitting, SimCore/Statistics.
# - SimSupport (shared helpers) imports Foundation (and the C library) only.
# - SimWorkload (the workload) imports SimCore, SimSupport, Foundation only.
# - SimMetrics (the measurements) imports SimCore, SimSupport, CostModel, SimWorkload only: not
#   the serving simulation, which feeds it plain values.
# - SimServing (the serving simulation) imports SimCore, SimSupport, CostModel, SimWorkload,
#   SimMetrics and the collections only: no scenario, output or planning.
# - SimOutput (a run's output files and tables) imports the layers up to SimServing only: no
#   scenario (OutputSettings is its own), no planning (CSV cells are SimSupport's).
# - SimScenario (the scenario layer) imports the layers up to SimOutput and TOMLKit only: no
#   planning (the `[assert]` conditions, MetricCondition and ServiceMetric, are its own).
# - SimPlanning (sweeps, searches) imports the layers up to SimScenario only: not SimServeKit,
#   the calibrator or the CLI; and nothing below it imports SimPlanning.
# - CostModel (the pure cost model) imports SimSupport and Foundation only: no TOML, no engine,
#   no SimServeKit (the preset loader lives in SimScenario, rendering in SimOutput, measured
#   times in SimServing).
# - TOML (`import TOMLKit`) only in the scenario layer (Sources/SimScenario), and only SimScenario
#   depends on TOMLKit in Package.swift.
# - The library targets (SimCore, SimPlanning, SimServeKit, Calibrator) never import the CLI's
#   ArgumentParser; SimPlanning and SimServeKit never import Calibrator.
set -euo pipefail
cd "$(dirname "$0")/.."
failures=0
fail() { echo "layer check: $1" >&2; failures=$((failures + 1)); }

while IFS= read -r line; do
  file=${line%%:*}; module=${line##*import }
  case "$module" in CGSL|HeapModule|Foundation) ;; *) fail "$file imports $module (SimCore may import CGSL, HeapModule, Foundation)";; esac
done < <(grep -rn --include='*.swift' -E '^(@_implementationOnly )?import ' Sources/SimCore | sed -E 's/:[0-9]+:(@_implementationOnly )?/:/')

# imports_only DIR MODULE...: every file under DIR imports only the MODULEs.
imports_only() {
  local dir=$1; shift
  local allowed=" $* "
  while IFS= read -r line; do
    file=${line%%:*}; module=${line##*import }
    [[ "$allowed" == *" $module "* ]] || fail "$file imports $module (${dir#Sources/} may import $*)"
  done < <(grep -rn --include='*.swift' -E '^(@_implementationOnly |@_exported )?import ' "$dir" | sed -E 's/:[0-9]+:(@_implementationOnly |@_exported )?/:/')
}

imports_only Sources/SimSupport Foundation Glibc Darwin
imports_only Sources/SimWorkload SimCore SimSupport Foundation Glibc Darwin
imports_only Sources/SimMetrics SimCore SimSupport CostModel SimWorkload Foundation
imports_only Sources/SimServing SimCore SimSupport CostModel SimWorkload SimMetrics DequeModule HeapModule Foundation
imports_only Sources/SimOutput SimCore SimSupport CostModel SimWorkload SimMetrics SimServing Foundation Glibc Darwin
imports_only Sources/SimScenario SimCore SimSupport CostModel SimWorkload SimMetrics SimServing SimOutput TOMLKit Foundation
imports_only Sources/SimPlanning SimCore SimSupport CostModel SimWorkload SimMetrics SimServing SimOutput SimScenario Foundation Dispatch

while IFS= read -r file; do
  fail "$file imports SimPlanning (only the layers above the scenarios use planning)"
done < <(grep -rl --include='*.swift' -E '^(@_implementationOnly |@_exported )?import SimPlanning' Sources/SimCore Sources/SimSupport Sources/CostModel Sources/SimWorkload Sources/SimMetrics Sources/SimServing Sources/SimOutput Sources/SimScenario || true)

while IFS= read -r line; do
  file=${line%%:*}; module=${line##*import }
  case "$module" in SimSupport|Foundation) ;; *) fail "$file imports $module (CostModel may import SimSupport, Foundation)";; esac
done < <(grep -rn --include='*.swift' -E '^(@_implementationOnly |@_exported )?import ' Sources/CostModel | sed -E 's/:[0-9]+:(@_implementationOnly |@_exported )?/:/')

while IFS= read -r file; do
  case "$file" in Sources/SimCore/Random/*|Sources/SimCore/Fitting/*|Sources/SimCore/Statistics/*) ;;
    *) fail "$file imports CGSL (raw GSL only inside SimCore's wrappers)";; esac
done < <(grep -rl --include='*.swift' -E '^import CGSL' Sources || true)

while IFS= read -r file; do
  case "$file" in Sources/SimScenario/*) ;;
    *) fail "$file imports TOMLKit (only the scenario layer reads TOML)";; esac
done < <(grep -rl --include='*.swift' -E '^import TOMLKit' Sources || true)

while IFS= read -r file; do
  fail "$file imports ArgumentParser (only the CLI, Sources/simserve, parses arguments)"
done < <(grep -rl --include='*.swift' -E '^import ArgumentParser' Sources/SimCore Sources/SimSupport Sources/CostModel Sources/SimWorkload Sources/SimMetrics Sources/SimServing Sources/SimOutput Sources/SimScenario Sources/SimPlanning Sources/SimServeKit Sources/Calibrator || true)

while IFS= read -r file; do
  fail "$file imports Calibrator (the domain library does not depend on the calibrator)"
done < <(grep -rl --include='*.swift' -E '^import Calibrator' Sources/SimCore Sources/SimSupport Sources/CostModel Sources/SimWorkload Sources/SimMetrics Sources/SimServing Sources/SimOutput Sources/SimScenario Sources/SimPlanning Sources/SimServeKit || true)

# The same arrows in Package.swift: each lower target's declared dependencies stay below it.
while IFS= read -r line; do fail "$line"; done < <(swift package dump-package 2>/dev/null | python3 -c '
import json, sys
allowed = {"SimSupport": set(), "CostModel": {"SimSupport"}, "SimCore": {"CGSL", "HeapModule"},
           "SimWorkload": {"SimCore", "SimSupport"},
           "SimMetrics": {"SimCore", "SimSupport", "CostModel", "SimWorkload"},
           "SimServing": {"SimCore", "SimSupport", "CostModel", "SimWorkload", "SimMetrics", "DequeModule", "HeapModule"},
           "SimOutput": {"SimCore", "SimSupport", "CostModel", "SimWorkload", "SimMetrics", "SimServing"},
           "SimScenario": {"SimCore", "SimSupport", "CostModel", "SimWorkload", "SimMetrics", "SimServing", "SimOutput", "TOMLKit"},
           "SimPlanning": {"SimCore", "SimSupport", "CostModel", "SimWorkload", "SimMetrics", "SimServing", "SimOutput", "SimScenario"}}
for target in json.load(sys.stdin)["targets"]:
    deps = {next(iter(d.values()))[0] for d in target["dependencies"]}
    extra = deps - allowed.get(target["name"], deps)
    if extra: print("Package.swift: target %s depends on %s (allowed: %s)" % (target["name"], ", ".join(sorted(extra)), ", ".join(sorted(allowed[target["name"]])) or "nothing"))
    if "TOMLKit" in deps and target["name"] != "SimScenario": print("Package.swift: target %s depends on TOMLKit (only SimScenario reads TOML)" % target["name"])
' || echo "swift package dump-package failed")

if (( failures > 0 )); then echo "layer check: $failures forbidden import(s)" >&2; exit 1; fi
echo "layer check: imports follow the layers"
