#!/usr/bin/env python3
"""Writes data/kernels/h200-own/layer_ops.csv (one row per model shard, token count and op) as
Vidur-layout <model>.mlp.csv files, one folder per elementwise variant, so that simserve's
`validate ops`, `validate tp-scaling` and `calibrate --from … --elementwise` read them as they
read Vidur's A100 profile:

  layer-ops-compiled/  GEMMs (cuBLAS) + Inductor-compiled elementwise ops (what vLLM V1 runs
                       under torch.compile) + the embedding gather (one kernel either way)
  layer-ops-eager/     GEMMs (cuBLAS) + PyTorch eager elementwise ops

Only `time_stats.<op>.median` (ms) and the shape columns are written (what the readers use).
Usage: python3 scripts/device/layer-ops-to-vidur.py data/kernels/h200-own
"""
import csv
import os
import sys
from collections import OrderedDict

root = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(root, "layer_ops.csv"))))
SHAPE = ["n_head", "n_kv_head", "n_embd", "n_expanded_embd", "vocab_size", "use_gated_mlp", "num_tokens",
         "num_tensor_parallel_workers"]
OPS = ["emb", "input_layernorm", "attn_pre_proj", "attn_rope", "attn_post_proj", "post_attention_layernorm",
       "mlp_up_proj", "mlp_act", "mlp_down_proj", "add"]
for variant in ("compiled", "eager"):
    # (stem, tp, tokens) -> {op: ms}
    table = OrderedDict()
    for r in rows:
        if r["variant"] not in ("cublas", variant) and not (r["variant"] == "eager" and r["op"] == "emb"):
            continue
        key = (r["file_stem"], int(r["num_tensor_parallel_workers"]), int(r["num_tokens"]))
        entry = table.setdefault(key, {"shape": {c: r[c] for c in SHAPE}, "ops": {}})
        entry["ops"][r["op"]] = r["median_ms"]
    out = os.path.join(root, f"layer-ops-{variant}")
    os.makedirs(out, exist_ok=True)
    for stem in OrderedDict.fromkeys(k[0] for k in table):
        keys = sorted(k for k in table if k[0] == stem)
        with open(os.path.join(out, f"{stem}.mlp.csv"), "w", newline="") as f:
            w = csv.writer(f)
            w.writerow([f"time_stats.{op}.median" for op in OPS] + SHAPE)
            for k in keys:
                e = table[k]
                w.writerow([e["ops"].get(op, "") for op in OPS] + [e["shape"][c] for c in SHAPE])
        print(f"{out}/{stem}.mlp.csv: {len(keys)} rows")
