#!/usr/bin/env python3
"""Fits the two engine terms that AccelMark's points fix on their own (VALIDATION.md, "End to
end"), each on the TPOT medians of its fit points, and prints the least-squares values:

- `per_sequence_overhead_us` of vLLM 0.7's V0 engine run in-process (AccelMark's runner:
  `AsyncLLMEngine` in the load generator's own Python process), 0-500 us;
- `eager_decode_overhead_us` of SGLang 0.5 (host time of a decode step past its CUDA
  graphs), 0-20,000 us.

Each point's scenario comes from `simserve validate serving --scenario`, so the fit sees
exactly what the validation simulates; only the one key is varied (golden-section search of
the summed squared relative TPOT error; the ± is the spread of each point's own best value).
Usage: scripts/fit-accelmark-terms.py [path/to/simserve]   (run from the repository root)
"""
import json, math, os, shutil, subprocess, sys, tempfile

TERMS = [
    ("per_sequence_overhead_us", (0.0, 500.0), ["accelmark_a100-80gbx1_A_vllm07-q5", "accelmark_a100-80gbx1_A_vllm07-q25"]),
    ("eager_decode_overhead_us", (0.0, 20000.0), ["accelmark_a100-80gbx1_A_sglang05-q100"]),
]
SIMSERVE = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/release/simserve")
DATA = os.path.abspath("data/serving")


def measured_tpot_ms(point_id):
    with open(os.path.join(DATA, "points.csv")) as f:
        header = f.readline().strip().split(",")
        for line in f:
            row = dict(zip(header, line.rstrip("\n").split(",")))
            if row["id"] == point_id:
                return float(row["tpot_median_ms"])
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
        for name in os.listdir(DATA):
            if name.endswith(".csv"):
                shutil.copy(os.path.join(DATA, name), work)
        for key, (low, high), points in TERMS:
            scenarios = {}
            for point in points:
                toml = subprocess.run([SIMSERVE, "validate", "serving", "--points", os.path.join(DATA, "points.csv"),
                                       "--scenario", point], check=True, capture_output=True, text=True).stdout
                path = os.path.join(work, point + ".toml")
                with open(path, "w") as f:
                    f.write(toml)
                scenarios[point] = (path, measured_tpot_ms(point))

            def tpot_ms(path, value):
                out = subprocess.run([SIMSERVE, "run", path, "--no-files", "--json", "--set", f"engine.{key}={value}"],
                                     check=True, capture_output=True, text=True, cwd=work).stdout
                return json.loads(out)["latency_seconds"]["tpot"]["p50"] * 1e3

            def error(value, subset):
                return sum(((tpot_ms(scenarios[p][0], value) - scenarios[p][1]) / scenarios[p][1]) ** 2 for p in subset)

            best = golden(lambda v: error(v, points), low, high)
            own = [golden(lambda v, p=p: error(v, [p]), low, high) for p in points]
            mean = sum(own) / len(own)
            se = math.sqrt(sum((v - mean) ** 2 for v in own) / (len(own) - 1) / len(own)) if len(own) > 1 else 0.0
            for p, value in zip(points, own):
                print(f"{p}: measured TPOT {scenarios[p][1]:.2f} ms, simulated {tpot_ms(scenarios[p][0], best):.2f} ms; "
                      f"own best {value:.1f}")
            print(f"{key} = {best:.1f} ± {se:.1f}")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
