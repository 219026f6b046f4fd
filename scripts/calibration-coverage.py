#!/usr/bin/env python3
"""How often `simserve calibrate --from-serving` brackets the truth with the error it reports.

The engine of Tests/TestSupport/ServingRecoveryCheck.swift (vLLM preset on one H100, Llama-2-7B,
100 requests of 100 + 200 tokens per stage, Poisson arrivals at 2, 8 and 14 req/s) with known
terms (900 µs per iteration, 25 µs per running sequence, 30 ms per request) is simulated at each
seed — every seed is one sample of the benchmark, with its own sampling noise —, written as a
`vllm bench serve --save-result` file, and calibrated on the 2 and 14 req/s stages. For a sound
standard error, about 68 / 95 / 99.7 % of the fitted terms lie within 1 / 2 / 3 of them of the
truth. Prints a Markdown table (and the per-seed fits with --verbose).

usage: calibration-coverage.py SIMSERVE FIRST_SEED LAST_SEED [--verbose]
"""
import json, math, os, re, subprocess, sys, tempfile

# The deployment of the recovery test, read from its Swift source so that the two cannot drift.
_SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "TestSupport", "ServingRecoveryCheck.swift")
with open(_SOURCE) as _f:
    DEPLOYMENT = "\n".join(line.strip() for line in _f.read().split('"""')[1].strip().splitlines()) + "\n"
TRUTH = {"iteration_overhead_us": 900.0, "per_sequence_overhead_us": 25.0, "request_overhead_ms": 30.0}
ENGINE = "{ preset = \"vllm\", " + ", ".join(f"{k} = {v:g}" for k, v in TRUTH.items()) + " }"


def stage(simserve, scenario, rate, seed):
    out = subprocess.run([simserve, "run", scenario, "--json", "--no-files", "--seed", str(seed),
                          "--set", "engine=" + ENGINE, "--set", f"workload.arrival.rate={rate}"],
                         capture_output=True, text=True, check=True).stdout
    d = json.loads(out)
    lat, done, seconds = d["latency_seconds"], d["requests"]["completed"], d["time"]["simulated_seconds"]
    return {"backend": "vllm", "request_rate": rate, "completed": done, "duration": seconds,
            "total_input_tokens": 100 * done, "total_output_tokens": 200 * done,
            "mean_ttft_ms": lat["ttft"]["mean"] * 1e3, "median_ttft_ms": lat["ttft"]["p50"] * 1e3,
            "mean_itl_ms": lat["itl"]["mean"] * 1e3, "median_itl_ms": lat["itl"]["p50"] * 1e3,
            "mean_tpot_ms": lat["tpot"]["mean"] * 1e3, "mean_e2el_ms": lat["e2e"]["mean"] * 1e3,
            "request_throughput": done / seconds}


def main():
    simserve, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    verbose = "--verbose" in sys.argv
    fits = []
    with tempfile.TemporaryDirectory() as tmp:
        scenario = os.path.join(tmp, "deployment.toml")
        with open(scenario, "w") as f:
            f.write(DEPLOYMENT)
        for seed in range(first, last + 1):
            bench, profile = os.path.join(tmp, f"bench-{seed}.jsonl"), os.path.join(tmp, f"fit-{seed}.toml")
            with open(bench, "w") as f:
                f.write("\n".join(json.dumps(stage(simserve, scenario, r, seed), sort_keys=True) for r in (2, 8, 14)))
            subprocess.run([simserve, "calibrate", "--from-serving", bench, "--scenario", scenario,
                            "--fit-stages", "1,3", "--out", profile], capture_output=True, text=True, check=True)
            with open(profile) as f:
                terms = {k: (float(v), float(e)) for k, v, e in
                         re.findall(r"^# (\w+) = ([-\d.e+]+) ± ([-\d.e+]+) \(standard error\)", f.read(), re.M)}
            fits.append((seed, terms))
            if verbose:
                print(seed, terms, file=sys.stderr, flush=True)
    print(f"| term | truth | seeds | median fitted | spread of the fits (σ) | median reported error | within 1 / 2 / 3 errors |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for key, truth in TRUTH.items():
        pairs = [t[key] for _, t in fits if key in t]
        values = sorted(v for v, _ in pairs)
        errors = sorted(e for _, e in pairs)
        mean = sum(values) / len(values)
        sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))
        within = [sum(abs(v - truth) <= k * e for v, e in pairs) for k in (1, 2, 3)]
        print(f"| `{key}` | {truth:g} | {len(pairs)} | {values[len(values) // 2]:.4g} | {sd:.3g} | "
              f"{errors[len(errors) // 2]:.3g} | {within[0]} / {within[1]} / {within[2]} |")


if __name__ == "__main__":
    main()
