#!/usr/bin/env python3
"""Fits the engine and kernel terms that a few published points fix on their own (VALIDATION.md,
"End to end"; AccelMark's and Lambda's), each on its fit points (TPOT or TTFT medians, or output
tokens/s for a run of every prompt at once), and prints the least-squares values:

- `per_sequence_overhead_us` of vLLM 0.7's V0 engine run in-process (AccelMark's runner:
  `AsyncLLMEngine` in the load generator's own Python process), 0-500 us;
- the same term for its offline runs (`LLM.generate` on the whole prompt list: no token
  streamed through an event loop), on the output tokens/s of one offline run, 0-500 us;
- `eager_decode_overhead_us` of SGLang 0.5 (host time of a decode step past its CUDA
  graphs), 0-20,000 us;
- the A100's `weight_only_compute_efficiency` (a hardware figure: the fraction of the 16-bit
  peak Marlin's weight-only GEMMs reach once compute-bound, at their 16-row tile), on the output
  tokens/s of one offline int8-weight run, 0.2-1.0;
- the A100's `weight_only_launch_us` (a hardware figure: Marlin's fixed time per kernel launch,
  which its K-stripes' serial reduction keeps above the launch; one launch up to 64 rows), on the TPOT medians of Lambda's two runs
  of 10 fp8 prompts at once at TP 8 (Llama-3.1-8B and -70B: the smallest shards), 0-60 us;
- the A100's `gptq_exllama_tflops` (a hardware figure: the FLOP/s of GPTQ's ExLlama fused
  kernel, up to 50 rows, which multiplies on the CUDA cores and adds into its output with atomics),
  on the output tokens/s of one offline int4-weight run loaded as `gptq` by name, 5-300 TFLOP/s;
- `request_overhead_ms` of vLLM 0.20's `AsyncLLM` in AccelMark's process (one request's path
  beyond the engine core's steps), on the TTFT medians of its two runs of one request at a time
  (A100-80GB, B200), 0-50 ms;
- the H100's `cublas_12_1_gemm.fp8_memory_efficiency` (a hardware figure: the fraction of HBM
  bandwidth the fp8 GEMMs of vLLM 0.5-0.6 reach while their weight read dominates), on the
  output tokens/s of Lambda's two runs of 80 fp8 prompts at once that pair its 16-bit fit points
  (Llama-3.1-8B on one H100, Llama-3.1-70B on two), 0.3-1.0.

Each point's scenario comes from `simserve validate serving --scenario`, so the fit sees
exactly what the validation simulates; only the one key is varied (golden-section search of
the summed squared relative error of the term's metric; the ± is the spread of each point's own
best value).
Usage: scripts/fit-point-terms.py [path/to/simserve]   (run from the repository root)
"""
import csv, json, math, os, shutil, statistics, subprocess, sys, tempfile

TERMS = [
    ("engine", "per_sequence_overhead_us", (0.0, 500.0), ["accelmark_a100-80gbx1_A_vllm07-q5", "accelmark_a100-80gbx1_A_vllm07-q25"], "tpot"),
    ("engine", "per_sequence_overhead_us", (0.0, 500.0), ["accelmark_a100-80gbx1_A_vllm07-offline"], "tokens_per_second"),
    ("engine", "eager_decode_overhead_us", (0.0, 20000.0), ["accelmark_a100-80gbx1_A_sglang05-q100"], "tpot"),
    ("hardware", "weight_only_launch_us", (0.0, 60.0),
     ["lambda_p10_a100_tp8_llama31-8b-fp8_len2000", "lambda_p10_a100_tp8_llama31-70b-fp8_len2000"], "tpot"),
    ("hardware", "weight_only_compute_efficiency", (0.2, 1.0), ["accelmark_a100-80gbx1_C-w8a16_vllm07-offline"], "tokens_per_second"),
    ("hardware", "gptq_exllama_tflops", (5.0, 300.0), ["accelmark_a100-80gbx1_C-w4a16_vllm07-offline"], "tokens_per_second"),
    ("engine", "request_overhead_ms", (0.0, 50.0), ["accelmark_a100-80gbx1_A_vllm020-c1", "accelmark_b200x1_A_vllm020-c1"], "ttft"),
    ("hardware", "cublas_12_1_gemm.fp8_memory_efficiency", (0.3, 1.0),
     ["lambda_p80_h100_tp1_llama31-8b-fp8_len2048", "lambda_p80_h100_tp2_llama31-70b-fp8_len2048"], "tokens_per_second"),
]
SIMSERVE = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/release/simserve")
DATA = os.path.abspath("data/serving")


def measured(point_id, metric):
    """The point's TPOT median (ms) or output tokens/s."""
    column = {"tpot": "tpot_median_ms", "ttft": "ttft_median_ms", "tokens_per_second": "output_tok_throughput"}[metric]
    with open(os.path.join(DATA, "points.csv"), newline="") as f:
        for row in csv.DictReader(f):
            if row["id"] == point_id:
                return float(row[column])
    raise SystemExit(f"no point {point_id}")


def golden(f, a, b, steps=24):
    r = (math.sqrt(5) - 1) / 2
    c, d = b - r * (b - a), a + r * (b - a)
    fc, fd = f(c), f(d)
    for _ in range(steps):
        if fc < fd:
            b, d, fd = d, c, fc
            c = b - r * (b - a)
            fc = f(c)
        else:
            a, c, fc = c, d, fd
            d = a + r * (b - a)
            fd = f(d)
    return (a + b) / 2


def main():
    work = tempfile.mkdtemp()
    try:
        for name in os.listdir(DATA):  # the length files, and the folders of request traces
            if name.endswith(".csv"):
                shutil.copy(os.path.join(DATA, name), work)
            elif os.path.isdir(os.path.join(DATA, name)):
                shutil.copytree(os.path.join(DATA, name), os.path.join(work, name))
        for table, key, (low, high), points, metric in TERMS:
            scenarios = {}
            for point in points:
                toml = subprocess.run([SIMSERVE, "validate", "serving", "--points", os.path.join(DATA, "points.csv"),
                                       "--scenario", point], check=True, capture_output=True, text=True).stdout
                path = os.path.join(work, point + ".toml")
                with open(path, "w") as f:
                    f.write(toml)
                scenarios[point] = (path, measured(point, metric))

            def simulated(path, value):
                """TPOT median (ms) as AccelMark's load generator takes it (`np.percentile(tpots, 50)`:
                the mean of the two middle requests of an even count, as `statistics.median`), over the
                requests the summary measures (completed, arrived after the warm-up); or output tokens /
                the run's duration as the benchmark counts it."""
                run_dir = os.path.join(work, "run")
                if table == "engine":
                    setting = f"engine.{key}={value}"
                else:  # the scenario's hardware preset, with the one figure laid over it
                    with open(path) as f:
                        gpu = next(line.split('"')[1] for line in f if line.startswith("hardware = "))
                    # a dotted key sets one field of a table the preset has (its other fields kept)
                    figure = " = { ".join(key.split(".")) + f" = {value}" + " }" * key.count(".")
                    setting = f'hardware={{ preset = "{gpu}", {figure} }}'
                out = subprocess.run([SIMSERVE, "run", path, "--out", run_dir, "--json", "--set", setting],
                                     check=True, capture_output=True, text=True, cwd=work).stdout
                with open(os.path.join(run_dir, "requests.csv")) as f:
                    records = list(csv.DictReader(f))
                if metric in ("tpot", "ttft"):
                    warmup = json.loads(out)["time"]["warmup_seconds"]
                    values = [float(r[metric]) for r in records
                              if r["outcome"] == "completed" and r[metric] and float(r["arrival"]) >= warmup]
                    return statistics.median(values) * 1e3
                tokens = sum(int(r["generated_tokens"]) for r in records)
                end = max(float(r["last_token"]) for r in records if r["last_token"])
                return tokens / end

            def error(value, subset):
                return sum(((simulated(scenarios[p][0], value) - scenarios[p][1]) / scenarios[p][1]) ** 2 for p in subset)

            best = golden(lambda v: error(v, points), low, high)
            own = [golden(lambda v, p=p: error(v, [p]), low, high) for p in points]
            mean = sum(own) / len(own)
            se = math.sqrt(sum((v - mean) ** 2 for v in own) / (len(own) - 1) / len(own)) if len(own) > 1 else 0.0
            unit = "tok/s" if metric == "tokens_per_second" else "ms"
            digits = 3 if table == "hardware" else 1
            for p, value in zip(points, own):
                print(f"{p}: measured {metric} {scenarios[p][1]:.2f} {unit}, simulated "
                      f"{simulated(scenarios[p][0], best):.2f} {unit}; own best {value:.{digits}f}")
            print(f"{key} = {best:.{digits}f} ± {se:.{digits}f}")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
