#!/usr/bin/env python3
"""Fits the per-GPU power coefficients of the hardware presets on measured kernel power
(data/kernels/aic_kernel_power.csv: aiconfigurator, NVML power while each op is replayed in a
CUDA graph; H200 and B200, vLLM 0.22 kernels; provenance in data/kernels/README.md).

Model (GPUPowerModel.swift): while the GPU runs work,
    P = min(max_watts, idle_watts + busy_static_watts
                       + compute_dynamic_watts · a_c + memory_dynamic_watts · a_m)
with a_c = FLOPs / (seconds · dense bf16 peak) and a_m = bytes / (seconds · HBM peak), the
FLOPs and bytes counted as KernelTimeModel.swift counts them (GEMM: 2mnk, weights plus
activations in and out; decode attention: the KV read plus Q and O). idle_watts and
max_watts are the presets' (idle: typical nvidia-smi draw, max: the power limit the data
records), so three coefficients are fitted per GPU, by least squares of relative error
(Nelder-Mead), each constrained to [0, max_watts − idle_watts]: where every long GEMM sits at
the power limit (B200) the data only bound the compute term from below, and the bound keeps it
at the whole swing rather than an arbitrary large value.

Rows: kernels of at least 200 µs only (the README's doubt: power of short kernels is noisy and
reflects the previous shape's state). Split, same rule as scripts/fit-kernels.py:
  - FIT: GEMM rows with n not in {6144, 12288}; decode attention rows with head shape not in
    {(32, 8), (8, 1)};
  - HELD OUT: the other GEMM and decode attention rows, and every prefill attention row;
  - ML.ENERGY (data/kernels/energy.csv) is held out entirely: `simserve validate energy`.
H100 has no power table: its preset carries H200's coefficients over (same GH100 die and
700 W limit), the memory term scaled by HBM bandwidth (3350/4800, same energy per byte).
Held out as well (but for the two attention terms, each the mean shortfall of the three terms on its own
kind's rows, printed below): our own H200 kernel power (data/kernels/h200-own/power.csv: NVML energy counter
over ≥ 2.5 s of back-to-back CUDA-graph replays, PyTorch 2.11 kernels; see that folder's README),
same row layout; its rows are predicted with the H200 coefficients fitted here and never fitted.
Usage: .venv/bin/python scripts/fit-power.py
"""
import os
import numpy as np
import pandas as pd

DATA = "data/kernels/aic_kernel_power.csv"
# GPU in the data -> (preset, dense bf16 FLOP/s, HBM bytes/s, idle W (preset), limit W (data))
GPUS = {"H200-SXM": ("h200", 989.4e12, 4800e9, 75.0, 700.0),
        "B200-SXM": ("b200", 2250e12, 8000e9, 140.0, 1000.0)}
MIN_US = 200.0


def activities(row, peak, bandwidth):
    p = dict(kv.split("=") for kv in row.shape.split(";"))
    t = row.latency_us * 1e-6
    if row.kernel == "gemm":
        m, n, k = int(p["m"]), int(p["n"]), int(p["k"])
        flops, nbytes = 2 * m * n * k, 2 * (k * n + m * k + m * n)
        held = n in (6144, 12288)
    elif row.kernel == "decode_attention":
        b, L, qh, kh, hd = (int(p[x]) for x in ("b", "kv_len", "q_heads", "kv_heads", "hd"))
        flops, nbytes = 4 * b * qh * hd * L, 2 * b * L * kh * hd * 2 + b * 2 * qh * hd * 2
        held = (qh, kh) in ((32, 8), (8, 1))
    else:
        b, L, qh, kh, hd = (int(p[x]) for x in ("b", "seq_len", "q_heads", "kv_heads", "hd"))
        flops, nbytes = 2 * b * qh * L * L * hd, b * L * (2 * qh + 2 * kh) * hd * 2
        held = True
    return flops / t / peak, nbytes / t / bandwidth, held


def nelder_mead(f, x0, iterations=4000):
    simplex = [np.array(x0, float)] + [np.array(x0, float) + 50 * np.eye(len(x0))[i] for i in range(len(x0))]
    values = [f(v) for v in simplex]
    for _ in range(iterations):
        order = np.argsort(values)
        simplex, values = [simplex[i] for i in order], [values[i] for i in order]
        centre = np.mean(simplex[:-1], axis=0)
        r = centre + (centre - simplex[-1]); fr = f(r)
        if fr < values[0]:
            e = centre + 2 * (centre - simplex[-1]); fe = f(e)
            simplex[-1], values[-1] = (e, fe) if fe < fr else (r, fr)
        elif fr < values[-2]:
            simplex[-1], values[-1] = r, fr
        else:
            c = centre + 0.5 * (simplex[-1] - centre); fc = f(c)
            if fc < values[-1]:
                simplex[-1], values[-1] = c, fc
            else:
                simplex = [simplex[0] + 0.5 * (v - simplex[0]) for v in simplex]
                values = [f(v) for v in simplex]
    return simplex[int(np.argmin(values))]


def main():
    data = pd.read_csv(DATA)
    for gpu, (preset, peak, bandwidth, idle, limit) in GPUS.items():
        rows = data[(data.gpu == gpu) & (data.latency_us >= MIN_US)]
        a = np.array([activities(r, peak, bandwidth) for r in rows.itertuples()], dtype=float)
        ac, am, held = a[:, 0], a[:, 1], a[:, 2].astype(bool)
        power, kind = rows.power_w.values, rows.kernel.values

        def predict(v, mask):
            v = np.clip(np.abs(v), 0, limit - idle)
            return np.minimum(limit, idle + v[0] + v[1] * ac[mask] + v[2] * am[mask])

        fit = ~held
        v = nelder_mead(lambda v: np.mean(((predict(v, fit) - power[fit]) / power[fit]) ** 2), [200, 500, 200])
        v = np.clip(np.abs(v), 0, limit - idle)
        print(f"# {preset}: fitted on {fit.sum()} rows of {gpu} kernel power (≥ {MIN_US:.0f} µs)")
        print(f"busy_static_watts = {v[0]:.0f}\ncompute_dynamic_watts = {v[1]:.0f}\nmemory_dynamic_watts = {v[2]:.0f}")
        for k in ("gemm", "decode_attention", "prefill_attention"):
            for name, mask in (("fit", fit), ("held-out", held)):
                m = mask & (kind == k)
                if m.sum() == 0:
                    continue
                err = (predict(v, m) - power[m]) / power[m]
                print(f"#   {k:17s} {name:8s} {m.sum():4d} rows  MAPE {100 * np.mean(np.abs(err)):5.1f} %  bias {100 * np.mean(err):+5.1f} %")
        own = "data/kernels/h200-own/power.csv"
        if preset == "h200" and os.path.exists(own):
            rows_own = pd.read_csv(own)
            rows_own = rows_own[rows_own.kernel != "idle"]
            a_own = np.array([activities(r, peak, bandwidth) for r in rows_own.itertuples()], dtype=float)
            p = np.minimum(limit, idle + v[0] + v[1] * a_own[:, 0] + v[2] * a_own[:, 1])
            decode = (rows_own.kernel == "decode_attention").values
            shortfall = rows_own.power_w.values[decode] - p[decode]
            print(f"# attention_dynamic_watts = {shortfall.mean():.0f}  (mean shortfall of the three terms on the "
                  f"{decode.sum()} sustained decode-attention kernels of {own}; they ran at the cap, so a lower bound)")
            prefill = (rows_own.kernel == "prefill_attention").values
            shortfall = rows_own.power_w.values[prefill] - p[prefill]
            print(f"# prefill_attention_dynamic_watts = {shortfall.mean():.0f}  (the same on its {prefill.sum()} sustained "
                  f"prefill-attention kernels; at the cap too, a lower bound)")
            print(f"# held out, {own} (own measurement, {len(rows_own)} kernels):")
            for r, predicted, ac_, am_ in zip(rows_own.itertuples(), p, a_own[:, 0], a_own[:, 1]):
                err = (predicted - r.power_w) / r.power_w
                print(f"#   {r.kernel:17s} {r.shape:45s} a_c {ac_:.2f} a_m {am_:.2f}  measured {r.power_w:5.0f} W"
                      f"  predicted {predicted:5.0f} W  {100 * err:+5.1f} %")
        if preset == "h200":
            print(f"# h100-sxm (carried over): busy_static_watts = {v[0]:.0f}, compute_dynamic_watts = {v[1]:.0f}, "
                  f"memory_dynamic_watts = {v[2] * 3350 / 4800:.0f}")


def rates_check():
    """The same three terms fitted on the watts and, beside them, on the rates of the power runs' bf16 GEMMs
    against the kernel tables (data/kernels/aic_gemm.csv, vLLM rows; FIT widths only), with the simulator's clock
    under the limit (PowerLimitedClock, steady state): the run's rate ÷ the table's = min(1, (P_max − P_s) /
    (P0 − P_s)), P0 the uncapped power at the table's rate, P_s idle + busy. Where every long GEMM sits at the
    limit (B200) the watts bound the compute term from below only; the rates fix it."""
    import csv
    data = pd.read_csv(DATA)
    table = {}
    for r in csv.DictReader(open("data/kernels/aic_gemm.csv")):
        if r["backend"] == "vllm" and r["dtype"] == "bf16":
            table[(r["gpu"], int(r["m"]), int(r["n"]), int(r["k"]))] = float(r["tflops"])
    for gpu, (preset, peak, bandwidth, idle, limit) in GPUS.items():
        rows = data[(data.gpu == gpu) & (data.latency_us >= MIN_US)]
        a = np.array([activities(r, peak, bandwidth) for r in rows.itertuples()], dtype=float)
        ac, am, fit = a[:, 0], a[:, 1], ~a[:, 2].astype(bool)
        power = rows.power_w.values
        rates = []
        for r in data[(data.gpu == gpu) & (data.kernel == "gemm") & (data.dtype == "bf16")].itertuples():
            p = dict(kv.split("=") for kv in r.shape.split(";"))
            m, n, k = int(p["m"]), int(p["n"]), int(p["k"])
            tflops = table.get((gpu, m, n, k))
            if tflops is None or n in (6144, 12288):
                continue
            seconds = 2 * m * n * k / (tflops * 1e12)
            rates.append((min(1, tflops * 1e12 / peak), min(1, 2 * (k * n + m * k + m * n) / seconds / bandwidth),
                          r.tflops_or_gbps / tflops))
        rates = np.array(rates)

        def ratio(v):
            full, static = idle + v[0] + v[1] * rates[:, 0] + v[2] * rates[:, 1], idle + v[0]
            return np.where(full > limit, (limit - static) / np.maximum(full - static, 1e-9), 1.0)

        def loss(v):
            v = np.clip(np.abs(v), 0, limit - idle)
            p = np.minimum(limit, idle + v[0] + v[1] * ac[fit] + v[2] * am[fit])
            return np.mean(((p - power[fit]) / power[fit]) ** 2) + np.mean(((ratio(v) - rates[:, 2]) / rates[:, 2]) ** 2)

        v = np.clip(np.abs(nelder_mead(loss, [200, 500, 200])), 0, limit - idle)
        p = np.minimum(limit, idle + v[0] + v[1] * ac + v[2] * am)
        print(f"# {preset}, watts and rates together ({fit.sum()} power rows, {len(rates)} GEMM rates): busy {v[0]:.0f}, "
              f"compute {v[1]:.0f}, memory {v[2]:.0f} W; power MAPE {100 * np.mean(np.abs(p[fit] - power[fit]) / power[fit]):.1f} % "
              f"(held out {100 * np.mean(np.abs(p[~fit] - power[~fit]) / power[~fit]):.1f} %), "
              f"rate MAE {100 * np.mean(np.abs(ratio(v) / rates[:, 2] - 1)):.1f} %")


if __name__ == "__main__":
    main()
    rates_check()
