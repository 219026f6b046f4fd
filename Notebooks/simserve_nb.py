"""Small helpers the notebooks share: find the simserve binary, run it, load its outputs, save figures.

The binary is $SIMSERVE when set, else the newest of .build/release/simserve and
.build/debug/simserve (build one with `swift build` or `make release`). Simulation outputs go
to results/notebooks/<notebook>/ (ignored by git); figures to $SIMSERVE_FIGURES, else
Notebooks/figures/.
"""
import json
import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parent.parent


def binary() -> Path:
    if os.environ.get("SIMSERVE"):
        path = Path(os.environ["SIMSERVE"]).expanduser()
        if not path.is_absolute():
            path = (Path.cwd() / path).resolve()
        if not path.is_file():
            raise FileNotFoundError(f"$SIMSERVE is {path}, which is not a file")
        return path
    builds = [REPO / ".build" / c / "simserve" for c in ("release", "debug")]
    built = [p for p in builds if p.is_file()]
    if not built:
        raise FileNotFoundError("no simserve binary: run `swift build` (or `make release`) at the repository "
                                "root, or set $SIMSERVE to the binary")
    return max(built, key=lambda p: p.stat().st_mtime)


def simserve(*args, echo=True) -> str:
    """Runs `simserve ARGS...` at the repository root; returns stdout, raises with stderr on failure."""
    command = [str(binary()), *map(str, args)]
    if echo:
        print("$ simserve " + " ".join(shlex.quote(str(a)) for a in args), flush=True)
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"simserve exited {done.returncode}: {' '.join(command)}\n{done.stderr.strip()}")
    return done.stdout


def results_dir(name: str) -> Path:
    """An empty directory results/notebooks/<name>/ for one notebook's simulation outputs."""
    path = REPO / "results" / "notebooks" / name
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def sweep(scenario: str, sets, out: Path, replications: int = 1, seed=None) -> pd.DataFrame:
    """`simserve sweep` over the --set axes in `sets` (a list of "key=values"); returns sweep.csv."""
    args = ["sweep", scenario, *[a for s in sets for a in ("--set", s)], "--out", out]
    if replications > 1:
        args += ["--replications", replications]
    if seed is not None:
        args += ["--seed", seed]
    simserve(*args)
    frame = pd.read_csv(out / "sweep.csv")
    print(f"{len(frame)} points, {frame.shape[1]} columns")
    return frame


def plan(scenario: str, slos, sets=(), replications: int = 3, tolerance: str = "2%") -> dict:
    """`simserve plan --json`: the maximum sustainable arrival rate under `slos`."""
    args = ["plan", scenario, *[a for s in slos for a in ("--slo", s)], *[a for s in sets for a in ("--set", s)],
            "--replications", replications, "--tolerance", tolerance, "--json"]
    return json.loads(simserve(*args))


def figures_dir() -> Path:
    path = Path(os.environ.get("SIMSERVE_FIGURES") or REPO / "Notebooks" / "figures")
    path.mkdir(parents=True, exist_ok=True)
    return path


def save_figure(fig, name: str) -> Path:
    """Writes the figure as PNG (figures_dir()/name) and returns the path."""
    path = figures_dir() / name
    fig.savefig(path, dpi=110, bbox_inches="tight", metadata={"Software": None})
    print(f"wrote {os.path.relpath(path, Path.cwd())}")
    return path
