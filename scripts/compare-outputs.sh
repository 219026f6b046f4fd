#!/usr/bin/env bash
# Runs every bundled scenario with two simserve binaries and compares their outputs byte for
# byte: summary.json and requests.csv (records kept), and the JSON summary of `--no-files`.
# Usage: scripts/compare-outputs.sh BEFORE_BINARY AFTER_BINARY [EXTRA_RUN_ARGS...]
# Exit status 0 when every output is identical, 1 otherwise.
set -u
before=$1; after=$2; shift 2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0
for scenario in Scenarios/*.toml; do
    name=$(basename "$scenario" .toml)
    # Sweep and search templates are not `run` scenarios.
    if ! "$before" run "$scenario" --out "$scratch/$name.before" --json "$@" > "$scratch/$name.before.stdout" 2>/dev/null; then
        echo "skip   $name (not a run scenario, or it fails before)"; continue
    fi
    "$after" run "$scenario" --out "$scratch/$name.after" --json "$@" > "$scratch/$name.after.stdout" 2>/dev/null
    "$before" run "$scenario" --no-files --json "$@" > "$scratch/$name.before.nofiles" 2>/dev/null
    "$after" run "$scenario" --no-files --json "$@" > "$scratch/$name.after.nofiles" 2>/dev/null
    same=yes
    for file in summary.json requests.csv; do
        if [ -e "$scratch/$name.before/$file" ] || [ -e "$scratch/$name.after/$file" ]; then
            cmp -s "$scratch/$name.before/$file" "$scratch/$name.after/$file" || { same=no; echo "DIFF   $name/$file"; }
        fi
    done
    cmp -s "$scratch/$name.before.stdout" "$scratch/$name.after.stdout" || { same=no; echo "DIFF   $name (stdout)"; }
    cmp -s "$scratch/$name.before.nofiles" "$scratch/$name.after.nofiles" || { same=no; echo "DIFF   $name (--no-files)"; }
    if [ $same = yes ]; then echo "same   $name"; else status=1; fi
done
exit $status
