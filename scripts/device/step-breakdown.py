#!/usr/bin/env python3
"""Whole Llama-3.1-8B steps measured on one H200 (data/kernels/h200-own/steps.csv) against
(a) the sum of the same step's kernels as measured one at a time in the same folder (GEMMs from
gemm.csv, decode attention from decode_attention.csv (FlashAttention-2), prefill attention from
prefill_attention.csv (cuDNN), the eager elementwise ops from layer_ops.csv), and (b) simserve's
kernel time for the step (`simserve cost --engine none --json`, files given as COST_DIR/cost-*.json),
with the power the h200 preset's GPUPowerModel gives that simulated step (idle 75 W + busy 253 W +
514 W × tensor activity + 161 W × HBM activity + 273 W × decode attention's share of the step
+ 203 W × prefill attention's share, capped at 700 W; activities = the step's FLOPs and bytes over its
simulated time, against 989.4 TFLOP/s and 4.8 TB/s), and without the attention terms (the model before
them); and the step's time run back to back under the 700 W limit (the simulator's PowerLimitedClock in
its steady state: × max(1, (P0 − idle − busy) / (limit − idle − busy)), P0 the uncapped power), which is
how the measured steps ran (2.5 s back to back). Where COST_DIR also holds pytorch-cost-*.json
(`simserve cost --engine pytorch --json`: plain PyTorch's eager elementwise ops and FlashAttention-2,
no CUDA graphs), a last column gives that step time and its ratio to the measured.
Prints a markdown table. Usage: step-breakdown.py DATA_DIR COST_DIR
[IDLE,BUSY,COMPUTE,MEMORY,ATTENTION,MAX[,PREFILL_ATTENTION]] (the power figures, W; default the h200
preset's, as above).
"""
import csv
import json
import os
import sys

data, costs = sys.argv[1], sys.argv[2]
_figures = [float(v) for v in (sys.argv[3] if len(sys.argv) > 3 else "75,253,514,161,273,700,203").split(",")]
IDLE, BUSY, COMPUTE, MEMORY, ATTENTION, MAX = _figures[:6]
PREFILL_ATTENTION = _figures[6] if len(_figures) > 6 else 0.0
rows = lambda f: list(csv.DictReader(open(f"{data}/{f}")))
gemm = {(int(r["m"]), int(r["n"]), int(r["k"])): float(r["latency_us"]) for r in rows("gemm.csv") if r["dtype"] == "bf16"}
dec = {(int(r["batch"]), int(r["kv_len"])): float(r["latency_us"]) for r in rows("decode_attention.csv")
       if r["backend"] == "torch-flash" and (r["q_heads"], r["kv_heads"]) == ("32", "8")}
pre = {int(r["seq_len"]): float(r["latency_us"]) for r in rows("prefill_attention.csv")
       if r["backend"] == "torch-cudnn" and (r["q_heads"], r["kv_heads"]) == ("32", "8")}
ew = {}
for r in rows("layer_ops.csv"):
    if r["variant"] == "eager" and r["file_stem"] == "Meta-Llama-3-8B":
        ew[(int(r["num_tokens"]), r["op"])] = float(r["median_ms"]) * 1e3
LAYERS, SHAPES = 32, [(6144, 4096), (4096, 4096), (28672, 4096), (4096, 14336)]


def nearest(table, key):
    return table.get(key)


plain = os.path.exists(f"{costs}/pytorch-cost-1.json")
print("| step | measured ms | its kernels measured alone, ms: sum (GEMMs / attention / elementwise) | simserve, ms: kernels (GEMMs / attention / elementwise) | simserve / measured | GEMMs simserve / measured | W measured → simserve (without the attention terms) | simserve back to back under the limit, ms (÷ measured) |"
      + (" simserve `--engine pytorch`, ms (÷ measured) |" if plain else ""))
print("|---|---:|---|---|---:|---:|---|---:|" + ("---:|" if plain else ""))
GEMM_OPS = {"attn_pre_proj", "attn_post_proj", "mlp_up_proj", "mlp_down_proj"}
ATTENTION_OPS = {"attn_decode", "attn_prefill"}
for r in rows("steps.csv"):
    kind, b, n = r["kind"], int(r["batch"]), int(r["context"])
    t = b if kind == "decode" else n
    g = sum(gemm.get((t, nn, kk), float("nan")) for nn, kk in SHAPES) * LAYERS
    att = (dec.get((b, n), float("nan")) if kind == "decode" else pre.get(n, float("nan"))) * LAYERS
    e = sum(ew.get((t, op), float("nan")) for op in ("input_layernorm", "attn_rope", "post_attention_layernorm",
                                                       "mlp_act")) * LAYERS + 2 * ew.get((t, "add"), float("nan")) * LAYERS
    name = f"cost-{b}.json" if kind == "decode" and n == 1024 else (f"cost-{b}-{n}.json" if kind == "decode" else f"cost-p{n}.json")
    cost = json.load(open(f"{costs}/{name}"))
    sim = cost["seconds"] * 1e3
    sg = sum(o["seconds"] for o in cost["ops"] if o["op"] in GEMM_OPS) * 1e3
    sa = sum(o["seconds"] for o in cost["ops"] if o["op"].startswith("attn_") and o["op"] not in GEMM_OPS | {"attn_rope"}) * 1e3
    se = sum(o["seconds"] for o in cost["ops"] if o["op"] in {"input_layernorm", "post_attention_layernorm", "attn_rope",
                                                            "mlp_act", "add"}) * 1e3
    meas = float(r["step_us"]) / 1e3
    plain_ms = json.load(open(f"{costs}/pytorch-{name}"))["seconds"] * 1e3 if plain else 0.0
    label = f"decode {b}×{n}" if kind == "decode" else f"prefill {n}"
    total = (g + att + e) / 1e3
    fmt = lambda v: "—" if v != v else f"{v:.2f}"
    three = (IDLE + BUSY + COMPUTE * cost["flops"] / cost["seconds"] / 989.4e12
             + MEMORY * cost["bytes"] / cost["seconds"] / 4800e9)
    share = sum(o["seconds"] for o in cost["ops"] if o["op"] == "attn_decode") / cost["seconds"]
    prefill_share = sum(o["seconds"] for o in cost["ops"] if o["op"] == "attn_prefill") / cost["seconds"]
    uncapped = three + ATTENTION * share + PREFILL_ATTENTION * prefill_share
    watts, before = min(MAX, uncapped), min(MAX, three)
    sustained = sim * max(1.0, (uncapped - IDLE - BUSY) / (MAX - IDLE - BUSY))
    print(f"| {label} | {meas:.2f} | {fmt(total)} ({g / 1e3:.2f} / {fmt(att / 1e3)} / {e / 1e3:.2f}) | "
          f"{sim:.2f} ({sg:.2f} / {sa:.2f} / {se:.2f}) | {sim / meas:.2f} | {sg / (g / 1e3):.2f} | "
          f"{float(r['power_w']):.0f} → {watts:.0f} ({before:.0f}) | {sustained:.2f} ({sustained / meas:.2f}) |"
          + (f" {plain_ms:.2f} ({plain_ms / meas:.2f}) |" if plain else ""))
