#!/usr/bin/env bash
# Prints the section "Disaggregation against a published result" of VALIDATION.md: DistServe's
# motivating experiment (a 13B model on A100-80GB, 512-token prompts, 64 output tokens, P90
# TTFT ≤ 0.4 s and P90 TPOT ≤ 40 ms): one colocated GPU, 2 prefill + 1 decode GPUs, three
# colocated replicas, and each phase alone, each bisected by `simserve plan` for the highest
# rate meeting the SLOs at every seed, for two engines.
#   SIMSERVE=.build/debug/simserve ./scripts/validation-disaggregation.sh   (a minute; release: seconds)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${SIMSERVE:-.build/release/simserve}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
plan() {  # plan NAME SCENARIO ENGINE CHUNKED [--slo ... | --set ...]
  local name=$1 scenario=$2 engine=$3 chunked=$4
  shift 4
  "$BIN" plan "Scenarios/$scenario.toml" --replications 3 --tolerance 2% --json \
    --set engine="$engine" --set scheduler.chunked_prefill="$chunked" "$@" > "$tmp/$name.json" 2>/dev/null
}
BOTH=(--slo ttft_p90=400ms --slo tpot_p90=40ms)
for e in vllm-v0:false vllm:true; do
  engine=${e%%:*} chunked=${e##*:}
  plan "colocated-$engine" distserve-13b-colocated "$engine" "$chunked" "${BOTH[@]}"
  plan "2p1d-$engine" distserve-13b-2p1d "$engine" "$chunked" "${BOTH[@]}"
  plan "colocated3-$engine" distserve-13b-colocated "$engine" "$chunked" "${BOTH[@]}" \
    --set cluster.replicas=3 --set workload.arrival.rate=10
  # Each phase alone, as DistServe measured them: one GPU prefilling (one output token, the
  # TTFT SLO only), and the decode GPU of 4P1D (four prefill GPUs, so the decode one binds).
  plan "prefill-$engine" distserve-13b-colocated "$engine" "$chunked" --slo ttft_p90=400ms \
    --set workload.output_tokens.value=1 --set workload.arrival.rate=8
  plan "decode-$engine" distserve-13b-2p1d "$engine" "$chunked" "${BOTH[@]}" --set cluster.prefill.replicas=4
done
# The prefill time of one 512-token prompt, alone (vllm-v0).
"$BIN" run Scenarios/distserve-13b-2p1d.toml --set workload.arrival.rate=1 --set requests=50 --set warmup=0s \
  --no-files --json > "$tmp/light.json" 2>/dev/null

python3 - "$tmp" <<'PY'
import json, sys
from pathlib import Path
tmp = Path(sys.argv[1])
def rate(name, gpus):   # (every seed, mean of the seeds' maxima) per GPU
    r = json.loads((tmp / f"{name}.json").read_text())
    return r["sustained_by_every_seed"] / gpus, r["max_rate"] / gpus
prefill_seconds = json.loads((tmp / "light.json").read_text())["disaggregation"]["ttft_breakdown_seconds"]["prefill"]["mean"]
P_COLOCATED, P_PREFILL, P_DECODE = 1.6, 5.6, 10.0
P_2P1D = min(2 * P_PREFILL, P_DECODE) / 3
P_GAIN = P_2P1D / P_COLOCATED
def err(sim, pub): return f"{(sim / pub - 1) * 100:+.0f} %"
print(f"""## Disaggregation against a published result

DistServe (Zhong et al., "DistServe: Disaggregating Prefill and Decoding for Goodput-optimized
Large Language Model Serving", OSDI 2024, arXiv 2401.09670, §2 and Figure 1; restated with the
same numbers in the authors' blog post "Throughput is Not All You Need", 2024-03-17,
hao-ai-lab.github.io/blogs/distserve, Figure 6, source `content/blogs/distserve/index.md` of
github.com/hao-ai-lab/hao-ai-lab.github.io at 821a7fe) serve a 13B model on one A100-80GB with
512-token prompts, 64 output tokens and Poisson arrivals under P90 TTFT ≤ 0.4 s and P90 TPOT ≤
40 ms. Colocated (vLLM), "the goodput of existing colocated system" is **{P_COLOCATED} req/s per GPU**,
bound by TPOT. One GPU prefilling alone sustains ≈ {P_PREFILL} req/s and one decoding alone ≈ {P_DECODE:g}
req/s, so 2 prefill + 1 decode GPUs ("2P1D") give min(2 × {P_PREFILL}, {P_DECODE:g}) = {P_DECODE:g} req/s over 3 GPUs,
**≈ {P_2P1D:.1f} req/s per GPU, {P_GAIN:.1f}×** (the paper's "2.1x"; the blog rounds to "2x"). The 2P1D
figure is composed from the two single-phase measurements, not measured end to end, and all
four are approximate readings of their plots ("roughly").

simserve: `Scenarios/distserve-13b-colocated.toml` and `Scenarios/distserve-13b-2p1d.toml`
(A100-80GB, KV streamed layer by layer over NVLink), Llama-2-13B for their 13B model (40
layers, 5,120 hidden and 800 KiB of KV per token, as OPT-13B of their evaluation), fixed
lengths. `simserve plan --slo ttft_p90=400ms --slo tpot_p90=40ms --replications 3 --tolerance
2%` finds the highest rate every seed sustains (mean of the seeds' maxima in brackets), here
per GPU. Prefill alone: one GPU, one output token, the TTFT SLO only; decode alone: the decode
GPU of 4P1D, where the four prefill GPUs never bind. Two engines: `vllm-v0` without chunked
prefill (whole prompts in iterations of their own, before the decodes, as the vLLM DistServe
compared against) and `vllm` (V1: chunked prefill mixed with decodes).
""")
rows = []
for engine, label in (("vllm-v0", "`vllm-v0`, no chunked prefill"), ("vllm", "`vllm` (V1), chunked prefill")):
    c, d, c3 = rate(f"colocated-{engine}", 1), rate(f"2p1d-{engine}", 3), rate(f"colocated3-{engine}", 3)
    p, dd = rate(f"prefill-{engine}", 1), rate(f"decode-{engine}", 1)
    rows.append((engine, label, c, d, c3, p, dd))
print("| req/s per GPU | colocated, 1 GPU | prefill alone, 1 GPU | decode alone, 1 GPU | 2P1D, 3 GPUs | gain (2P1D / colocated) | 3 colocated replicas | 2P1D / 3 colocated |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
print(f"| DistServe (published) | {P_COLOCATED} | {P_PREFILL} | {P_DECODE:g} | {P_2P1D:.2f} (composed) | {P_GAIN:.2f}× | – | – |")
for engine, label, c, d, c3, p, dd in rows:
    print(f"| {label} | {c[0]:.2f} ({c[1]:.2f}) | {p[0]:.2f} ({p[1]:.2f}) | {dd[0]:.2f} ({dd[1]:.2f}) | {d[0]:.2f} ({d[1]:.2f}) | "
          f"{d[0] / c[0]:.2f}× ({d[1] / c[1]:.2f}×) | {c3[0]:.2f} ({c3[1]:.2f}) | {d[0] / c3[0]:.2f}× ({d[1] / c3[1]:.2f}×) |")
(_, _, c0, d0, t0, p0, e0), (_, _, c1, d1, t1, p1, e1) = rows
print(f"""
**Error of the gain**, simulated against published {P_GAIN:.2f}×: **{err(d0[0] / c0[0], P_GAIN)}** with `vllm-v0`
(the engine DistServe compared against; {d0[0] / c0[0]:.2f}×), **{err(d1[0] / c1[0], P_GAIN)}** with `vllm` ({d1[0] / c1[0]:.2f}×). The direction
holds against one colocated GPU, DistServe's comparison, with TPOT the binding SLO of the
colocated GPU as published; its size is {"above" if d0[0] / c0[0] > P_GAIN else "below"} the published one with `vllm-v0`. Phase by phase (`vllm-v0`): colocated
{err(c0[0], P_COLOCATED)}, prefill alone {err(p0[0], P_PREFILL)}, decode alone {err(e0[0], P_DECODE)}, 2P1D {err(d0[0], P_2P1D)}:
every phase runs faster here than published, the decode GPU most (a request handed over by a
prefill GPU joins the decodes at its first step here; until 2026-12-06 that step was costed as a
one-token prefill in an iteration of its own, with the prefill host time, and the decode GPU
came out within 8 % of the published rate — by that charge, not by its decode steps). A
512-token prefill of the 13B model takes {prefill_seconds * 1000:.0f} ms here (`vllm-v0`, host time per layer
included; 13.3 TFLOP at 312 TFLOPS peak is 43 ms); the published 5.6 req/s under a 0.4 s P90
TTFT implies roughly twice that. Likely causes, not settled here: DistServe measured an
early-2024 vLLM and its own engine, while the presets model vLLM 0.5–0.6 (V0) and 0.8–0.10
(V1) with CUDA graphs; the published rates are read off plots (the blog gives the colocated
TTFT-bound rate as both "roughly 3" and 2.3 req/s); and the paper does not name the 13B model
of this experiment. Composed as DistServe did, min(2 × prefill, decode) / 3 gives
{min(2 * p0[0], e0[0]) / 3:.2f} with `vllm-v0` and {min(2 * p1[0], e1[0]) / 3:.2f} with `vllm`, against the end-to-end 2P1D's {d0[0]:.2f} and {d1[0]:.2f}.

At equal GPU count the comparison changes: three colocated replicas behind the router sustain
more per GPU than one ({t0[0]:.2f} against {c0[0]:.2f} with `vllm-v0`): the router sends each prompt
to the replica with the least outstanding work, so each sees smoother arrivals than Poisson at
the same rate per GPU. With `vllm-v0` they then {"match" if abs(d0[0] / t0[0] - 1) < 0.06 else "beat" if d0[0] < t0[0] else "trail"} 2P1D
({d0[0] / t0[0]:.2f}× for 2P1D); with chunked prefill 2P1D {"keeps a lead of" if d1[0] > t1[0] else "comes to"} {d1[0] / t1[0]:.2f}×. `Notebooks/disaggregation.ipynb`
sweeps both arrangements over load; `DisaggregationGainTests` checks the direction at a small
scale (2P1D ahead of three colocated replicas with chunked prefill at 22 req/s; one colocated
`vllm-v0` GPU past its TPOT SLO at a per-GPU rate 2P1D holds).""")
PY
