#!/usr/bin/env python3
"""aiconfigurator's GEMMs timed twice: in the kernel tables the presets are fitted on (data/kernels/aic_gemm.csv,
each GEMM replayed briefly in a CUDA graph) and in its power runs (data/kernels/aic_kernel_power.csv, the same
shapes replayed for a minimum duration while NVML samples the power). Per GPU and rows m, the median ratio of the
power run's TFLOPS to the table's, with the median power drawn: where the power reaches the GPU's limit the
sustained GEMM is slower than the table says (VALIDATION.md, "Sustained against replayed GEMMs").

Caveat: the power runs are of vLLM 0.22.0's kernels, the tables of 0.24.0's; at small m, where the power stays far
below the limit, the two agree within ~2 %.
The last column: what the simulator's clock under the power limit (PowerLimitedClock, steady state) gives the
same GEMMs from the table's rate with the h200 preset's power figures (GPUPowerModel: idle 75 W, busy 253 W,
514 W × tensor activity, 161 W × HBM activity, limit 700 W; activities as scripts/fit-power.py counts them), the
time stretched by (P0 − P_s) / (P_max − P_s) where the uncapped power P0 passes the limit; median ratio and, in
brackets, the mean absolute error of the clocked rate against the power run's. Those power figures were fitted on
these power runs' watts (not their rates): a consistency check, not a held-out one. B200 has none fit for it.
Usage: scripts/sustained-vs-replayed.py   (pure Python; run from the repo root)
"""
import csv, statistics
from collections import defaultdict

table = {}
for r in csv.DictReader(open('data/kernels/aic_gemm.csv')):
    if r['backend'] == 'vllm' and r['dtype'] == 'bf16':
        table[(r['gpu'], int(r['m']), int(r['n']), int(r['k']))] = float(r['tflops'])
# The h200 preset's power model (GPUPowerModel) and its datasheet peaks.
H200 = dict(peak=989.4e12, bandwidth=4800e9, idle=75.0, busy=253.0, compute=514.0, memory=161.0, limit=700.0)


def clocked(gpu, m, n, k, tflops):
    """The steady-state rate ÷ the table's under PowerLimitedClock, or None where no preset sets the clock."""
    if gpu != 'H200-SXM':
        return None
    p = H200
    seconds = 2 * m * n * k / (tflops * 1e12)
    compute = min(1, tflops * 1e12 / p['peak'])
    memory = min(1, 2 * (k * n + m * k + m * n) / seconds / p['bandwidth'])
    static = p['idle'] + p['busy']
    full = static + p['compute'] * compute + p['memory'] * memory
    return 1 / max(1, (full - static) / (p['limit'] - static))


by = defaultdict(list)
limits = {}
for r in csv.DictReader(open('data/kernels/aic_kernel_power.csv')):
    if r['kernel'] != 'gemm' or r['dtype'] != 'bf16':
        continue
    shape = dict(x.split('=') for x in r['shape'].split(';'))
    key = (r['gpu'], int(shape['m']), int(shape['n']), int(shape['k']))
    if key in table:
        m = key[1]
        band = 'm ≤ 256' if m <= 256 else '512 ≤ m ≤ 2,048' if m <= 2048 else 'm > 2,048'
        by[(r['gpu'], band)].append((float(r['tflops_or_gbps']) / table[key], float(r['power_w']),
                                     clocked(r['gpu'], key[1], key[2], key[3], table[key])))
        limits[r['gpu']] = float(r['power_limit_w'])

print('| GPU | rows m | shapes | power run ÷ table, TFLOPS (median) | 10th–90th percentile | power drawn (median) | limit '
      '| clocked ÷ table (median; mean abs error vs the power run) |')
print('|---|---|---:|---:|---:|---:|---:|---:|')
for gpu in sorted({g for g, _ in by}):
    for band in ['m ≤ 256', '512 ≤ m ≤ 2,048', 'm > 2,048']:
        v = by.get((gpu, band))
        if not v:
            continue
        ratios = sorted(x[0] for x in v)
        p10, p90 = ratios[len(ratios) // 10], ratios[(9 * len(ratios)) // 10]
        if v[0][2] is None:
            model = '—'
        else:
            error = statistics.mean(abs(x[2] / x[0] - 1) for x in v)
            model = '%.3f (%.1f %%)' % (statistics.median(x[2] for x in v), 100 * error)
        print('| %s | %s | %d | %.3f | %.2f–%.2f | %.0f W | %.0f W | %s |' % (
            gpu, band, len(v), statistics.median(ratios), p10, p90, statistics.median(x[1] for x in v), limits[gpu],
            model))
