#!/usr/bin/env python3
"""Execute the notebooks in Notebooks/ top to bottom, as `make test` does.

Each notebook runs in a fresh kernel (nbclient) with Notebooks/ as its working directory and a
time limit; a cell that raises stops the run with the notebook's name, the cell's number and
the first lines of its source and error. A notebook declares the figures it writes in its
metadata (`"simserve": {"figures": ["name.png", ...]}`); each must exist afterwards, written
during this run and not empty.

  .venv/bin/python scripts/run-notebooks.py                        # all, figures to results/notebooks/figures
  .venv/bin/python scripts/run-notebooks.py Notebooks/pareto.ipynb --figures Notebooks/figures

The simserve binary is $SIMSERVE (the notebooks fall back to the newest of .build/release and
.build/debug). Executed copies, with their outputs, are saved in results/notebooks/ for reading.
"""
import argparse
import os
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def fail(message):
    print(f"run-notebooks: {message}", file=sys.stderr)
    sys.exit(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: Notebooks/*.ipynb)")
    parser.add_argument("--timeout", type=int, default=int(os.environ.get("NOTEBOOK_TIMEOUT", "300")),
                        help="seconds one notebook may take, all its cells together (default 300, or $NOTEBOOK_TIMEOUT)")
    parser.add_argument("--figures", type=Path, default=REPO / "results" / "notebooks" / "figures",
                        help="where the notebooks write their PNGs (default results/notebooks/figures; "
                             "Notebooks/figures refreshes the committed ones)")
    args = parser.parse_args()

    try:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    except ImportError as error:
        fail(f"{error}; install the notebooks' packages first: scripts/setup.sh --notebooks "
             f"(then use .venv/bin/python)")

    notebooks = args.notebooks or sorted((REPO / "Notebooks").glob("*.ipynb"))
    if not notebooks:
        fail("no notebooks found in Notebooks/")
    figures = args.figures.resolve()
    figures.mkdir(parents=True, exist_ok=True)
    executed_dir = REPO / "results" / "notebooks"
    executed_dir.mkdir(parents=True, exist_ok=True)
    os.environ["SIMSERVE_FIGURES"] = str(figures)
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    if "SIMSERVE" in os.environ:
        binary = Path(os.environ["SIMSERVE"])
        if not binary.is_absolute():
            os.environ["SIMSERVE"] = str((Path.cwd() / binary).resolve())

    print(f"run-notebooks: {len(notebooks)} notebooks, figures to {os.path.relpath(figures, Path.cwd())}, "
          f"simserve = {os.environ.get('SIMSERVE', '(newest build)')}", flush=True)
    total_start = time.monotonic()
    for path in notebooks:
        path = path.resolve()
        name = path.relative_to(REPO) if path.is_relative_to(REPO) else path
        nb = nbformat.read(path, as_version=4)
        expected = nb.metadata.get("simserve", {}).get("figures", [])
        if not expected:
            fail(f"{name}: its metadata lists no figures (\"simserve\": {{\"figures\": [...]}})")
        start = time.time()
        # One deadline per notebook: no cell may run past what is left of --timeout.
        deadline = time.time() + args.timeout
        client = NotebookClient(nb, timeout=args.timeout, kernel_name="python3",
                                timeout_func=lambda cell: max(1, int(deadline - time.time())),
                                resources={"metadata": {"path": str(path.parent)}})
        code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
        try:
            client.execute()
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
            failed = next((i for i in code_cells
                           if any(o.get("output_type") == "error" for o in nb.cells[i].get("outputs", []))), None)
            if failed is None:  # a timeout or a dead kernel leaves no error output: the last cell that started
                started = [i for i in code_cells if nb.cells[i].get("execution_count")]
                failed = started[-1] if started else None
            nbformat.write(nb, executed_dir / path.name)
            where = ""
            if failed is not None:
                number = code_cells.index(failed) + 1
                source = "\n".join("    " + line for line in nb.cells[failed].source.splitlines()[:6])
                where = f", code cell {number} of {len(code_cells)} (cell index {failed}):\n{source}\n"
            kind = type(error).__name__
            message = re.sub(r"\x1b\[[0-9;]*m", "", str(error)).strip().splitlines()
            tail = "\n".join(message[-15:])
            fail(f"FAILED {name}{where}{kind}:\n{tail}\n"
                 f"(executed copy with outputs: {os.path.relpath(executed_dir / path.name, Path.cwd())})")
        elapsed = time.time() - start
        nbformat.write(nb, executed_dir / path.name)
        missing = []
        for figure in expected:
            file = figures / figure
            if not file.is_file() or file.stat().st_size == 0 or file.stat().st_mtime < start - 1:
                missing.append(figure)
        if missing:
            fail(f"FAILED {name}: ran, but did not write {', '.join(missing)} in {figures}")
        print(f"run-notebooks: ok {name} ({elapsed:.1f} s; {', '.join(expected)})", flush=True)
    print(f"run-notebooks: all {len(notebooks)} notebooks ran ({time.monotonic() - total_start:.1f} s)", flush=True)


if __name__ == "__main__":
    main()
