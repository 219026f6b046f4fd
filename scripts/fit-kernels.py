#!/usr/bin/env python3
"""Fits the per-GPU kernel parameters of the hardware presets on the measured kernel tables in
data/kernels/ (aiconfigurator's measurements, see data/kernels/README.md).

Kept as documentation of how the presets' figures were first obtained. The Swift commands now
do both halves through the simulator's own functions: `simserve validate kernels` (the presets
against every row, Sources/SimServeKit/Validation/CostModel/KernelValidation.swift) and
`simserve calibrate --from-kernels data/kernels --gpu PRESET` (the same fit by GSL least
squares, with standard errors; Sources/Calibrator/MeasuredOps/KernelTablesFit.swift). Known
differences: this script reads fp8-KV decode rows with 2-byte KV elements (the Swift code uses
1), fits the custom and NCCL all-reduce with separate link efficiencies (the simulator has
one), and fits fp8 GEMMs with their own launch time and sharpness (the simulator shares them).

Each kind is fitted on its FIT rows only; the HELD-OUT rows (same rule as
`simserve validate kernels`, Sources/SimServeKit/Validation/CostModel/KernelValidation.swift)
are never seen by the fit:
  - GEMM: held out when n is 6144 or 12288 (two output widths never fitted);
  - decode attention: held out when the head shape (q_heads, kv_heads) is (32, 8) or (8, 1);
  - prefill attention: held out when the head shape is (32, 8) or (8, 1);
  - all-reduce: held out every other message size (odd index among the sorted sizes).
The functions are those of KernelTimeModel.swift (same formulas), fitted by least squares of
relative error (Nelder-Mead over the parameters). Prints one TOML block per GPU and the fit
and held-out MAPE per kind. Usage: .venv/bin/python scripts/fit-kernels.py
"""
import math
import os
import sys

import numpy as np
import pandas as pd

DATA = "data/kernels"
# GPU name in the data -> (preset, dense bf16 TFLOP/s, fp8 TFLOP/s, HBM GB/s, link GB/s per direction, backend)
GPUS = {
    "H100-SXM": ("h100-sxm", 989.4, 1978.9, 3350.0, 450.0, "vllm"),
    "H200-SXM": ("h200", 989.4, 1978.9, 4800.0, 450.0, "vllm"),
    "A100-SXM": ("a100-80gb", 312.0, None, 2039.0, 300.0, "vllm"),
    "B200-SXM": ("b200", 2250.0, 4500.0, 8000.0, 900.0, "vllm"),
    "L40S": ("l40s", 362.05, 733.0, 864.0, 32.0, "trtllm"),
}
TILE_ROWS = 64


def nelder_mead(f, x0, steps, iterations=3000):
    n = len(x0)
    pts = [np.array(x0, float)] + [np.array(x0, float) + np.eye(n)[i] * steps[i] for i in range(n)]
    vals = [f(p) for p in pts]
    for _ in range(iterations):
        order = np.argsort(vals)
        pts = [pts[i] for i in order]
        vals = [vals[i] for i in order]
        centroid = np.mean(pts[:-1], axis=0)
        xr = centroid + (centroid - pts[-1])
        fr = f(xr)
        if fr < vals[0]:
            xe = centroid + 2 * (centroid - pts[-1])
            fe = f(xe)
            pts[-1], vals[-1] = (xe, fe) if fe < fr else (xr, fr)
        elif fr < vals[-2]:
            pts[-1], vals[-1] = xr, fr
        else:
            xc = centroid + 0.5 * (pts[-1] - centroid)
            fc = f(xc)
            if fc < vals[-1]:
                pts[-1], vals[-1] = xc, fc
            else:
                pts = [pts[0] + 0.5 * (p - pts[0]) for p in pts]
                vals = [f(p) for p in pts]
    best = int(np.argmin(vals))
    return pts[best], vals[best]


def mape(pred, meas):
    return float(np.mean(np.abs(pred - meas) / meas) * 100)


def soft_max(a, b, p):
    hi = np.maximum(a, b)
    lo = np.minimum(a, b) / hi
    return hi * (1 + lo ** p) ** (1 / p)


def gemm_model(rows, peak, bw, weight_bytes, act_bytes):
    m, n, k = rows.m.values.astype(float), rows.n.values.astype(float), rows.k.values.astype(float)
    padded = np.ceil(m / TILE_ROWS) * TILE_ROWS
    flops = 2 * padded * n * k
    bytes_ = k * n * weight_bytes + (m * k + m * n) * act_bytes

    def predict(x):
        eta_c, eta_m, launch, sharp = x
        return launch + soft_max(flops / (peak * 1e12 * eta_c) * 1e6, bytes_ / (bw * 1e9 * eta_m) * 1e6, sharp)
    return predict


def tiled_pairs(length, tile):
    total = np.zeros(len(length))
    for i, l in enumerate(length):
        start, s = 0, 0.0
        while start < l:
            end = min(l, start + tile)
            s += (end - start) * end
            start = end
        total[i] = s
    return total


def fit_kind(name, rows, predict, x0, steps, held, bounds):
    y = rows.latency_us.values
    fit = ~held

    def loss(x):
        for v, (lo, hi) in zip(x, bounds):
            if v < lo or v > hi:
                return 1e9
        p = predict(x)
        return float(np.mean(((p[fit] - y[fit]) / y[fit]) ** 2))
    x, _ = nelder_mead(loss, x0, steps)
    p = predict(x)
    return x, mape(p[fit], y[fit]), mape(p[held], y[held]), int(fit.sum()), int(held.sum())


def main():
    gemm = pd.read_csv(f"{DATA}/aic_gemm.csv")
    dec = pd.read_csv(f"{DATA}/aic_decode_attention.csv")
    pre = pd.read_csv(f"{DATA}/aic_prefill_attention.csv")
    ar = pd.read_csv(f"{DATA}/aic_allreduce.csv")
    for gpu, (preset, peak, peak8, bw, link, backend) in GPUS.items():
        print(f"# ---- {gpu} -> {preset} (backend {backend})")
        out = {}
        for dtype, pk, wb in (("bf16", peak, 2.0), ("fp8", peak8, 1.0)):
            rows = gemm[(gemm.gpu == gpu) & (gemm.backend == backend) & (gemm.dtype == dtype)]
            if pk is None or rows.empty:
                continue
            held = rows.n.isin([6144, 12288]).values
            pred = gemm_model(rows, pk, bw, wb, wb if dtype == "fp8" else 2.0)
            x, f, h, nf, nh = fit_kind("gemm", rows, pred, [0.75, 0.8, 5.0, 2.0], [0.05, 0.05, 1.0, 0.5], held,
                                       [(0.05, 1.0), (0.05, 1.2), (0.0, 50.0), (1.0, 32.0)])
            print(f"#   gemm {dtype}: eta_c {x[0]:.3f} eta_mem {x[1]:.3f} launch {x[2]:.2f} us sharpness {x[3]:.2f}"
                  f"  fit {f:.1f}% ({nf}) held {h:.1f}% ({nh})")
            out[f"gemm_{dtype}"] = x
        rows = dec[(dec.gpu == gpu) & (dec.backend == backend) & (dec.above_dram_peak == 0)]
        if not rows.empty:
            kvh = rows.kv_heads.values.astype(float)
            qh = rows.q_heads.values.astype(float)
            b = rows.batch.values.astype(float)
            ctx = rows.kv_len.values.astype(float) + 1
            d = rows.head_dim.values.astype(float)
            kv_bytes = b * ctx * 2 * kvh * d * 2 + b * 2 * qh * d * 2
            held = rows.q_heads.astype(str).str.cat(rows.kv_heads.astype(str), sep=",").isin(["32,8", "8,1"]).values

            def pred_dec(x, kv_bytes=kv_bytes, b=b, qh=qh):
                floor, fixed, per_seq_head, eta = x
                return np.maximum(floor, fixed + per_seq_head * b * qh + kv_bytes / (bw * 1e9 * eta) * 1e6)
            x, f, h, nf, nh = fit_kind("decode", rows, pred_dec, [10.0, 8.0, 0.005, 0.85], [2, 2, 0.005, 0.05], held,
                                       [(0, 100), (0, 100), (0, 1), (0.05, 1.0)])
            print(f"#   decode: floor {x[0]:.2f} us fixed {x[1]:.2f} us per-seq-head {x[2]:.4f} us eta {x[3]:.3f}"
                  f"  fit {f:.1f}% ({nf}) held {h:.1f}% ({nh})")
            out["decode"] = x
        rows = pre[(pre.gpu == gpu) & (pre.backend == backend) & (pre.dtype == "bf16")]
        if not rows.empty:
            tile = 64 if gpu.startswith("A100") or gpu == "L40S" else 128
            qh = rows.q_heads.values.astype(float)
            kvh = rows.kv_heads.values.astype(float)
            d = rows.head_dim.values.astype(float)
            L = rows.seq_len.values.astype(float)
            b = rows.batch.values.astype(float)
            work = 4 * qh * d * b * tiled_pairs(L, tile)
            bytes_ = b * L * (2 * qh + 2 * kvh) * d * 2
            held = rows.q_heads.astype(str).str.cat(rows.kv_heads.astype(str), sep=",").isin(["32,8", "8,1"]).values

            def pred_pre(x, work=work, bytes_=bytes_, b=b, L=L, qh=qh):
                eta, fixed, per_seq, per_token_head_ns = x
                return (fixed + per_seq * b + per_token_head_ns * 1e-3 * b * L * qh
                        + np.maximum(work / (peak * 1e12 * eta) * 1e6, bytes_ / (bw * 1e9 * 0.8) * 1e6))
            x, f, h, nf, nh = fit_kind("prefill", rows, pred_pre, [0.5, 10.0, 0.1, 0.1], [0.05, 2.0, 0.1, 0.05], held,
                                       [(0.02, 1.0), (0, 200), (0, 10), (0, 10)])
            print(f"#   prefill (tile {tile}): eta {x[0]:.3f} fixed {x[1]:.2f} us per-seq {x[2]:.3f} us"
                  f" per-token-head {x[3]:.4f} ns  fit {f:.1f}% ({nf}) held {h:.1f}% ({nh})")
            out["prefill"] = (x, tile)
        # custom all-reduce, graph mode (what runs inside a captured decode step)
        variant = {"vllm": "vLLM_custom_graph", "trtllm": "TRTLLM"}[backend]
        rows = ar[(ar.gpu == gpu) & (ar.variant == variant) & (ar.bytes <= 8 * 1048576)]
        if not rows.empty and link > 64:
            t = rows.gpus.values.astype(float)
            s = rows.bytes.values.astype(float)
            sizes = sorted(rows.bytes.unique())
            held = rows.bytes.map(lambda v: sizes.index(v) % 2 == 1).values
            one_shot = (t == 2) | (s < np.where(t <= 4, 524288, 262144))

            def pred_ar(x, t=t, s=s, one_shot=one_shot):
                lat, eta = x
                per = link * 1e9 * eta
                return np.where(one_shot, lat + (t - 1) * s / per * 1e6, 2 * lat + 2 * (t - 1) / t * s / per * 1e6)
            x, f, h, nf, nh = fit_kind("allreduce", rows, pred_ar, [5.0, 0.5], [1.0, 0.1], held, [(0, 100), (0.01, 1.5)])
            print(f"#   custom all-reduce ({variant}): latency {x[0]:.2f} us link eta {x[1]:.3f}"
                  f"  fit {f:.1f}% ({nf}) held {h:.1f}% ({nh})")
            out["custom"] = x
        rows = ar[(ar.gpu == gpu) & (ar.algorithm == "nccl") & (ar.dtype == "fp16")]
        if not rows.empty:
            t = rows.gpus.values.astype(float)
            s = rows.bytes.values.astype(float)
            sizes = sorted(rows.bytes.unique())
            held = rows.bytes.map(lambda v: sizes.index(v) % 2 == 1).values

            def pred_ring(x, t=t, s=s):
                overhead, alpha, eta = x
                return overhead + 2 * (t - 1) / t * s / (link * 1e9 * eta) * 1e6 + 2 * (t - 1) * alpha
            x, f, h, nf, nh = fit_kind("ring", rows, pred_ring, [10.0, 1.0, 0.7], [2.0, 0.5, 0.1], held,
                                       [(0, 200), (0, 20), (0.01, 1.5)])
            print(f"#   nccl ring: overhead {x[0]:.2f} us alpha {x[1]:.2f} us link eta {x[2]:.3f}"
                  f"  fit {f:.1f}% ({nf}) held {h:.1f}% ({nh})")
            out["ring"] = x
        print()


if __name__ == "__main__" and "--shared-h100" not in sys.argv:
    sys.exit(main())


def shared_h100_check():
    """The h100-sxm preset's fitted figures against the BLIS H100 kernel tables in
    ../shared/data/h100-kernels (never fitted on): decode and prefill attention."""
    path = "../shared/data/h100-kernels/h100_attention_kernels.csv"
    if not os.path.exists(path):
        return
    d = pd.read_csv(path)
    bw, peak = 3350.0, 989.4
    dec = d[d.kind == "decode"]
    qh = dec.q_heads / dec.tp
    kvh = np.maximum(1, np.ceil(dec.kv_heads / dec.tp))
    kv = dec.batch_size * (dec.kv_len + 1) * 2 * kvh * dec.head_dim * 2 + dec.batch_size * 2 * qh * dec.head_dim * 2
    p = np.maximum(13.22, 9.64 + 0.0030 * dec.batch_size * qh + kv / (bw * 1e9 * 1.0) * 1e6)
    e = (p - dec.latency_us) / dec.latency_us
    print(f"# shared H100 decode attention (held out, {len(dec)} rows): MAPE {np.mean(np.abs(e)) * 100:.1f}% bias {np.mean(e) * 100:+.1f}%")
    pre = d[d.kind == "prefill"]
    L = pre.seq_len.values.astype(float)
    work = 4 * pre.q_heads.values * 128 * tiled_pairs(L, 128)
    p = 12.10 + 0.039 + 0.2435e-3 * L * pre.q_heads.values + work / (peak * 1e12 * 0.632) * 1e6
    e = (p - pre.latency_us.values) / pre.latency_us.values
    print(f"# shared H100 prefill attention (held out, {len(pre)} rows): MAPE {np.mean(np.abs(e)) * 100:.1f}% bias {np.mean(e) * 100:+.1f}%")


if __name__ == "__main__" and "--shared-h100" in sys.argv:
    shared_h100_check()
