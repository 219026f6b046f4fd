#!/usr/bin/env python3
"""aiconfigurator's GEMMs timed twice: in the kernel tables the presets are fitted on (data/kernels/aic_gemm.csv,
each GEMM replayed briefly in a CUDA graph) and in its power runs (data/kernels/aic_kernel_power.csv, the same
shapes replayed for a minimum duration while NVML samples the power). Per GPU and rows m, the median ratio of the
power run's TFLOPS to the table's, with the median power drawn: where the power reaches the GPU's limit the
sustained GEMM is slower than the table says (VALIDATION.md, "Sustained against replayed GEMMs").

Caveat: the power runs are of vLLM 0.22.0's kernels, the tables of 0.24.0's; at small m, where the power stays far
below the limit, the two agree within ~2 %.
Usage: scripts/sustained-vs-replayed.py   (pure Python; run from the repo root)
"""
import csv, statistics
from collections import defaultdict

table = {}
for r in csv.DictReader(open('data/kernels/aic_gemm.csv')):
    if r['backend'] == 'vllm' and r['dtype'] == 'bf16':
        table[(r['gpu'], int(r['m']), int(r['n']), int(r['k']))] = float(r['tflops'])
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
        by[(r['gpu'], band)].append((float(r['tflops_or_gbps']) / table[key], float(r['power_w'])))
        limits[r['gpu']] = float(r['power_limit_w'])

print('| GPU | rows m | shapes | power run ÷ table, TFLOPS (median) | 10th–90th percentile | power drawn (median) | limit |')
print('|---|---|---:|---:|---:|---:|---:|')
for gpu in sorted({g for g, _ in by}):
    for band in ['m ≤ 256', '512 ≤ m ≤ 2,048', 'm > 2,048']:
        v = by.get((gpu, band))
        if not v:
            continue
        ratios = sorted(x[0] for x in v)
        p10, p90 = ratios[len(ratios) // 10], ratios[(9 * len(ratios)) // 10]
        print('| %s | %s | %d | %.3f | %.2f–%.2f | %.0f W | %.0f W |' % (
            gpu, band, len(v), statistics.median(ratios), p10, p90, statistics.median(x[1] for x in v), limits[gpu]))
