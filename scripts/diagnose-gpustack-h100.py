#!/usr/bin/env python3
"""The gpustack single-H100 runs against a GPU whose tensor throughput is scaled (a diagnosis, not a fit
shipped in any preset): VALIDATION.md, "End to end", the gpustack bullet.

Every compute-bound figure of the h100-sxm preset (GEMM compute efficiency, bf16 and fp8, and the prefill
attention efficiency) is multiplied by a scale s; memory-bound work is left as it is. The scale that gives the
least mean absolute request-throughput error on vLLM's bf16 random-prompt runs of 2,000-32,000 tokens is
chosen; the other runs of the same machine are held out: SGLang's fp8 random runs, the three engines' ShareGPT
runs, the light Qwen3-8B runs at 1-8 users (decode-bound, where the engine terms were fitted), and the Qwen3-32B
runs of the same page set (three engines; simulated with the context limit their KV cache holds). The
128-token / 4-output runs are listed apart: there the GPU's work is a few ms per request and the measured
22.7 ms (vLLM) and 7.8 ms (SGLang) per request are the front end's (VALIDATION.md, "Tried and not kept").
Usage: scripts/diagnose-gpustack-h100.py [SIMSERVE]   (default .build/release/simserve; run from the repo root)
"""
import csv, json, os, shutil, subprocess, sys, tempfile

simserve = sys.argv[1] if len(sys.argv) > 1 else '.build/release/simserve'
points = {r['id']: r for r in csv.DictReader(open('data/serving/points.csv'))}
ids = [i for i, r in points.items() if i.startswith('gpustack_qwen3_') and r['gpu'] == 'h100-sxm' and r['tp'] == '1'
       and ('_8b_' in i or '_14b_' in i or '_32b_' in i)]
scales = [1.0, 0.9, 0.8, 0.7, 0.6, 0.55, 0.5, 0.45, 0.4]
preset = {'compute_efficiency': 0.806, 'fp8_compute_efficiency': 0.7899, 'prefill_attention_efficiency': 0.6408}

def group(i):
    r = points[i]
    if r['input_len_mean'].startswith('127'): return 'front end (128 in / 4 out)'
    if '_32b_' in i: return 'held out: Qwen3-32B, all engines'
    if r['arrival'].startswith('concurrency'): return 'held out: light, 1-8 users'
    if r['dataset'] == 'sharegpt': return 'held out: ShareGPT, all at once'
    if r['engine'] == 'vllm': return 'fit: vLLM bf16 random'
    return 'held out: SGLang fp8 random'

tmp = tempfile.mkdtemp()
def scenario(i):
    path = os.path.join(tmp, i + '.toml')
    with open(path, 'w') as f:
        subprocess.run([simserve, 'validate', 'serving', '--scenario', i], stdout=f, check=True)
    return path

def simulate(i, s):
    table = ', '.join('%s = %.4f' % (k, v * s) for k, v in preset.items())
    out = subprocess.run([simserve, 'run', scenario(i), '--no-files', '--json', '--set',
                          'hardware={ preset = "h100-sxm", %s }' % table], capture_output=True, text=True, check=True)
    d = json.loads(out.stdout)
    lat = d['latency_seconds']
    return {'ttft': lat['ttft']['p50'] * 1000, 'itl': lat['itl']['p50'] * 1000,
            'rps': d['requests']['completed'] / d['time']['simulated_seconds']}

def preset_run(i):
    out = subprocess.run([simserve, 'run', scenario(i), '--no-files', '--json'], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)['latency_seconds']['ttft']['p50']

# The figures above must be the preset's: at s = 1 the override changes nothing.
probe = sorted(ids)[0]
if abs(simulate(probe, 1.0)['ttft'] - preset_run(probe) * 1000) > 1e-9:
    sys.exit('the h100-sxm preset\'s compute figures are not those in `preset` above: update them')

measured = {i: {'ttft': float(points[i]['ttft_median_ms']), 'itl': float(points[i]['itl_median_ms']),
                'rps': float(points[i]['req_throughput_rps'])} for i in ids}
results = {(i, s): simulate(i, s) for i in ids for s in scales}
err = lambda i, s, k: results[(i, s)][k] / measured[i][k] - 1
fit = [i for i in ids if group(i).startswith('fit')]
best = min(scales, key=lambda s: sum(abs(err(i, s, 'rps')) for i in fit))
print('Scale of the h100-sxm preset\'s compute-bound figures chosen on %d vLLM bf16 random runs: s = %.2f '
      '(grid %s; least mean absolute request-throughput error).\n' % (len(fit), best, ', '.join('%g' % s for s in scales)))
print('| run | group | engine · dtype | prompt tokens | TTFT p50 s=1 → s=%.2f | ITL p50 s=1 → s=%.2f | req/s s=1 → s=%.2f |' % (best, best, best))
print('|---|---|---|---:|---|---|---|')
order = ['fit', 'held out: S', 'held out: Sh', 'held out: Q', 'held out: l', 'front']
for i in sorted(ids, key=lambda i: ([n for n, o in enumerate(order) if group(i).startswith(o)][0], i)):
    r = points[i]
    cells = ['%+.0f → %+.0f %%' % (100 * err(i, 1.0, k), 100 * err(i, best, k)) for k in ('ttft', 'itl', 'rps')]
    print('| %s | %s | %s · %s | %.0f | %s |' % (i, group(i), r['engine'], r['dtype'], float(r['input_len_mean']), ' | '.join(cells)))
print()
for g in sorted({group(i) for i in ids}):
    members = [i for i in ids if group(i) == g]
    for k in ('ttft', 'itl', 'rps'):
        a = sorted(abs(err(i, 1.0, k)) for i in members); b = sorted(abs(err(i, best, k)) for i in members)
        med = lambda x: x[len(x) // 2] if len(x) % 2 else (x[len(x) // 2 - 1] + x[len(x) // 2]) / 2
        print('- %s, %s: median absolute error %.0f %% → %.0f %% (%d runs)' % (g, k, 100 * med(a), 100 * med(b), len(members)))
shutil.rmtree(tmp)
