#!/usr/bin/env bash
# The Slurm recipe of docs/sweeps.md, run for real on a one-node cluster on this machine:
# submits the documented job array (`simserve sweep … --shard $SLURM_ARRAY_TASK_ID/4`) and the
# dependent merge (`sbatch --dependency=afterok:$ARRAY_JOB_ID --wrap 'simserve merge …'`),
# then checks that the merged sweep has the same bytes as the unsharded one.
#
# The script is taken from the docs' sbatch block, with only its grid narrowed (four points,
# one per array task, 200 requests each) to keep the added CI time small. Slurm and munge come
# from Debian's slurm-wlm and munge, installed when missing if we are root and apt works.
#
# Exit status: 0 when it passed or was skipped (the reason printed), 1 when Slurm ran and the
# outputs differ or a job failed. Never hangs: every wait is bounded, the whole run by
# SLURM_TEST_TIMEOUT seconds (default 300).
#
#   scripts/test-slurm.sh [path/to/simserve]      # default .build/debug/simserve
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
SIMSERVE=${1:-${SIMSERVE:-$ROOT/.build/debug/simserve}}
DEADLINE=$((SECONDS + ${SLURM_TEST_TIMEOUT:-300}))

skip() { echo "slurm test: skipped — $*"; exit 0; }
fail() { echo "slurm test: FAILED — $*"; exit 1; }
left() { echo $((DEADLINE - SECONDS)); }

[ -x "$SIMSERVE" ] || skip "no simserve binary at $SIMSERVE (build first)"
SIMSERVE="$(cd "$(dirname "$SIMSERVE")" && pwd)/$(basename "$SIMSERVE")"   # the jobs run elsewhere
[ "$(id -u)" = 0 ] || skip "not root: starting slurmctld, slurmd and munged needs root"

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null \
   || ! command -v sbatch >/dev/null; then
    command -v apt-get >/dev/null || skip "slurm-wlm and munge are not installed and there is no apt-get"
    echo "slurm test: installing slurm-wlm and munge (Debian packages)"
    export DEBIAN_FRONTEND=noninteractive
    if ! timeout 120 apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null 2>&1; then
        timeout 60 apt-get update -qq >/dev/null 2>&1 \
            && timeout 120 apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null 2>&1 \
            || skip "apt-get could not install slurm-wlm and munge (offline?)"
    fi
fi

WORK=$(mktemp -d /tmp/simserve-slurm.XXXXXX)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    for f in "$WORK"/slurmctld.pid "$WORK"/slurmd.pid "$WORK"/munged.pid; do
        [ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null
    done
    sleep 1
    rm -rf "$WORK"
}
trap cleanup EXIT

# munge: a key of our own and a daemon on our own socket.
mkdir -p "$WORK/munge"
dd if=/dev/urandom of="$WORK/munge/munge.key" bs=1 count=1024 status=none
chmod 700 "$WORK/munge"; chmod 400 "$WORK/munge/munge.key"
SOCKET="$WORK/munge/munge.socket"
munged --force --key-file="$WORK/munge/munge.key" --socket="$SOCKET" --pid-file="$WORK/munged.pid" \
       --log-file="$WORK/munge/munged.log" --seed-file="$WORK/munge/seed" 2>"$WORK/munged.err" \
    || skip "munged does not start: $(head -c 300 "$WORK/munged.err")"

# A one-node cluster on this host. config_overrides lets the node offer the 8 CPUs the
# documented script asks for, whatever this machine has.
HOST=$(hostname -s)
PORT=${SLURM_TEST_PORT:-$((20000 + ($$ % 5000) * 2))}   # apart from another run's cluster
mkdir -p "$WORK/state" "$WORK/spool"
cat >"$WORK/slurm.conf" <<EOF
ClusterName=simserve-test
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$SOCKET
CredType=cred/munge
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
MinJobAge=600
NodeName=$HOST CPUs=8 RealMemory=1000 State=UNKNOWN
PartitionName=test Nodes=$HOST Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
EOF
export SLURM_CONF="$WORK/slurm.conf"
slurmctld -f "$SLURM_CONF" 2>"$WORK/slurmctld.err" || skip "slurmctld does not start: $(head -c 300 "$WORK/slurmctld.err")"
slurmd -f "$SLURM_CONF" 2>"$WORK/slurmd.err" || skip "slurmd does not start: $(head -c 300 "$WORK/slurmd.err")"
up=""
for _ in $(seq 1 30); do
    state=$(timeout 5 sinfo -h -o %T 2>/dev/null | head -1)
    case "$state" in idle*|mix*|alloc*) up=1; break ;; esac
    sleep 1
done
[ -n "$up" ] || skip "the node did not come up (state '${state:-none}'): $(tail -3 "$WORK/slurmctld.log" 2>/dev/null | tr '\n' ' ')"
echo "slurm test: one-node cluster up ($(sinfo -h -o '%P %D %c %T' | head -1)) on slurm $(sinfo -V | cut -d' ' -f2)"

# The documented sbatch script, its grid narrowed.
RUN="$WORK/run"
mkdir -p "$RUN"
ln -s "$ROOT/Scenarios" "$RUN/Scenarios"
mkdir -p "$WORK/bin"; ln -s "$SIMSERVE" "$WORK/bin/simserve"
export PATH="$WORK/bin:$PATH"
FULL_GRID='workload.arrival.rate=1:25:1 --set cluster.tp=1,2,4,8 --replications 3'
SMALL_GRID='workload.arrival.rate=2,4 --set cluster.tp=1,2 --set requests=200 --replications 1'
awk '/^\*\*Slurm job array\*\*/ { found = 1 } found && /^```bash$/ { inside = 1; next } inside && /^```$/ { exit } inside { print }' \
    docs/sweeps.md >"$RUN/sweep.sbatch.doc"
grep -q -- "--shard \"\$SLURM_ARRAY_TASK_ID/4\"" "$RUN/sweep.sbatch.doc" || fail "no sbatch script with --shard found in docs/sweeps.md"
grep -qF -- "$FULL_GRID" "$RUN/sweep.sbatch.doc" || fail "the documented grid changed; update FULL_GRID in $0"
sed "s|$FULL_GRID|$SMALL_GRID|" "$RUN/sweep.sbatch.doc" >"$RUN/sweep.sbatch"
MERGE=$(awk '/^sbatch --dependency=afterok:\$ARRAY_JOB_ID --wrap/ { print; exit }' docs/sweeps.md)
[ -n "$MERGE" ] || fail "no dependent merge command found in docs/sweeps.md"

cd "$RUN"
ARRAY_JOB_ID=$(sbatch --parsable --output="$RUN/array-%a.out" sweep.sbatch 2>"$RUN/sbatch.err") \
    || fail "sbatch of the job array: $(cat "$RUN/sbatch.err")"
ARRAY_JOB_ID=${ARRAY_JOB_ID%%;*}
MERGE_JOB_ID=$(eval "${MERGE/sbatch /sbatch --parsable --output=$RUN/merge.out }" 2>"$RUN/merge.err") \
    || fail "sbatch of the merge: $(cat "$RUN/merge.err")"
MERGE_JOB_ID=${MERGE_JOB_ID%%;*}
echo "slurm test: job array $ARRAY_JOB_ID (4 tasks), merge $MERGE_JOB_ID after it"

# Unsharded, meanwhile, with the same arguments.
eval "simserve sweep Scenarios/chat.toml --set $SMALL_GRID --jobs 1 --out sweep/unsharded" >"$RUN/unsharded.out" 2>&1 \
    || fail "the unsharded sweep: $(tail -3 "$RUN/unsharded.out")"

state=""
while [ "$(left)" -gt 0 ]; do
    state=$(scontrol show job "$MERGE_JOB_ID" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -1)
    case "$state" in COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY) break ;; esac
    sleep 2
done
if [ "$state" != COMPLETED ]; then
    scontrol show job "$ARRAY_JOB_ID" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | sort | uniq -c
    tail -5 "$RUN"/array-*.out "$RUN/merge.out" 2>/dev/null
    [ "$state" = "" ] || [ "$(left)" -gt 0 ] || fail "timed out waiting for the merge job (state ${state:-unknown})"
    fail "the merge job ended ${state:-unknown}"
fi
for f in sweep.csv sweep.jsonl sweep-manifest.json; do
    cmp -s "sweep/all/$f" "sweep/unsharded/$f" || fail "sweep/all/$f differs from the unsharded sweep's"
done
echo "slurm test: passed — the job array of docs/sweeps.md merged to the same bytes as the unsharded sweep" \
     "($(($(wc -l <sweep/all/sweep.csv) - 1)) points; sweep.csv, sweep.jsonl, sweep-manifest.json)"
