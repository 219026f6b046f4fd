#!/usr/bin/env python3
"""Measures kernel times and power on one NVIDIA H200 with PyTorch, at the shapes of simserve's
model presets, with random weights. Run once on a lent GPU machine (see data/kernels/h200-own/
README.md for the run that produced the committed files); nothing in the tests or CI runs it.

    PYTHONUNBUFFERED=1 python3 scripts/device/measure-h200.py OUTDIR [--budget SECONDS]

Writes, each row as soon as it is measured (a section that runs out of its time share stops
and the next one starts):
  env.txt                 GPU, driver, clocks, power limit, library versions, measured ceilings
  gemm.csv                aiconfigurator's aic_gemm.csv layout: bf16 (cuBLAS via F.linear) and
                          fp8 e4m3 with per-tensor scales (torch._scaled_mm), weights cold in L2
  decode_attention.csv    aic_decode_attention.csv layout: SDPA, one query token per sequence
  prefill_attention.csv   aic_prefill_attention.csv layout: SDPA, causal, batch 1
  layer_ops.csv           one layer's token-level ops per model shard and token count, in the
                          op names of a Vidur <model>.mlp.csv, eager and Inductor-compiled
  power.csv               aic_kernel_power.csv layout: NVML energy over sustained replays
  log.txt                 everything printed, with tracebacks of what failed

Timing: each op is captured REPS times into a CUDA graph (REPS chosen so a replay lasts ≥ 2 ms),
replayed 5 times between CUDA events; the median replay over REPS is the op's time. Weights and
KV caches rotate over enough copies that one replay reads ≥ 3× the 50 MB L2 (as serving reads
each layer's weights and KV once per step); elementwise ops run on the same tensors (as Vidur's
profiler runs them, warm).
"""
import argparse
import csv
import math
import os
import statistics
import subprocess
import sys
import threading
import time
import traceback

import torch
import torch.nn.functional as F

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--budget", type=float, default=320.0)
ap.add_argument("--quick", action="store_true", help="a few shapes per section (smoke test)")
ap.add_argument("--cpu", action="store_true", help="dry run of the control flow on the CPU (with --quick)")
ap.add_argument("--only", choices=["compiled", "steps", "power-windows"],  # fourth run: --only compiled again
                help="compiled: only the compiled elementwise ops and the warm-L2 GEMMs (second run); "
                     "steps: only whole Llama-3.1-8B steps with their sustained power (third run)")
args = ap.parse_args()
os.makedirs(args.out, exist_ok=True)
T0 = time.time()
LOG = open(os.path.join(args.out, "log.txt"), "w")


def log(*a):
    s = " ".join(str(x) for x in a)
    print(s, flush=True)
    LOG.write(s + "\n")
    LOG.flush()


DEV = torch.device("cpu" if args.cpu else "cuda")
if args.cpu:
    torch.cuda.synchronize = lambda *a: None
BF16 = torch.bfloat16
FP8 = torch.float8_e4m3fn
L2_BYTES = 50e6
GPU = "H200-SXM"
VERSION = torch.__version__


class Writer:
    def __init__(self, name, columns):
        self.f = open(os.path.join(args.out, name), "w", newline="")
        self.w = csv.writer(self.f)
        self.w.writerow(columns)
        self.f.flush()
        self.n = 0

    def row(self, *values):
        self.w.writerow(values)
        self.f.flush()
        self.n += 1


def copies_for(nbytes, cap=16):
    return int(min(cap, max(1, math.ceil(3 * L2_BYTES / max(nbytes, 1)))))


def bench_us(fn, target_ms=2.0, windows=5):
    """Median time of fn(i) in µs, fn captured REPS times (i = 0..REPS-1) in a CUDA graph."""
    if args.cpu:
        t = time.perf_counter()
        for i in range(3):
            fn(i)
        return (time.perf_counter() - t) / 3 * 1e6, 3
    torch.cuda.synchronize()
    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):
        for i in range(3):
            fn(i)
    torch.cuda.current_stream().wait_stream(side)
    torch.cuda.synchronize()
    s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    s.record()
    for i in range(5):
        fn(i)
    e.record()
    torch.cuda.synchronize()
    eager_ms = s.elapsed_time(e) / 5
    reps = int(min(256, max(2, math.ceil(target_ms / max(eager_ms, 1e-3)))))
    g = torch.cuda.CUDAGraph()
    with torch.cuda.graph(g):
        for i in range(reps):
            fn(i)
    g.replay()
    torch.cuda.synchronize()
    times = []
    for _ in range(windows):
        s.record()
        g.replay()
        e.record()
        torch.cuda.synchronize()
        times.append(s.elapsed_time(e) / reps)
    del g
    return statistics.median(times) * 1e3, reps


def section(name, share):
    """Deadline for a section: its share of what is left of the budget."""
    left = args.budget - (time.time() - T0)
    log(f"== {name}: {left:.0f} s of budget left, this section gets {share * left:.0f} s")
    return time.time() + share * left


def run_section(name, share, body):
    deadline = section(name, share)
    t = time.time()
    try:
        body(deadline)
    except Exception:
        log(f"!! section {name} failed:\n" + traceback.format_exc())
    torch.cuda.synchronize()
    torch.cuda.empty_cache()
    log(f"== {name} done in {time.time() - t:.1f} s")


# ---------------------------------------------------------------- environment and ceilings
def environment(_deadline):
    with open(os.path.join(args.out, "env.txt"), "w") as f:
        def put(k, v):
            f.write(f"{k}: {v}\n")
            log(f"{k}: {v}")
        put("date_utc", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
        put("torch", torch.__version__)
        put("cuda", torch.version.cuda)
        put("cudnn", torch.backends.cudnn.version())
        try:
            import triton
            put("triton", triton.__version__)
        except Exception as ex:
            put("triton", f"unavailable ({ex})")
        p = torch.cuda.get_device_properties(0)
        put("device", p.name)
        put("sms", p.multi_processor_count)
        put("memory_bytes", p.total_memory)
        put("l2_bytes", getattr(p, "L2_cache_size", "?"))
        try:
            q = subprocess.run(["nvidia-smi", "--query-gpu=driver_version,power.limit,power.default_limit,clocks.max.sm,"
                                "clocks.max.mem,clocks.sm,temperature.gpu,pstate", "--format=csv"],
                               capture_output=True, text=True, timeout=20)
            put("nvidia_smi", q.stdout.strip().replace("\n", " | "))
        except Exception as ex:
            put("nvidia_smi", f"failed ({ex})")
        # Ceilings: device-to-device copy (bytes read + written) and a large bf16 GEMM.
        a = torch.empty(2 * 1024**3, dtype=torch.uint8, device=DEV).random_(0, 255)
        b = torch.empty_like(a)
        us, _ = bench_us(lambda i: b.copy_(a), target_ms=5)
        put("copy_gbs_read_plus_write", round(2 * a.numel() / (us * 1e-6) / 1e9, 1))
        del a, b
        x = torch.randn(8192, 8192, dtype=BF16, device=DEV)
        w = torch.randn(8192, 8192, dtype=BF16, device=DEV)
        us, _ = bench_us(lambda i: torch.mm(x, w), target_ms=5)
        put("gemm_bf16_8192_tflops", round(2 * 8192**3 / (us * 1e-6) / 1e12, 1))


# ---------------------------------------------------------------- model shards
# (name, file stem, heads, kv_heads, hidden, ffn, vocab, tp) — Hugging Face configs of the presets.
MODELS = [
    ("llama-3.1-8b", "Meta-Llama-3-8B", 32, 8, 4096, 14336, 128256, 1),
    ("llama-3.1-70b", "Meta-Llama-3-70B", 64, 8, 8192, 28672, 128256, 1),
    ("llama-3.1-70b", "Meta-Llama-3-70B", 64, 8, 8192, 28672, 128256, 2),
    ("llama-3.1-70b", "Meta-Llama-3-70B", 64, 8, 8192, 28672, 128256, 4),
    ("llama-3.1-70b", "Meta-Llama-3-70B", 64, 8, 8192, 28672, 128256, 8),
    ("llama-2-7b", "Llama-2-7b-hf", 32, 32, 4096, 11008, 32000, 1),
    ("qwen2.5-32b", "Qwen2.5-32B", 40, 8, 5120, 27648, 152064, 1),
    ("qwen2.5-32b", "Qwen2.5-32B", 40, 8, 5120, 27648, 152064, 2),
]
D = 128


def linears(heads, kv_heads, hidden, ffn, tp):
    """(op name, n, k) of one layer's four GEMMs on one TP shard (n outputs, k inputs)."""
    return [("attn_pre_proj", (heads + 2 * kv_heads) * D // tp, hidden),
            ("attn_post_proj", hidden, heads * D // tp),
            ("mlp_up_proj", 2 * ffn // tp, hidden),
            ("mlp_down_proj", hidden, ffn // tp)]


GEMM_CACHE = {}


def gemm_us(m, n, k, fp8=False):
    key = (m, n, k, fp8)
    if key in GEMM_CACHE:
        return GEMM_CACHE[key]
    c = copies_for(n * k * (1 if fp8 else 2))
    ws = [torch.randn(n, k, dtype=BF16, device=DEV) * 0.02 for _ in range(c)]
    xs = [torch.randn(m, k, dtype=BF16, device=DEV) for _ in range(c)]
    note = ""
    if fp8:
        ws = [w.to(FP8) for w in ws]
        mp = m if m % 16 == 0 else ((m + 15) // 16) * 16
        xs = [torch.randn(mp, k, dtype=BF16, device=DEV).to(FP8) for _ in range(c)]
        one = torch.ones((), dtype=torch.float32, device=DEV)
        try:
            xm = [x[:m] for x in xs]
            torch._scaled_mm(xm[0], ws[0].t(), scale_a=one, scale_b=one, out_dtype=BF16)
            xs = xm
        except Exception:
            note = f"m padded to {mp}"
        fn = lambda i: torch._scaled_mm(xs[i % c], ws[i % c].t(), scale_a=one, scale_b=one, out_dtype=BF16)
    else:
        fn = lambda i: F.linear(xs[i % c], ws[i % c])
    us, reps = bench_us(fn)
    del ws, xs
    GEMM_CACHE[key] = (us, note)
    return us, note


# ---------------------------------------------------------------- GEMM table
GEMM_M = [1, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384]


def gemm_section(deadline):
    w = Writer("gemm.csv", ["gpu", "backend", "version", "dtype", "m", "n", "k", "latency_us", "tflops", "kernel_source", "note"])
    shapes = []
    for (_, _, h, kvh, hid, ffn, vocab, tp) in MODELS:
        for (_, n, k) in linears(h, kvh, hid, ffn, tp):
            if (n, k) not in shapes:
                shapes.append((n, k))
    ms = GEMM_M if not args.quick else [1, 64, 4096]
    if args.quick:
        shapes = shapes[:2]
    for fp8 in (False, True):
        for (n, k) in shapes:
            for m in ms:
                if time.time() > deadline:
                    log("gemm: out of time")
                    return
                try:
                    us, note = gemm_us(m, n, k, fp8)
                except Exception as ex:
                    log(f"gemm m={m} n={n} k={k} fp8={fp8} failed: {ex}")
                    continue
                w.row(GPU, "torch", VERSION, "fp8" if fp8 else "bf16", m, n, k, round(us, 3),
                      round(2 * m * n * k / (us * 1e-6) / 1e12, 2),
                      "torch._scaled_mm per-tensor" if fp8 else "F.linear (cuBLAS)", note)
        log(f"gemm fp8={fp8}: {w.n} rows so far")


# ---------------------------------------------------------------- attention tables
HEADS = [(32, 8), (64, 8), (16, 2), (8, 1), (40, 8), (32, 32)]


def check_attention(backend, gqa, causal=True):
    """Relative error of SDPA under `backend` against the math path, on a small random case."""
    from torch.nn.attention import sdpa_kernel, SDPBackend
    q = torch.randn(2, 8, 64 if causal else 4, D, dtype=BF16, device=DEV)
    k = torch.randn(2, 2 if gqa else 8, 64 if causal else 300, D, dtype=BF16, device=DEV)
    v = torch.randn_like(k)
    with sdpa_kernel(backend):
        o = F.scaled_dot_product_attention(q, k, v, is_causal=causal, enable_gqa=gqa)
    with sdpa_kernel(SDPBackend.MATH):
        r = F.scaled_dot_product_attention(q.double(), k.double(), v.double(), is_causal=causal, enable_gqa=gqa)
    return ((o.double() - r).norm() / r.norm()).item()


def decode_inputs(bs, L, qh, kh, c):
    """One query token per sequence, its q_heads/kv_heads group folded into the query length
    (q: [bs, kv_heads, group, D] against K, V: [bs, kv_heads, L, D], no mask): the same
    arithmetic as GQA decode, KV read once per KV head (what split-KV decode kernels do)."""
    g = qh // kh
    qs = [torch.randn(bs, g, kh, D, dtype=BF16, device=DEV).transpose(1, 2) for _ in range(c)]
    ks = [torch.randn(bs, L, kh, D, dtype=BF16, device=DEV).transpose(1, 2) for _ in range(c)]
    vs = [torch.randn(bs, L, kh, D, dtype=BF16, device=DEV).transpose(1, 2) for _ in range(c)]
    return qs, ks, vs


def decode_section(deadline):
    from torch.nn.attention import sdpa_kernel, SDPBackend
    w = Writer("decode_attention.csv", ["gpu", "backend", "version", "dtype", "kv_dtype", "batch", "kv_len", "q_heads",
                                        "kv_heads", "head_dim", "latency_us", "kv_bytes", "kv_read_gbps",
                                        "above_dram_peak", "kernel_source"])
    backends = [("torch-flash", SDPBackend.FLASH_ATTENTION), ("torch-cudnn", SDPBackend.CUDNN_ATTENTION),
                ("torch-efficient", SDPBackend.EFFICIENT_ATTENTION)]
    usable = []
    for name, b in backends:
        try:
            err = check_attention(b, False, causal=False)
            log(f"decode backend {name}: check rel err {err:.2e}")
            if err < 2e-2:
                usable.append((name, b))
        except Exception as ex:
            log(f"decode backend {name} unusable: {str(ex).splitlines()[0][:200]}")
    batches = [1, 8, 32, 64, 128, 256] if not args.quick else [8]
    lens = [128, 512, 1024, 2048, 4096, 8192, 16384] if not args.quick else [1024]
    heads = HEADS if not args.quick else HEADS[:1]
    for name, b in usable:
        for (qh, kh) in heads:
            for bs in batches:
                for L in lens:
                    if time.time() > deadline:
                        log("decode: out of time")
                        return
                    kv_bytes = 2 * bs * L * kh * D * 2
                    if kv_bytes > 6e9:
                        continue
                    c = copies_for(kv_bytes, cap=8)
                    try:
                        qs, ks, vs = decode_inputs(bs, L, qh, kh, c)

                        def fn(i):
                            with sdpa_kernel(b):
                                return F.scaled_dot_product_attention(qs[i % c], ks[i % c], vs[i % c])
                        us, _ = bench_us(fn)
                    except Exception as ex:
                        log(f"decode {name} b={bs} L={L} heads={qh}/{kh} failed: {str(ex).splitlines()[0][:200]}")
                        continue
                    finally:
                        qs = ks = vs = None
                    gbs = kv_bytes / (us * 1e-6) / 1e9
                    w.row(GPU, name, VERSION, "bf16", "bf16", bs, L, qh, kh, D, round(us, 3), kv_bytes, round(gbs, 1),
                          int(gbs > 4800), f"F.scaled_dot_product_attention {name}")
        log(f"decode {name}: {w.n} rows so far")


def prefill_section(deadline):
    from torch.nn.attention import sdpa_kernel, SDPBackend
    w = Writer("prefill_attention.csv", ["gpu", "backend", "version", "dtype", "kv_dtype", "batch", "seq_len", "q_heads",
                                         "kv_heads", "head_dim", "latency_us", "causal_tflops", "kernel_source"])
    backends = [("torch-flash", SDPBackend.FLASH_ATTENTION), ("torch-cudnn", SDPBackend.CUDNN_ATTENTION)]
    usable = []
    for name, b in backends:
        for gqa in (True, False):
            try:
                err = check_attention(b, gqa)
                log(f"prefill backend {name} gqa={gqa}: rel err {err:.2e}")
                if err < 2e-2:
                    usable.append((name, b, gqa))
                    break
            except Exception as ex:
                log(f"prefill backend {name} gqa={gqa} unusable: {str(ex).splitlines()[0][:200]}")
    lens = [256, 512, 1024, 2048, 4096, 8192, 16384, 32768] if not args.quick else [1024]
    heads = HEADS if not args.quick else HEADS[:1]
    for name, b, gqa in usable:
        for (qh, kh) in heads:
            for L in lens:
                if time.time() > deadline:
                    log("prefill: out of time")
                    return
                try:
                    q = torch.randn(1, L, qh, D, dtype=BF16, device=DEV).transpose(1, 2)
                    kv_heads_run = kh if gqa else qh
                    k = torch.randn(1, L, kv_heads_run, D, dtype=BF16, device=DEV).transpose(1, 2)
                    v = torch.randn(1, L, kv_heads_run, D, dtype=BF16, device=DEV).transpose(1, 2)

                    def fn(i):
                        with sdpa_kernel(b):
                            return F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=gqa)
                    us, _ = bench_us(fn)
                except Exception as ex:
                    log(f"prefill {name} L={L} heads={qh}/{kh} failed: {str(ex).splitlines()[0][:200]}")
                    continue
                finally:
                    q = k = v = None
                tf = 2 * qh * L * L * D / (us * 1e-6) / 1e12
                src = f"F.scaled_dot_product_attention {name}" + ("" if gqa else " (K/V expanded to q heads)")
                w.row(GPU, name, VERSION, "bf16", "bf16", 1, L, qh, kh, D, round(us, 3), round(tf, 1), src)
        log(f"prefill {name}: {w.n} rows so far")


# ---------------------------------------------------------------- one layer's token-level ops
def rms_norm_native(x, weight):
    xf = x.float()
    var = xf.pow(2).mean(-1, keepdim=True)
    return (xf * torch.rsqrt(var + 1e-6)).to(x.dtype) * weight


def silu_and_mul(x):
    d = x.shape[-1] // 2
    return F.silu(x[..., :d]) * x[..., d:]


def rope_neox(positions, q, k, cache):
    cos_sin = cache.index_select(0, positions)
    cos, sin = cos_sin.chunk(2, dim=-1)
    cos = cos.unsqueeze(-2)
    sin = sin.unsqueeze(-2)

    def rot(x):
        t = x.shape[0]
        x = x.view(t, -1, D)
        x1, x2 = x[..., : D // 2], x[..., D // 2:]
        return torch.cat((x1 * cos - x2 * sin, x2 * cos + x1 * sin), dim=-1).view(t, -1)
    return rot(q), rot(k)


def add(x, r):
    return x + r


def embedding(ids, table):
    return F.embedding(ids, table)


LAYER_T = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384]
ELEMENTWISE = ["emb", "input_layernorm", "attn_rope", "post_attention_layernorm", "mlp_act", "add"]


def layer_section(deadline):
    w = Writer("layer_ops.csv", ["variant", "model", "file_stem", "n_head", "n_kv_head", "n_embd", "n_expanded_embd",
                                 "vocab_size", "use_gated_mlp", "num_tokens", "num_tensor_parallel_workers", "op", "median_ms"])
    compiled = {}
    try:
        import torch._dynamo
        torch._dynamo.config.cache_size_limit = 64
        compiled = {"norm": torch.compile(rms_norm_native), "act": torch.compile(silu_and_mul),
                    "rope": torch.compile(rope_neox), "add": torch.compile(add)}
    except Exception as ex:
        log(f"torch.compile unavailable: {ex}")
    eager = {"norm": lambda x, wt: F.rms_norm(x, (x.shape[-1],), wt, 1e-6), "act": silu_and_mul, "rope": rope_neox,
             "add": add}
    models = MODELS if not args.quick else MODELS[:1]
    ts = LAYER_T if not args.quick else [1, 64, 4096]
    # GEMMs first (one variant: cuBLAS either way), then eager, then compiled elementwise.
    plan = [("gemm", None)] + [("eager", eager)] + ([("compiled", compiled)] if compiled else [])
    if args.only in ("compiled", "steps"):
        plan = [("compiled", compiled)]
    for variant, fns in plan:
        for (name, stem, h, kvh, hid, ffn, vocab, tp) in models:
            if variant == "compiled":
                # A fresh compile per model shard: its widths stay static, as vLLM compiles them
                # (only the token count is dynamic).
                torch._dynamo.reset()
                fns = {"norm": torch.compile(rms_norm_native), "act": torch.compile(silu_and_mul),
                       "rope": torch.compile(rope_neox), "add": torch.compile(add)}
            # Compiled: the first call at the largest batch budget a serving engine profiles with
            # (vLLM compiles at max_num_batched_tokens, 8192 by default), so Inductor's kernels are
            # tuned there, then the other token counts, T = 1 last (Dynamo specialises size 1).
            first = [t for t in ts if t == 8192] or ts[-1:]
            order = first + [t for t in ts if t > 1 and t not in first] + [t for t in ts if t == 1]
            for T in (ts if variant != "compiled" else order):
                if time.time() > deadline:
                    log(f"layer ops: out of time in {variant}")
                    return
                meta = [name, stem, h, kvh, hid, ffn, vocab, "True", T, tp]
                try:
                    if variant == "gemm":
                        for (op, n, k) in linears(h, kvh, hid, ffn, tp):
                            us, _ = gemm_us(T, n, k)
                            w.row("cublas", *meta, op, round(us * 1e-3, 6))
                        continue
                    x = torch.randn(T, hid, dtype=BF16, device=DEV)
                    r = torch.randn(T, hid, dtype=BF16, device=DEV)
                    wt = torch.randn(hid, dtype=BF16, device=DEV)
                    gate_up = torch.randn(T, 2 * ffn // tp, dtype=BF16, device=DEV)
                    q = torch.randn(T, h // tp * D, dtype=BF16, device=DEV)
                    k = torch.randn(T, max(1, kvh // tp) * D, dtype=BF16, device=DEV)
                    pos = torch.randint(0, 8192, (T,), device=DEV)
                    cache = torch.randn(8192, D, dtype=BF16, device=DEV)  # model dtype, as vLLM casts it
                    table = torch.randn(vocab // tp, hid, dtype=BF16, device=DEV)
                    ids = torch.randint(0, vocab // tp, (T,), device=DEV)
                    if variant == "compiled" and T > 1:
                        for t_ in (x, r, gate_up, q, k, pos, ids):
                            torch._dynamo.mark_dynamic(t_, 0)
                    ops = {"input_layernorm": lambda i: fns["norm"](x, wt),
                           "post_attention_layernorm": lambda i: fns["norm"](x, wt),
                           "mlp_act": lambda i: fns["act"](gate_up),
                           "attn_rope": lambda i: fns["rope"](pos, q, k, cache),
                           "add": lambda i: fns["add"](x, r),
                           "emb": lambda i: embedding(ids, table)}
                    measured = {}
                    for op in ELEMENTWISE:
                        if op == "post_attention_layernorm" and "input_layernorm" in measured:
                            measured[op] = measured["input_layernorm"]  # the same kernel on the same shape
                        elif op == "emb" and variant == "compiled":
                            continue  # one gather kernel either way: measured in the eager pass
                        else:
                            measured[op], _ = bench_us(ops[op])
                    for op, us in measured.items():
                        w.row(variant, *meta, op, round(us * 1e-3, 6))
                except Exception as ex:
                    log(f"layer {variant} {stem} tp={tp} T={T} failed: {str(ex).splitlines()[0][:300]}")
                finally:
                    x = r = gate_up = q = k = table = None
        log(f"layer ops {variant}: {w.n} rows so far")


# ---------------------------------------------------------------- power
def power_section(deadline):
    import pynvml
    pynvml.nvmlInit()
    hd = pynvml.nvmlDeviceGetHandleByIndex(0)
    limit = pynvml.nvmlDeviceGetEnforcedPowerLimit(hd) / 1000
    w = Writer("power.csv", ["gpu", "backend", "version", "kernel", "dtype", "shape", "latency_us", "tflops_or_gbps",
                             "metric", "power_w", "power_limit_w", "sm_clock_mhz", "temperature_c", "seconds"])

    def sustain(fn, seconds=2.5, settle=0.8):
        """Average power from NVML's energy counter while fn's graph replays back to back."""
        us, reps = bench_us(fn)
        g = torch.cuda.CUDAGraph()
        with torch.cuda.graph(g):
            for i in range(reps):
                fn(i)
        t_end = time.time() + settle
        while time.time() < t_end:
            g.replay()
            torch.cuda.synchronize()
        e0 = pynvml.nvmlDeviceGetTotalEnergyConsumption(hd)
        t0 = time.time()
        clocks = []
        while time.time() - t0 < seconds:
            for _ in range(4):
                g.replay()
            torch.cuda.synchronize()
            clocks.append(pynvml.nvmlDeviceGetClockInfo(hd, pynvml.NVML_CLOCK_SM))
        dt = time.time() - t0
        e1 = pynvml.nvmlDeviceGetTotalEnergyConsumption(hd)
        temp = pynvml.nvmlDeviceGetTemperature(hd, pynvml.NVML_TEMPERATURE_GPU)
        del g
        return us, (e1 - e0) / 1000 / dt, statistics.median(clocks), temp, dt

    # Idle draw after the GPU has been busy: 3 s of nothing.
    torch.cuda.synchronize()
    time.sleep(1.0)
    e0 = pynvml.nvmlDeviceGetTotalEnergyConsumption(hd)
    t0 = time.time()
    time.sleep(3.0)
    idle = (pynvml.nvmlDeviceGetTotalEnergyConsumption(hd) - e0) / 1000 / (time.time() - t0)
    w.row(GPU, "torch", VERSION, "idle", "", "", "", "", "", round(idle, 1), limit,
          pynvml.nvmlDeviceGetClockInfo(hd, pynvml.NVML_CLOCK_SM), pynvml.nvmlDeviceGetTemperature(hd, 0), 3.0)
    log(f"power idle: {idle:.1f} W (limit {limit} W)")
    from torch.nn.attention import sdpa_kernel, SDPBackend
    cases = []
    for (m, n, k) in [(8192, 8192, 8192), (4096, 28672, 4096), (512, 8192, 8192), (64, 28672, 4096), (16, 8192, 8192)]:
        cases.append(("gemm", (m, n, k)))
    for (bs, L, qh, kh) in [(128, 4096, 64, 8), (32, 8192, 32, 8), (256, 1024, 16, 2)]:
        cases.append(("decode_attention", (bs, L, qh, kh)))
    for (L, qh, kh) in [(8192, 32, 8), (4096, 64, 8)]:
        cases.append(("prefill_attention", (L, qh, kh)))
    if args.quick:
        cases = cases[:2]
    for kind, shape in cases:
        if time.time() > deadline:
            log("power: out of time")
            return
        try:
            if kind == "gemm":
                m, n, k = shape
                c = copies_for(n * k * 2)
                ws = [torch.randn(n, k, dtype=BF16, device=DEV) * 0.02 for _ in range(c)]
                xs = [torch.randn(m, k, dtype=BF16, device=DEV) for _ in range(c)]
                us, watts, clock, temp, dt = sustain(lambda i: F.linear(xs[i % c], ws[i % c]))
                value, metric = 2 * m * n * k / (us * 1e-6) / 1e12, "TFLOP/s"
                desc = f"m={m};n={n};k={k}"
            elif kind == "decode_attention":
                bs, L, qh, kh = shape
                c = copies_for(2 * bs * L * kh * D * 2, cap=8)
                qs, ks, vs = decode_inputs(bs, L, qh, kh, c)

                def fn(i):
                    with sdpa_kernel(SDPBackend.FLASH_ATTENTION):
                        return F.scaled_dot_product_attention(qs[i % c], ks[i % c], vs[i % c])
                us, watts, clock, temp, dt = sustain(fn)
                value, metric = 2 * bs * L * kh * D * 2 / (us * 1e-6) / 1e9, "KV GB/s"
                desc = f"b={bs};kv_len={L};q_heads={qh};kv_heads={kh};hd={D}"
            else:
                L, qh, kh = shape
                q = torch.randn(1, L, qh, D, dtype=BF16, device=DEV).transpose(1, 2)
                k = torch.randn(1, L, qh, D, dtype=BF16, device=DEV).transpose(1, 2)
                v = torch.randn(1, L, qh, D, dtype=BF16, device=DEV).transpose(1, 2)

                def fn(i):
                    with sdpa_kernel(SDPBackend.FLASH_ATTENTION):
                        return F.scaled_dot_product_attention(q, k, v, is_causal=True)
                us, watts, clock, temp, dt = sustain(fn)
                value, metric = 2 * qh * L * L * D / (us * 1e-6) / 1e12, "TFLOP/s"
                desc = f"b=1;seq_len={L};q_heads={qh};kv_heads={kh};hd={D}"
            w.row(GPU, "torch", VERSION, kind, "bf16", desc, round(us, 3), round(value, 2), metric, round(watts, 1), limit,
                  clock, temp, round(dt, 2))
            log(f"power {kind} {desc}: {us:.1f} us, {value:.1f} {metric}, {watts:.0f} W at {clock} MHz")
        except Exception as ex:
            log(f"power {kind} {shape} failed: {str(ex).splitlines()[0][:300]}")
        finally:
            ws = xs = qs = ks = vs = q = k = v = None
            torch.cuda.empty_cache()


def warm_gemm_section(deadline):
    """GEMMs whose weights fit in L2, timed on one weight copy (warm, as aiconfigurator times them)."""
    w = Writer("gemm_warm_l2.csv", ["gpu", "backend", "version", "dtype", "m", "n", "k", "latency_us", "tflops",
                                    "kernel_source", "note"])
    for (n, k) in [(6144, 4096), (4096, 4096), (3072, 4096), (4096, 2048), (2560, 8192), (8192, 2048), (1280, 8192),
                   (8192, 1024), (7168, 8192), (8192, 3584)]:
        for m in [1, 16, 64, 256]:
            if time.time() > deadline:
                return
            wt = torch.randn(n, k, dtype=BF16, device=DEV) * 0.02
            x = torch.randn(m, k, dtype=BF16, device=DEV)
            us, _ = bench_us(lambda i: F.linear(x, wt))
            w.row(GPU, "torch", VERSION, "bf16", m, n, k, round(us, 3), round(2 * m * n * k / (us * 1e-6) / 1e12, 2),
                  "F.linear (cuBLAS)", "warm L2: one weight copy")


class Llama8B:
    """Llama-3.1-8B's shapes with random bf16 weights, 32 distinct layers; one step in plain
    PyTorch (cuBLAS GEMMs, F.rms_norm, NeoX rotary, SDPA attention, residual adds, greedy
    argmax over the logits), for CUDA-graph capture."""
    H, HEADS, KV, F_, VOCAB, LAYERS = 4096, 32, 8, 14336, 128256, 32

    def __init__(self, layers=None):
        self.layers = layers or self.LAYERS
        r = lambda *shape: torch.randn(*shape, dtype=BF16, device=DEV) * 0.02
        self.emb = r(self.VOCAB, self.H)
        self.head = r(self.VOCAB, self.H)
        self.final_norm = torch.ones(self.H, dtype=BF16, device=DEV)
        self.w = [dict(qkv=r((self.HEADS + 2 * self.KV) * D, self.H), o=r(self.H, self.HEADS * D),
                       gu=r(2 * self.F_, self.H), down=r(self.H, self.F_),
                       n1=torch.ones(self.H, dtype=BF16, device=DEV), n2=torch.ones(self.H, dtype=BF16, device=DEV))
                  for _ in range(self.layers)]
        self.rope_cache = torch.randn(131072, D, dtype=BF16, device=DEV)

    def norm(self, x, w):
        return F.rms_norm(x, (self.H,), w, 1e-5)

    def decode_inputs(self, batch, ctx):
        self.ids = torch.randint(0, self.VOCAB, (batch,), device=DEV)
        self.pos = torch.full((batch,), ctx, device=DEV, dtype=torch.long)
        self.k_cache = [torch.randn(batch, ctx + 1, self.KV, D, dtype=BF16, device=DEV) for _ in range(self.layers)]
        self.v_cache = [torch.randn(batch, ctx + 1, self.KV, D, dtype=BF16, device=DEV) for _ in range(self.layers)]
        self.ctx = ctx

    def decode_step(self, _i=0):
        from torch.nn.attention import sdpa_kernel, SDPBackend
        b, g = self.ids.shape[0], self.HEADS // self.KV
        h = F.embedding(self.ids, self.emb)
        for l, w in enumerate(self.w):
            x = self.norm(h, w["n1"])
            qkv = F.linear(x, w["qkv"])
            q, k, v = qkv.split([self.HEADS * D, self.KV * D, self.KV * D], dim=-1)
            q, k = rope_neox(self.pos, q, k, self.rope_cache)
            self.k_cache[l][:, self.ctx] = k.view(b, self.KV, D)
            self.v_cache[l][:, self.ctx] = v.view(b, self.KV, D)
            qf = q.view(b, self.KV, g, D)
            with sdpa_kernel(SDPBackend.FLASH_ATTENTION):
                a = F.scaled_dot_product_attention(qf, self.k_cache[l].transpose(1, 2), self.v_cache[l].transpose(1, 2))
            h = h + F.linear(a.reshape(b, self.HEADS * D), w["o"])
            x = self.norm(h, w["n2"])
            h = h + F.linear(silu_and_mul(F.linear(x, w["gu"])), w["down"])
        return torch.argmax(F.linear(self.norm(h, self.final_norm), self.head), dim=-1)

    def prefill_inputs(self, tokens):
        from torch.nn.attention import SDPBackend
        self.ids = torch.randint(0, self.VOCAB, (tokens,), device=DEV)
        self.pos = torch.arange(tokens, device=DEV)
        for self.prefill_backend in (SDPBackend.CUDNN_ATTENTION, SDPBackend.FLASH_ATTENTION):
            try:
                self.prefill_step()
                break
            except RuntimeError as ex:
                log(f"prefill with {self.prefill_backend}: {str(ex).splitlines()[0][:120]}")
        log(f"prefill attention backend: {self.prefill_backend}")

    def prefill_step(self, _i=0):
        from torch.nn.attention import sdpa_kernel, SDPBackend
        t = self.ids.shape[0]
        h = F.embedding(self.ids, self.emb)
        for w in self.w:
            x = self.norm(h, w["n1"])
            q, k, v = F.linear(x, w["qkv"]).split([self.HEADS * D, self.KV * D, self.KV * D], dim=-1)
            q, k = rope_neox(self.pos, q, k, self.rope_cache)
            with sdpa_kernel(self.prefill_backend):
                a = F.scaled_dot_product_attention(q.view(1, t, self.HEADS, D).transpose(1, 2),
                                                   k.view(1, t, self.KV, D).transpose(1, 2),
                                                   v.reshape(1, t, self.KV, D).transpose(1, 2),
                                                   is_causal=True, enable_gqa=True)
            h = h + F.linear(a.transpose(1, 2).reshape(t, self.HEADS * D), w["o"])
            x = self.norm(h, w["n2"])
            h = h + F.linear(silu_and_mul(F.linear(x, w["gu"])), w["down"])
        return torch.argmax(F.linear(self.norm(h[-1:], self.final_norm), self.head), dim=-1)


def steps_section(deadline):
    """Whole Llama-3.1-8B steps on one GPU, captured in a CUDA graph: step time and the power
    sustained over ≥ 2.5 s of back-to-back steps (NVML energy counter)."""
    if not args.cpu:
        import pynvml
        pynvml.nvmlInit()
        hd = pynvml.nvmlDeviceGetHandleByIndex(0)
    w = Writer("steps.csv", ["gpu", "backend", "version", "model", "kind", "batch", "context", "tokens", "step_us",
                             "power_w", "sm_clock_mhz", "temperature_c", "seconds", "sustained_step_us"])
    m = Llama8B(layers=2 if args.quick else None)
    cases = [("decode", b, 1024) for b in (1, 8, 32, 64, 128, 256)] + [("decode", 64, 4096), ("decode", 16, 8192)]
    cases += [("prefill", 1, t) for t in (512, 2048, 8192)]
    if args.quick:
        cases = [("decode", 2, 64), ("prefill", 1, 64)]
    for kind, batch, n in cases:
        if time.time() > deadline:
            log("steps: out of time")
            return
        try:
            if kind == "decode":
                m.decode_inputs(batch, n)
                fn = m.decode_step
            else:
                m.prefill_inputs(n)
                fn = m.prefill_step
            us, _ = bench_us(fn, target_ms=20)
            if args.cpu:
                w.row(GPU, "torch", VERSION, "llama-3.1-8b", kind, batch, n, batch if kind == "decode" else n,
                      round(us, 1), "", "", "", "", "")
                continue
            g = torch.cuda.CUDAGraph()
            with torch.cuda.graph(g):
                fn()
            t_end = time.time() + 0.8
            while time.time() < t_end:
                g.replay()
                torch.cuda.synchronize()
            e0 = pynvml.nvmlDeviceGetTotalEnergyConsumption(hd)
            t0 = time.time()
            clocks = []
            replays = 0
            while time.time() - t0 < 2.5:
                for _ in range(8):
                    g.replay()
                replays += 8
                torch.cuda.synchronize()
                clocks.append(pynvml.nvmlDeviceGetClockInfo(hd, pynvml.NVML_CLOCK_SM))
            dt = time.time() - t0
            watts = (pynvml.nvmlDeviceGetTotalEnergyConsumption(hd) - e0) / 1000 / dt
            sustained_us = dt / replays * 1e6
            temp = pynvml.nvmlDeviceGetTemperature(hd, pynvml.NVML_TEMPERATURE_GPU)
            del g
            w.row(GPU, "torch", VERSION, "llama-3.1-8b", kind, batch, n, batch if kind == "decode" else n,
                  round(us, 1), round(watts, 1), statistics.median(clocks), temp, round(dt, 2), round(sustained_us, 1))
            log(f"step {kind} batch={batch} n={n}: {us:.0f} us (sustained {sustained_us:.0f} us), {watts:.0f} W "
                f"at {statistics.median(clocks)} MHz")
        except Exception:
            log(f"step {kind} batch={batch} n={n} failed:\n" + traceback.format_exc())
        finally:
            m.k_cache = m.v_cache = None
            torch.cuda.empty_cache()


def power_windows_section(deadline):
    """The same kernels replayed for windows of 0.05 to 3 s after 2 s idle: NVML's power reading
    at the window's end (what a per-op collector reads) against the energy counter's average
    over the window (what the sustained rows use)."""
    import pynvml
    from torch.nn.attention import sdpa_kernel, SDPBackend
    pynvml.nvmlInit()
    hd = pynvml.nvmlDeviceGetHandleByIndex(0)
    w = Writer("power_windows.csv", ["gpu", "kernel", "shape", "latency_us", "window_s", "idle_before_s",
                                     "nvml_power_usage_w", "energy_counter_w", "sm_clock_mhz"])
    qs, ks, vs = decode_inputs(32, 8192, 32, 8, 2)
    x = torch.randn(8192, 8192, dtype=BF16, device=DEV)
    wt = torch.randn(8192, 8192, dtype=BF16, device=DEV)
    gx = [torch.randn(16, 8192, dtype=BF16, device=DEV) for _ in range(4)]
    gw = [torch.randn(8192, 8192, dtype=BF16, device=DEV) for _ in range(4)]

    def attention(i):
        with sdpa_kernel(SDPBackend.FLASH_ATTENTION):
            return F.scaled_dot_product_attention(qs[i % 2], ks[i % 2], vs[i % 2])
    kernels = [("decode_attention", "b=32;kv_len=8192;q_heads=32;kv_heads=8;hd=128", attention),
               ("gemm", "m=8192;n=8192;k=8192", lambda i: torch.mm(x, wt)),
               ("gemm", "m=16;n=8192;k=8192", lambda i: F.linear(gx[i % 4], gw[i % 4]))]
    for kind, shape, fn in kernels:
        us, reps = bench_us(fn)
        g = torch.cuda.CUDAGraph()
        with torch.cuda.graph(g):
            for i in range(reps):
                fn(i)
        for window in (0.05, 0.2, 1.0, 3.0):
            if time.time() > deadline:
                log("power windows: out of time")
                return
            torch.cuda.synchronize()
            time.sleep(2.0)
            e0 = pynvml.nvmlDeviceGetTotalEnergyConsumption(hd)
            t0 = time.time()
            while time.time() - t0 < window:
                g.replay()
                torch.cuda.synchronize()
            dt = time.time() - t0
            usage = pynvml.nvmlDeviceGetPowerUsage(hd) / 1000
            e1 = pynvml.nvmlDeviceGetTotalEnergyConsumption(hd)
            clock = pynvml.nvmlDeviceGetClockInfo(hd, pynvml.NVML_CLOCK_SM)
            w.row(GPU, kind, shape, round(us, 3), round(dt, 3), 2.0, round(usage, 1), round((e1 - e0) / 1000 / dt, 1), clock)
            log(f"{kind} {shape} window {dt:.2f} s: NVML reading {usage:.0f} W, energy counter {(e1 - e0) / 1000 / dt:.0f} W")
        del g


if args.only == "power-windows":
    run_section("power windows", 1.0, power_windows_section)
    log(f"all done in {time.time() - T0:.1f} s")
    sys.exit(0)

if args.only == "steps":
    run_section("layer ops (compiled, bf16 rotary cache)", 0.4, layer_section)
    run_section("whole steps", 1.0, steps_section)
    log(f"all done in {time.time() - T0:.1f} s")
    sys.exit(0)

if args.only == "compiled":
    run_section("layer ops (compiled)", 0.85, layer_section)
    run_section("gemm warm L2", 1.0, warm_gemm_section)
    log(f"all done in {time.time() - T0:.1f} s")
    sys.exit(0)

run_section("environment", 0.08, environment)
run_section("layer ops", 0.34, layer_section)
run_section("decode attention", 0.30, decode_section)
run_section("gemm", 0.45, gemm_section)
run_section("prefill attention", 0.45, prefill_section)
run_section("power", 1.0, power_section)
log(f"all done in {time.time() - T0:.1f} s")
