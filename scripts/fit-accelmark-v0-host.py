#!/usr/bin/env python3
"""Fits the host time per sequence and step of vLLM 0.7's V0 engine run in-process
(AccelMark's runner: `AsyncLLMEngine` in the load generator's own Python process) on the
TPOT medians of the two fit points below, and prints the least-squares value (µs).

Each point's scenario comes from `simserve validate serving --scenario`, so the fit sees
exactly what the validation simulates; only `engine.per_sequence_overhead_us` is varied
(golden-section search over 0–500 µs of the summed squared relative TPOT error).
Usage: scripts/fit-accelmark-v0-host.py [path/to/simserve]   (run from the repository root)
"""
import json, math, os, shutil, subprocess, sys, tempfile

FIT_POINTS = ["accelmark_a100-80gbx1_A_vllm07-q5", "accelmark_a100-80gbx1_A_vllm07-q25"]
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


def main():
    work = tempfile.mkdtemp()
    try:
        for name in os.listdir(DATA):
            if name.endswith(".csv"):
                shutil.copy(os.path.join(DATA, name), work)
        scenarios = {}
        for point in FIT_POINTS:
            toml = subprocess.run([SIMSERVE, "validate", "serving", "--points", os.path.join(DATA, "points.csv"),
                                   "--scenario", point], check=True, capture_output=True, text=True).stdout
            path = os.path.join(work, point + ".toml")
            with open(path, "w") as f:
                f.write(toml)
            scenarios[point] = (path, measured_tpot_ms(point))

        def tpot_ms(path, us):
            out = subprocess.run([SIMSERVE, "run", path, "--no-files", "--json",
                                  "--set", f"engine.per_sequence_overhead_us={us}"],
                                 check=True, capture_output=True, text=True, cwd=work).stdout
            return json.loads(out)["latency_seconds"]["tpot"]["p50"] * 1e3

        def error(us, points=FIT_POINTS):
            return sum(((tpot_ms(scenarios[p][0], us) - scenarios[p][1]) / scenarios[p][1]) ** 2 for p in points)

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

        best = golden(error, 0.0, 500.0)
        own = [golden(lambda us: error(us, [p]), 0.0, 500.0) for p in FIT_POINTS]
        mean = sum(own) / len(own)
        se = math.sqrt(sum((v - mean) ** 2 for v in own) / (len(own) - 1) / len(own))
        for p in FIT_POINTS:
            print(f"{p}: measured TPOT {scenarios[p][1]:.2f} ms, simulated {tpot_ms(scenarios[p][0], best):.2f} ms; "
                  f"own best {own[FIT_POINTS.index(p)]:.1f} µs")
        print(f"per_sequence_overhead_us = {best:.1f} ± {se:.1f}")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
