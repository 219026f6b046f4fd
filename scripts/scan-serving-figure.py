#!/usr/bin/env python3
"""Tries one figure at several values on a subset of the published serving points, without a
new build: `simserve validate serving --points SUBSET --set KEY=VALUE` for each value, and
prints the median |error| of the step time, TTFT and output tokens/s over the subset's held-out
points (`--held-out-errors`). How the scans of VALIDATION.md's
"End to end" ("scanned one figure at a time", "tried, not kept") are made.

Usage (from the repository root):
  scripts/scan-serving-figure.py REGEX KEY VALUE [VALUE ...] [--with KEY=VALUE ...] [--simserve PATH]
REGEX selects points by id (Python `re.search`); KEY is a scenario key path
(`hardware.fp8_compute_efficiency`, `hardware.cublas_12_1_gemm.fp8_memory_efficiency`,
`engine.per_sequence_overhead_us`, ...); the value `preset` runs the points as they are; each
`--with` assignment is laid over every run (another figure held at a value).
Example: the fp8 GEMMs of vLLM 0.5-0.6 on Lambda's H100 runs
  scripts/scan-serving-figure.py 'lambda.*h100.*fp8' hardware.cublas_12_1_gemm.fp8_memory_efficiency preset 0.8 0.7
"""
import argparse, csv, os, re, shutil, statistics, subprocess, sys, tempfile

DATA = os.path.abspath("data/serving")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("regex")
    parser.add_argument("key")
    parser.add_argument("values", nargs="+")
    parser.add_argument("--with", dest="held", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--simserve", default=".build/release/simserve")
    args = parser.parse_args()
    simserve = os.path.abspath(args.simserve)
    pattern = re.compile(args.regex)
    work = tempfile.mkdtemp()
    try:
        for name in os.listdir(DATA):  # the length files, and the folders of request traces
            source = os.path.join(DATA, name)
            if os.path.isdir(source):
                shutil.copytree(source, os.path.join(work, name))
            elif name.endswith(".csv") and name != "points.csv":
                shutil.copy(source, work)
        with open(os.path.join(DATA, "points.csv"), newline="") as f:
            reader = csv.DictReader(f)
            rows = [row for row in reader if pattern.search(row["id"])]
            fields = reader.fieldnames
        if not rows:
            sys.exit(f"no point id matches {args.regex!r}")
        points = os.path.join(work, "points.csv")
        with open(points, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
        print(f"{len(rows)} points match {args.regex!r}")
        print(f"{args.key} | held-out points | median |error| step | TTFT | output tokens/s")
        for value in args.values:
            errors = os.path.join(work, "held-out.csv")
            command = [simserve, "validate", "serving", "--points", points, "--held-out-errors", errors]
            for assignment in args.held:
                command += ["--set", assignment]
            if value != "preset":
                command += ["--set", f"{args.key}={value}"]
            result = subprocess.run(command, capture_output=True, text=True)
            if result.returncode != 0:
                sys.exit(result.stderr.strip())
            with open(errors, newline="") as f:
                held = list(csv.DictReader(f))

            def median(column):
                values = [abs(float(r[column])) * 100 for r in held if r[column]]
                return f"{statistics.median(values):.1f} % ({len(values)})" if values else "-"

            print(f"{value} | {len(held)} | {median('step_time_error')} | {median('ttft_error')} | "
                  f"{median('output_tokens_per_second_error')}")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
