#!/usr/bin/env python3
"""The fp8 GEMM's rate per added output column in aiconfigurator's vLLM fp8 rows (data/kernels/aic_gemm.csv):
the figure the h100-sxm and h200 presets hold `fp8_compute_efficiency` at when `simserve calibrate
--from-kernels` fits the rest of the fp8 GEMM group (VALIDATION.md, "fp8 GEMMs: the GEMM apart from the
input's quantisation").

Why: vLLM's fp8 linear layer quantises its bf16 input (time ∝ m·k) and then runs the fp8 GEMM (time ∝ m·n·k).
On the sampled shapes the two are nearly collinear, so a least-squares fit of all four parameters leaves the
split between them unidentified (on H100 the fit error is flat from 0.65 to 0.85 of the fp8 peak), and the GEMM
part it picked extrapolates past every measured fp8 GEMM. At fixed (m, k) only the GEMM grows with the output
width n, so the slope of time over n is the GEMM's own rate. Taken on the FIT widths only (n = 4096, 8192,
16384; 6144 and 12288 are held out, KernelSplitRule), on the large cells m >= 8192, k >= 8192 (prefill-sized:
tile and wave effects small, quantisation a small share), the median over cells; least squares of three points.

Usage: scripts/fp8-marginal-rate.py [data/kernels/aic_gemm.csv]   (pure Python; run from the repo root)
"""
import csv, statistics, sys

path = sys.argv[1] if len(sys.argv) > 1 else 'data/kernels/aic_gemm.csv'
FIT_WIDTHS = (4096, 8192, 16384)
PEAK_FP8_TFLOPS = {'H100-SXM': ('h100-sxm', 1978.9), 'H200-SXM': ('h200', 1978.9), 'B200-SXM': ('b200', 4500.0)}

def slope(xs, ys):
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)

rows = [r for r in csv.DictReader(open(path)) if r['backend'] == 'vllm' and r['dtype'] == 'fp8']
for gpu, (preset, peak) in PEAK_FP8_TFLOPS.items():
    cells = {}
    for r in rows:
        m, n, k = int(r['m']), int(r['n']), int(r['k'])
        if r['gpu'] == gpu and m >= 8192 and k >= 8192 and n in FIT_WIDTHS:
            cells.setdefault((m, k), []).append((n, float(r['latency_us'])))
    rates = []
    for (m, k), points in sorted(cells.items()):
        if len(points) < 3: continue
        us_per_column = slope([p[0] for p in points], [p[1] for p in points])
        rates.append((m, k, 2 * m * k / (us_per_column * 1e-6) / 1e12))
    if not rates: continue
    median = statistics.median(r[2] for r in rates)
    print(f"{gpu}: {len(rates)} cells, TFLOPS per cell " + ", ".join(f"m={m} k={k}: {t:.0f}" for m, k, t in rates))
    print(f"  median {median:.0f} TFLOPS = {median / peak:.4f} of the fp8 peak {peak}")
    print(f"  simserve calibrate --from-kernels data/kernels --gpu {preset} --hold fp8_compute_efficiency={median / peak:.4f}")
