#!/usr/bin/env bash
# A large local fuzzing budget (issue 13): CASES cases of `simserve fuzz` in chunks, so that a
# trap in process names its chunk; the chunk is then rerun with every case spawned, which
# names the case and the `simserve run` line that reproduces it.
#   scripts/fuzz.sh [CASES=100000] [SEED=1] [CHUNK=5000]
set -uo pipefail
cd "$(dirname "$0")/.."
CASES=${1:-100000}; SEED=${2:-1}; CHUNK=${3:-5000}
BIN=${SIMSERVE:-.build/release/simserve}
[ -x "$BIN" ] || swift build -c release --product simserve
start=$(date +%s); failed=0
for ((first = 0; first < CASES; first += CHUNK)); do
    n=$(( CASES - first < CHUNK ? CASES - first : CHUNK ))
    if ! "$BIN" fuzz --seed "$SEED" --first "$first" --cases "$n" 2>/tmp/simserve-fuzz-$$.err | tail -n +1; then
        failed=1
        echo "chunk $first..<$((first + n)) failed; rerunning it with every case spawned:"
        "$BIN" fuzz --seed "$SEED" --first "$first" --cases "$n" --spawn-every 1 | tail -n 25
    fi
done
echo "fuzzed $CASES cases (seed $SEED) in $(( $(date +%s) - start )) s"
exit $failed
