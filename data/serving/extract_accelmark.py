#!/usr/bin/env python3
"""Derive the `accelmark` rows of points.csv and accelmark_sharegpt300.csv from
FreedomIntelligence/AccelMark (Apache-2.0), branch B200, commit
a2ec8f6fe9fbd52a8d4ae24e51936a09001faf4a (see README.md, source `accelmark`).

Usage: extract_accelmark.py REPO_GIT_DIR OUT_DIR
REPO_GIT_DIR is a clone (or bare mirror) holding that commit. Prints nothing on success;
writes OUT_DIR/accelmark_points.csv (rows in points.csv's columns, to append) and
OUT_DIR/accelmark_prompts_{llama3,mixtral}.csv (the first 300 prompts as the engines counted
them, derived below).

Taken: the `online` (Poisson, `target_qps`), `interactive` (one request at a time) and
`offline` (the first 100 prompts handed to the engine at once) scenarios of suites A
(Meta-Llama-3-8B-Instruct), B (Meta-Llama-3-70B-Instruct), G (Mixtral-8x7B-Instruct-v0.1),
all BF16, and C (Llama-3.1-8B-Instruct in BF16, FP8 (weights and activations), W8A16 and W4A16
(GPTQ), weight-only), on the NVIDIA data-center GPUs simserve has presets for (H100-SXM, H200,
A100-SXM4-40GB/80GB, B200, L4). Figures copied as published: TTFT p50 and TPOT p50 (per
request (total - TTFT) / (output - 1)), ms; offline output tokens/s at the largest client
concurrency (128: all 100 at once).
Derived (README.md, source `accelmark`): the runner applies the model's chat template and
the model's tokenizer counts the prompt, so the engine sees more tokens than the dataset's
`input_tokens` (Llama-3 tokenizer, raw prompt). Each `offline` result (the first 100 prompts,
greedy, EOS, at most 512 new tokens) gives the mean output per request as output tokens/s x
elapsed / 100, and its input per request as that x (total - output) / output tokens/s:
- Llama-3-8B on one H100 (nvidia_h100_80gb_hbm3x1_suite_A_..._831c95a7): 5128.31 x 6.7 / 100 =
  343.6 out; input 343.6 x (8934.81 - 5128.31) / 5128.31 = 255.0 against the dataset's 245.4:
  +10 tokens (the template; Llama-3-70B shares the tokenizer and template).
- Mixtral on 8 A100-40GB (nvidia_a100_sxm4_40gbx8_suite_G_..._08de2dc2): the run's total-based
  ratio says 281.8 out per 245.4 dataset tokens, its elapsed-based output 350.5 per request,
  so the engine's prompts are 350.5 / 281.8 = 1.244 x the dataset's counts (another tokenizer).
- Llama-3.1-8B (suite C, BF16): 358.9 out on one H100 with 312.8 by the total-based ratio ->
  the engine's prompt 245.4 x 358.9 / 312.8 = 281.6 (B200 283.6, A100-80GB V1 282.2): +37
  (Llama-3.1's template adds a system header).
- output_len_mean: the mean over a suite's (and precision's) offline runs, every GPU, of the
  elapsed-based output per request (suite A 343-352, B 343-350 but H200 365, G 329-351).
input_len_mean = the first N prompts' mean count (N = the scenario's request count), +10 for
Llama-3, x 1.244 for Mixtral, +37 for Llama-3.1.
SGLang's streaming scenarios (`online`, `interactive`) stop every answer at 224 new tokens: its
runner (runners/nvidia_sglang_c43a8309/runner.py, `inference_fn_streaming`) lowers any
`max_new_tokens` above 224 to 224; its offline scenario keeps 512. Their rows say
`eos_capped[512/224]` (the same answers as under 512, cut at 224; output_len_mean stays the
mean under 512). The published interactive runs agree: 150 (suite A) or 50 (B, G) requests one
at a time take elapsed / n - TTFT p50 = (output - 1) x TPOT p50 for outputs of 195, 188 and
198 tokens on A100s (vLLM 0.20's suite-A run: 351).
"""
import json, os, statistics, subprocess, sys

COMMIT = "a2ec8f6fe9fbd52a8d4ae24e51936a09001faf4a"
REPO, OUT = sys.argv[1], sys.argv[2]

def git(*args):
    return subprocess.run(["git", "-C", REPO, *args], capture_output=True, text=True, check=True).stdout

def show(path):
    return git("show", f"{COMMIT}:{path}")

GPUS = {"nvidia_h100_80gb_hbm3": "h100-sxm", "nvidia_h200": "h200", "nvidia_a100_sxm4_40gb": "a100-40gb",
        "nvidia_a100_sxm4_80gb": "a100-80gb", "nvidia_b200": "b200", "nvidia_l4": "l4"}
# suite: model, online / interactive / offline requests, prompt file, prompt (offset, scale)
SUITES = {"suite_A": ("meta-llama/Meta-Llama-3-8B-Instruct", 300, 150, 100, "llama3", (10, 1.0)),
          "suite_B": ("meta-llama/Meta-Llama-3-70B-Instruct", 200, 50, 100, "llama3", (10, 1.0)),
          "suite_G": ("mistralai/Mixtral-8x7B-Instruct-v0.1", 300, 50, 100, "mixtral", (0, 1.244)),
          "suite_C": ("meta-llama/Llama-3.1-8B-Instruct", 300, 50, 100, "llama31", (37, 1.0))}
# AccelMark's precision -> points.csv dtype (int8 / int4: weight-only, as simserve models them).
DTYPES = {"BF16": "bf16", "FP8": "fp8", "W8A16": "int8", "W4A16": "int4"}
COLUMNS = ("id,engine,engine_version,gpu,model,tp,dtype,max_num_seqs,max_num_batched_tokens,chunked_prefill,"
           "prefix_caching,dataset,input_len_mean,output_len_mean,input_len_dist,output_len_dist,arrival,rate_rps,"
           "num_prompts,ttft_mean_ms,ttft_median_ms,ttft_p99_ms,tpot_mean_ms,tpot_median_ms,itl_mean_ms,"
           "itl_median_ms,e2e_mean_ms,e2e_median_ms,req_throughput_rps,output_tok_throughput,source_id").split(",")

prompts = [json.loads(l) for l in show("datasets/sharegpt_standard_v1/requests.jsonl").split("\n") if l.strip()]
inputs = [p["input_tokens"] for p in prompts]
# The prompts the engines saw (the first 300; see above), one file per tokenizer; the decode
# column is the runs' max_tokens (512), not an output length.
for name, (offset, scale) in (("llama3", (10, 1.0)), ("mixtral", (0, 1.244)), ("llama31", (37, 1.0))):
    with open(os.path.join(OUT, f"accelmark_prompts_{name}.csv"), "w") as f:
        f.write("arrived_at,num_prefill_tokens,num_decode_tokens\n")
        for n in inputs[:300]:
            f.write(f"0.0,{round(n * scale) + offset},512\n")

def runs():
    """(path parts, scenario, precision folder or None, result) of every result taken."""
    for path in sorted(git("ls-tree", "-r", "--name-only", COMMIT).split()):
        parts = path.split("/")
        # results/{verified,community}/<run>/[<precision>/]<scenario>/result.json
        if parts[0] != "results" or parts[-1] != "result.json" or len(parts) not in (5, 6):
            continue
        scenario = parts[-2]
        if scenario not in ("online", "interactive", "offline"):
            continue
        run = parts[2]
        head, _, rest = run.partition("_suite_")
        chip, _, count = head.rpartition("x")
        suite = "suite_" + rest.split("_")[0]
        if chip not in GPUS or suite not in SUITES:
            continue
        o = json.loads(show(path))
        if o["model"]["precision"] not in DTYPES:
            continue
        yield run, chip, count, suite, scenario, o

results = list(runs())

def largest_concurrency(o):
    return max(o["metrics"]["offline"]["results_by_concurrency"], key=lambda r: r["client_concurrency"])

# Mean output per request of each suite and precision, over its offline runs (see above).
outputs = {}
for run, chip, count, suite, scenario, o in results:
    if scenario == "offline":
        r = largest_concurrency(o)
        outputs.setdefault((suite, o["model"]["precision"]), []).append(
            r["throughput_tokens_per_sec"] * r["elapsed_seconds_median"] / SUITES[suite][3])
output_means = {k: round(statistics.mean(v)) for k, v in outputs.items()}

rows = []
for run, chip, count, suite, scenario, o in results:
    model, online_n, interactive_n, offline_n, prompt_file, (offset, scale) = SUITES[suite]
    precision = o["model"]["precision"]
    def input_mean(n):
        return f"{statistics.mean(inputs[:n]) * scale + offset:.1f}"
    engine = o["software"]["framework"].lower()
    version = o["software"]["framework_version"]
    tp = o["task"]["parallelism"]["tensor_parallel_size"]
    base = dict.fromkeys(COLUMNS, "")
    base.update(engine=engine, engine_version=version, gpu=GPUS[chip], model=model, tp=str(tp),
                dtype=DTYPES[precision], dataset="sharegpt_standard_v1",
                output_len_mean=str(output_means[(suite, precision)]),
                input_len_dist="accelmark_prompts_" + prompt_file, output_len_dist="eos_capped[512]",
                source_id="accelmark")
    letter = rest = suite.split("_")[1]
    short = (f"accelmark_{GPUS[chip]}x{count}_{letter}"
             + ("" if precision == "BF16" else "-" + precision.lower())
             + f"_{engine}{version.split('.')[0]}{version.split('.')[1]}")
    if engine == "sglang" and scenario in ("online", "interactive"):
        base["output_len_dist"] = "eos_capped[512/224]"
    if scenario == "online":
        for q in o["metrics"]["online"]["results_by_qps"]:
            if q.get("ttft_ms_p50") is None:
                continue
            r = dict(base)
            r.update(id=f"{short}-q{q['target_qps']}", arrival="poisson", rate_rps=str(q["target_qps"]),
                     num_prompts=str(online_n), input_len_mean=input_mean(online_n),
                     ttft_median_ms=str(q["ttft_ms_p50"]), ttft_p99_ms=str(q["ttft_ms_p99"]),
                     tpot_median_ms=str(q["tpot_ms_p50"]))
            rows.append(r)
    elif scenario == "interactive":
        m = o["metrics"]["interactive"]
        if m.get("ttft_ms_p50") is None:
            continue
        r = dict(base)
        r.update(id=f"{short}-c1", arrival="concurrency=1", num_prompts=str(interactive_n),
                 input_len_mean=input_mean(interactive_n),
                 ttft_median_ms=str(m["ttft_ms_p50"]), ttft_p99_ms=str(m["ttft_ms_p99"]),
                 tpot_median_ms=str(m["tpot_ms_p50"]))
        rows.append(r)
    else:
        c = largest_concurrency(o)
        if c.get("oom"):
            continue
        r = dict(base)
        r.update(id=f"{short}-offline", arrival="all-at-once", rate_rps="inf", num_prompts=str(offline_n),
                 input_len_mean=input_mean(offline_n), output_tok_throughput=str(c["throughput_tokens_per_sec"]))
        rows.append(r)

with open(os.path.join(OUT, "accelmark_points.csv"), "w") as f:
    for r in rows:
        f.write(",".join(r[c] for c in COLUMNS) + "\n")
