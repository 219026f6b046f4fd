#!/usr/bin/env python3
"""Derive the compact aic_*.csv subsets in this folder from NVIDIA aiconfigurator's
measured kernel tables (Apache-2.0). Needs pandas+pyarrow.

Usage: extract_aiconfigurator.py SRC_DIR OUT_DIR
SRC_DIR holds <gpu>/<op>/<backend>/<version>/*.parquet as laid out in the source repo
under aic-core/src/aiconfigurator_core/systems/data/ (see README.md for the commit).
All source latencies are milliseconds (mean over CUDA-graph replays); written here as microseconds.
"""
import sys, os
import pandas as pd

SRC, OUT = sys.argv[1], sys.argv[2]
GPU = {"h100_sxm": "H100-SXM", "h200_sxm": "H200-SXM", "a100_sxm": "A100-SXM", "b200_sxm": "B200-SXM", "l40s": "L40S"}
DT = {"bfloat16": "bf16", "float16": "fp16", "half": "fp16", "fp8": "fp8", "int8": "int8",
      "fp8_block": "fp8_block", "nvfp4": "nvfp4"}

def load(gpu, op, backend, ver, name):
    p = os.path.join(SRC, gpu, op, backend, ver, name + ".parquet")
    d = pd.read_parquet(p)
    d = d.drop(columns=[c for c in ("framework", "version", "device", "backend") if c in d.columns])
    d.insert(0, "gpu", GPU[gpu]); d.insert(1, "backend", backend); d.insert(2, "version", ver)
    return d

# ---------------- GEMM ----------------
GEMM_SRC = [("h100_sxm", "trtllm", "1.3.0rc20"), ("h100_sxm", "vllm", "0.24.0"),
            ("h200_sxm", "trtllm", "1.3.0rc20"), ("h200_sxm", "vllm", "0.24.0"),
            ("a100_sxm", "sglang", "0.5.10"), ("a100_sxm", "trtllm", "1.0.0"),
            ("b200_sxm", "trtllm", "1.3.0rc20"), ("b200_sxm", "vllm", "0.24.0"),
            ("l40s", "trtllm", "1.3.0rc20")]
M_KEEP = {1, 2, 4, 8, 16, 32, 48, 64, 96, 128, 160, 192, 256, 384, 512, 768, 1024, 1536, 2048,
          3072, 4096, 6144, 8192, 16384, 32768}
N_KEEP = {1024, 2048, 4096, 6144, 8192, 12288, 16384}
K_KEEP = {1024, 2048, 4096, 8192, 16384}
rows = []
for g, b, v in GEMM_SRC:
    d = load(g, "gemm", b, v, "gemm_perf")
    d = d[d.gemm_dtype.isin(["bfloat16", "fp8", "nvfp4"]) & d.n.isin(N_KEEP) & d.k.isin(K_KEEP)]
    d = d[d.m.isin(M_KEEP)]
    rows.append(d)
g = pd.concat(rows)
g["dtype"] = g.gemm_dtype.map(DT)
g["latency_us"] = (g.latency * 1000).round(3)
g["tflops"] = (2.0 * g.m * g.n * g.k / (g.latency_us * 1e-6) / 1e12).round(2)
g = g[["gpu", "backend", "version", "dtype", "m", "n", "k", "latency_us", "tflops", "kernel_source"]]
g.sort_values(["gpu", "backend", "dtype", "n", "k", "m"]).to_csv(os.path.join(OUT, "aic_gemm.csv"), index=False)

# ---------------- attention ----------------
ATT_SRC = [("h100_sxm", "trtllm", "1.3.0rc20"), ("h100_sxm", "vllm", "0.24.0"),
           ("h200_sxm", "trtllm", "1.3.0rc20"), ("h200_sxm", "vllm", "0.24.0"),
           ("a100_sxm", "trtllm", "1.0.0"), ("a100_sxm", "vllm", "0.14.0"),
           ("b200_sxm", "trtllm", "1.3.0rc20"), ("b200_sxm", "vllm", "0.24.0"),
           ("l40s", "trtllm", "1.3.0rc20")]
HEADS = {(64, 8), (32, 8), (32, 4), (16, 2), (8, 1), (32, 32)}
BYTES = {"bf16": 2, "fp16": 2, "fp8": 1}

def filt(d):
    if "window_size" in d:
        d = d[d.window_size == 0]
    d = d[(d.head_dim == 128) & (d.beam_width == 1)]
    return d[[(q, k) in HEADS for q, k in zip(d.num_heads, d.num_key_value_heads)]]

gen, ctx = [], []
for g_, b, v in ATT_SRC:
    gen.append(filt(load(g_, "attention", b, v, "generation_attention_perf")))
    ctx.append(filt(load(g_, "attention", b, v, "context_attention_perf")))

d = pd.concat(gen)
d["dtype"] = d.attn_dtype.map(DT); d["kv_dtype"] = d.kv_cache_dtype.map(DT)
d["latency_us"] = (d.latency * 1000).round(3)
d = d.rename(columns={"batch_size": "batch", "step": "kv_len", "num_heads": "q_heads", "num_key_value_heads": "kv_heads"})
kvb = d.kv_dtype.map(BYTES)
# K and V bytes that must be read for one decode step (one layer, this GPU's head shard)
d["kv_bytes"] = (2 * d.batch * d.kv_len * d.kv_heads * d.head_dim * kvb).astype("int64")
d["kv_read_gbps"] = (d.kv_bytes / (d.latency_us * 1e-6) / 1e9).round(1)
# published HBM peaks (GB/s): A100-SXM4-80GB 2039, H100-SXM5 3350, H200 4800, B200 8000, L40S 864 (GDDR6)
HBM = {"A100-SXM": 2039, "H100-SXM": 3350, "H200-SXM": 4800, "B200-SXM": 8000, "L40S": 864}
d["above_dram_peak"] = (d.kv_read_gbps > d.gpu.map(HBM)).astype(int)
d = d[["gpu", "backend", "version", "dtype", "kv_dtype", "batch", "kv_len", "q_heads", "kv_heads", "head_dim",
       "latency_us", "kv_bytes", "kv_read_gbps", "above_dram_peak", "kernel_source"]]
d.sort_values(["gpu", "backend", "kv_dtype", "q_heads", "kv_heads", "batch", "kv_len"]).to_csv(
    os.path.join(OUT, "aic_decode_attention.csv"), index=False)

d = pd.concat(ctx)
d["dtype"] = d.attn_dtype.map(DT); d["kv_dtype"] = d.kv_cache_dtype.map(DT)
d = d[d.dtype == d.kv_dtype]  # keep bf16/bf16 and fp8/fp8
d["latency_us"] = (d.latency * 1000).round(3)
d = d.rename(columns={"batch_size": "batch", "isl": "seq_len", "num_heads": "q_heads", "num_key_value_heads": "kv_heads"})
# causal self-attention FLOPs (QK^T + PV, half of the square): 2*b*h*s^2*d
d["causal_tflops"] = (2.0 * d.batch * d.q_heads * d.seq_len.astype(float) ** 2 * d.head_dim / (d.latency_us * 1e-6) / 1e12).round(2)
d = d[["gpu", "backend", "version", "dtype", "kv_dtype", "batch", "seq_len", "q_heads", "kv_heads", "head_dim",
       "latency_us", "causal_tflops", "kernel_source"]]
d.sort_values(["gpu", "backend", "dtype", "q_heads", "kv_heads", "batch", "seq_len"]).to_csv(
    os.path.join(OUT, "aic_prefill_attention.csv"), index=False)

# ---------------- all-reduce (custom + NCCL) ----------------
AR_SRC = [("h100_sxm", "trtllm", "1.3.0rc20"), ("h100_sxm", "vllm", "0.24.0"), ("h100_sxm", "sglang", "0.5.14"),
          ("h200_sxm", "trtllm", "1.3.0rc20"), ("h200_sxm", "vllm", "0.24.0"), ("h200_sxm", "sglang", "0.5.14"),
          ("a100_sxm", "trtllm", "1.0.0"), ("a100_sxm", "vllm", "0.14.0"), ("a100_sxm", "sglang", "0.5.10"),
          ("b200_sxm", "trtllm", "1.3.0rc20"), ("b200_sxm", "vllm", "0.24.0"), ("b200_sxm", "sglang", "0.5.14"),
          ("l40s", "trtllm", "1.3.0rc20"), ("l40s", "vllm", "0.22.0"), ("l40s", "sglang", "0.5.14")]
NCCL_SRC = [("h100_sxm", "2.29.2"), ("h200_sxm", "2.29.2"), ("a100_sxm", "2.27.3"), ("b200_sxm", "2.29.2"), ("l40s", "2.27.3")]
rows = []
for g_, b, v in AR_SRC:
    d = load(g_, "comm", b, v, "custom_allreduce_perf")
    d["algorithm"] = "custom"
    d["variant"] = d.kernel_source
    d["bytes"] = d.message_size * d.allreduce_dtype.map({"bfloat16": 2, "float16": 2})
    d["dtype"] = d.allreduce_dtype.map(DT)
    rows.append(d)
for g_, v in NCCL_SRC:
    d = load(g_, "comm", "nccl", v, "nccl_perf")
    d = d[d.op_name == "all_reduce"].copy()
    d["algorithm"] = "nccl"; d["variant"] = "nccl-tests all_reduce_perf"
    d["bytes"] = d.message_size * d.nccl_dtype.map({"half": 2, "int8": 1})
    d["dtype"] = d.nccl_dtype.map(DT)
    rows.append(d)
d = pd.concat(rows)
d["latency_us"] = (d.latency * 1000).round(3)
d["gpus"] = d.num_gpus
d["busbw_gbps"] = (2.0 * (d.gpus - 1) / d.gpus * d.bytes / (d.latency_us * 1e-6) / 1e9).round(2)
d = d[["gpu", "algorithm", "backend", "version", "variant", "dtype", "gpus", "bytes", "latency_us", "busbw_gbps"]]
d.sort_values(["gpu", "algorithm", "backend", "variant", "dtype", "gpus", "bytes"]).to_csv(os.path.join(OUT, "aic_allreduce.csv"), index=False)

# other NCCL collectives (all_gather, reduce_scatter, alltoall), same sources
rows = []
for g_, v in NCCL_SRC:
    d = load(g_, "comm", "nccl", v, "nccl_perf")
    d = d[d.op_name != "all_reduce"].copy()
    d["bytes"] = d.message_size * d.nccl_dtype.map({"half": 2, "int8": 1})
    d["dtype"] = d.nccl_dtype.map(DT)
    rows.append(d)
d = pd.concat(rows)
d["latency_us"] = (d.latency * 1000).round(3)
d = d.rename(columns={"num_gpus": "gpus", "op_name": "collective"})
d = d[["gpu", "version", "collective", "dtype", "gpus", "bytes", "latency_us"]]
d.sort_values(["gpu", "collective", "dtype", "gpus", "bytes"]).to_csv(os.path.join(OUT, "aic_nccl_other_collectives.csv"), index=False)

# ---------------- MoE (fused expert layer) ----------------
MOE_SRC = [("h100_sxm", "trtllm", "1.3.0rc20"), ("h200_sxm", "trtllm", "1.3.0rc20"), ("a100_sxm", "trtllm", "1.0.0"),
           ("b200_sxm", "trtllm", "1.3.0rc20"), ("h100_sxm", "vllm", "0.24.0"), ("a100_sxm", "vllm", "0.14.0")]
rows = []
for g_, b, v in MOE_SRC:
    d = load(g_, "moe", b, v, "moe_perf")
    # Mixtral-8x7B/8x22B-like (8 experts top-2) and Qwen3-30B-A3B/235B-A22B-like (128 experts top-8)
    keep = ((d.num_experts == 8) & (d.topk == 2)) | ((d.num_experts == 128) & (d.topk == 8))
    keep &= (d.hidden_size != 2816) & (d.moe_tp_size * d.moe_ep_size <= 8)
    d = d[keep & d.moe_dtype.isin(["bfloat16", "fp8"]) & d.distribution.isin(["balanced", "power_law_1.01"])]
    rows.append(d)
d = pd.concat(rows)
d["dtype"] = d.moe_dtype.map(DT)
d["latency_us"] = (d.latency * 1000).round(3)
d = d[["gpu", "backend", "version", "dtype", "num_tokens", "hidden_size", "inter_size", "topk", "num_experts",
       "moe_tp_size", "moe_ep_size", "distribution", "latency_us", "kernel_source"]]
d.sort_values(["gpu", "backend", "dtype", "num_experts", "hidden_size", "inter_size", "moe_tp_size", "moe_ep_size",
               "distribution", "num_tokens"]).to_csv(os.path.join(OUT, "aic_moe.csv"), index=False)

# ---------------- kernel power (the only tables with a power column) ----------------
rows = []
for g_, b, v in [("h200_sxm", "vllm", "0.22.0"), ("b200_sxm", "vllm", "0.22.0")]:
    d = load(g_, "gemm", b, v, "gemm_perf")
    d = d[(d.gemm_dtype == "bfloat16") & d.n.isin(N_KEEP) & d.k.isin(K_KEEP) & d.m.isin(M_KEEP)].copy()
    d["kernel"] = "gemm"; d["shape"] = "m=" + d.m.astype(str) + ";n=" + d.n.astype(str) + ";k=" + d.k.astype(str)
    d["tflops_or_gbps"] = (2.0 * d.m * d.n * d.k / (d.latency * 1e-3) / 1e12).round(2); d["metric"] = "TFLOP/s"
    d["dtype"] = "bf16"; rows.append(d)
    d = filt(load(g_, "attention", b, v, "generation_attention_perf"))
    d = d[d.kv_cache_dtype == "bfloat16"].copy()
    d["kernel"] = "decode_attention"
    d["shape"] = ("b=" + d.batch_size.astype(str) + ";kv_len=" + d.step.astype(str) + ";q_heads=" + d.num_heads.astype(str)
                  + ";kv_heads=" + d.num_key_value_heads.astype(str) + ";hd=128")
    d["tflops_or_gbps"] = (2 * d.batch_size * d.step * d.num_key_value_heads * 128 * 2 / (d.latency * 1e-3) / 1e9).round(1)
    d["metric"] = "KV GB/s"; d["dtype"] = "bf16"; rows.append(d)
    d = filt(load(g_, "attention", b, v, "context_attention_perf"))
    d = d[(d.kv_cache_dtype == "bfloat16") & (d.attn_dtype == "bfloat16")].copy()
    d["kernel"] = "prefill_attention"
    d["shape"] = ("b=" + d.batch_size.astype(str) + ";seq_len=" + d.isl.astype(str) + ";q_heads=" + d.num_heads.astype(str)
                  + ";kv_heads=" + d.num_key_value_heads.astype(str) + ";hd=128")
    d["tflops_or_gbps"] = (2.0 * d.batch_size * d.num_heads * d.isl.astype(float) ** 2 * 128 / (d.latency * 1e-3) / 1e12).round(2)
    d["metric"] = "causal TFLOP/s"; d["dtype"] = "bf16"; rows.append(d)
d = pd.concat(rows)
d = d[d.power.notna()]
d["latency_us"] = (d.latency * 1000).round(3)
d["power_w"] = d.power.round(1); d["power_limit_w"] = d.power_limit.round(0)
d = d[["gpu", "backend", "version", "kernel", "dtype", "shape", "latency_us", "tflops_or_gbps", "metric", "power_w", "power_limit_w"]]
d.to_csv(os.path.join(OUT, "aic_kernel_power.csv"), index=False)
