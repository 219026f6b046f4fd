#!/usr/bin/env bash
# Prints the section "Disaggregation against a published result" of VALIDATION.md: DistServe's
# motivating experiment (a 13B model on A100-80GB, 512-token prompts, 64 output tokens, P90
# TTFT ≤ 0.4 s and P90 TPOT ≤ 40 ms), colocated on one GPU against 2 prefill + 1 decode GPUs,
# each bisected by `simserve plan` for the highest rate meeting both SLOs at every seed.
#   SIMSERVE=.build/debug/simserve ./scripts/validation-disaggregation.sh   (about a minute)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${SIMSERVE:-.build/release/simserve}
SLOS=(--slo ttft_p90=400ms --slo tpot_p90=40ms)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
plan() {  # plan NAME SCENARIO ENGINE CHUNKED
  "$BIN" plan "Scenarios/$2.toml" "${SLOS[@]}" --replications 3 --tolerance 2% --json \
    --set engine="$3" --set scheduler.chunked_prefill="$4" > "$tmp/$1.json" 2>/dev/null
}
plan colocated-v0 distserve-13b-colocated vllm-v0 false
plan disagg-v0 distserve-13b-2p1d vllm-v0 false
plan colocated-v1 distserve-13b-colocated vllm true
plan disagg-v1 distserve-13b-2p1d vllm true

python3 - "$tmp" <<'PY'
import json, sys
from pathlib import Path
tmp = Path(sys.argv[1])
r = {name: json.loads((tmp / f"{name}.json").read_text()) for name in
     ("colocated-v0", "disagg-v0", "colocated-v1", "disagg-v1")}
def per_gpu(name):   # (every seed, mean of seeds) per GPU
    gpus = 1 if name.startswith("colocated") else 3
    return r[name]["sustained_by_every_seed"] / gpus, r[name]["max_rate"] / gpus
def binding(name):
    slos = r[name]["slos"]
    return max(slos, key=lambda s: s["mean_at_sustainable_rate"] / s["limit"])["metric"]
published_colocated, published_disagg = 1.6, 10 / 3
published_gain = published_disagg / published_colocated
print("""## Disaggregation against a published result

DistServe (Zhong et al., "DistServe: Disaggregating Prefill and Decoding for Goodput-optimized
Large Language Model Serving", OSDI 2024, arXiv 2401.09670, §2 and Figure 1; restated in the
authors' blog post "Throughput is Not All You Need", hao-ai-lab.github.io/blogs/distserve,
2024-03-17, Figure 6) serve a 13B model on one A100-80GB with 512-token prompts, 64 output
tokens and Poisson arrivals under P90 TTFT ≤ 0.4 s and P90 TPOT ≤ 40 ms. Colocated (vLLM),
"the goodput of existing colocated system" is **1.6 req/s per GPU** (TPOT-bound). One GPU
prefilling alone sustains ≈ 5.6 req/s and one decoding alone ≈ 10 req/s, so 2 prefill + 1
decode GPUs ("2P1D") give min(2 × 5.6, 10) = 10 req/s over 3 GPUs, **≈ 3.3 req/s per GPU,
2.1×** (the paper's figure; the blog rounds it to "2x"). The 2P1D figure is composed from the
two single-phase measurements, not measured end to end.

simserve: `Scenarios/distserve-13b-colocated.toml` (1 GPU) and `Scenarios/distserve-13b-2p1d.toml`
(2 prefill + 1 decode A100-80GB, KV streamed layer by layer over NVLink), Llama-2-13B for their
13B model (the same 40 layers, 5,120 hidden and 800 KiB of KV per token as OPT-13B), fixed
lengths; `simserve plan --slo ttft_p90=400ms --slo tpot_p90=40ms --replications 3 --tolerance 2%`
finds the highest rate every seed sustains (mean of the seeds' maxima in brackets), divided by
the GPUs. Both engines are run in both arrangements: `vllm-v0` without chunked prefill (whole
prompts before the decodes, as the vLLM DistServe compared against) and `vllm` (V1: chunked
prefill, CUDA graphs).
""")
print("| engine | colocated, 1 GPU (req/s/GPU) | 2P1D, 3 GPUs (req/s/GPU) | gain | binding SLO (colocated / 2P1D) |")
print("|---|---:|---:|---:|---|")
for label, c, d in (("DistServe (published)", None, None), ("vllm-v0, no chunked prefill", "colocated-v0", "disagg-v0"),
                    ("vllm (V1), chunked prefill", "colocated-v1", "disagg-v1")):
    if c is None:
        print(f"| {label} | {published_colocated:.2f} | {published_disagg:.2f} | {published_gain:.2f}× | TPOT / decode GPU's TPOT |")
        continue
    (c0, cm), (d0, dm) = per_gpu(c), per_gpu(d)
    print(f"| {label} | {c0:.2f} ({cm:.2f}) | {d0:.2f} ({dm:.2f}) | {d0 / c0:.2f}× ({dm / cm:.2f}×) | "
          f"{binding(c).split('_')[0].upper()} / {binding(d).split('_')[0].upper()} |")
(c0, _), (d0, _) = per_gpu("colocated-v0"), per_gpu("disagg-v0")
(c1, _), (d1, _) = per_gpu("colocated-v1"), per_gpu("disagg-v1")
print(f"""
Error against the published gain of {published_gain:.2f}×: **{(d0 / c0 / published_gain - 1) * 100:+.0f} %** with
`vllm-v0` in both arrangements (the engine DistServe compared against), **{(d1 / c1 / published_gain - 1) * 100:+.0f} %**
with `vllm` in both. The direction holds — disaggregation wins at equal GPU count under these
SLOs, and in both arrangements the TPOT SLO binds first, as published — but the size is well
below the published one. The error lies in the colocated baseline: with `vllm-v0` simulated
2P1D gives {d0:.2f} req/s per GPU against the published 3.33 ({(d0 / published_disagg - 1) * 100:+.0f} %; its one decode
GPU sustains {d0 * 3:.1f} req/s against the published ≈ 10), while colocated gives {c0:.2f} against 1.6
({(c0 / published_colocated - 1) * 100:+.0f} %). simserve's colocated decode steps, stalled by each whole 512-token prefill
(≈ 60 ms on an A100), keep the P90 TPOT under 40 ms up to about twice the published rate.
Likely causes, not settled here: the engine presets' host terms are fitted on vLLM 0.6 and
later, faster per step than the early-2024 vLLM DistServe measured; DistServe's own figure is
read off a plot (its text gives the colocated TTFT-bound rate as both "roughly 3" and 2.3 req/s);
and the paper does not name its 13B model in this experiment (its evaluation uses OPT-13B: the
same shapes and KV size as Llama-2-13B, a non-gated MLP).
simserve's 2P1D is simulated end to end (queueing, KV transfer, decode admission), not composed
from single-phase rates. `DisaggregationGainTests` checks the direction at a small scale.""")
PY
