"""Run the engines side by side through the JSON command and record the numbers.

    .venv/bin/python bench/compare.py tsplib      # TSPLIB tours, 2 s each
    .venv/bin/python bench/compare.py copenhagen  # 60 visits, 5 s and 60 s
    .venv/bin/python bench/compare.py scale       # 1,000 visits, 60 s and 240 s

Every run is ``python -m routes_planner solve`` in a fresh process, timed from the
outside with its peak memory (``/usr/bin/time``), and every plan is checked against
the hard rules with :func:`routes_planner.check.check_plan`. Results are appended as
JSON lines to ``bench/results/<suite>.jsonl``; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from generate import copenhagen, scale  # noqa: E402
from tsplib_instances import OPTIMA, TSPLIB, instance, read_tsp  # noqa: E402

from routes_planner.check import check_plan  # noqa: E402
from routes_planner.instance import parse_instance, plan_from_json  # noqa: E402

PY = sys.executable


def run(doc: dict, engine: str | None, limit: float, workers: int | None = 1,
        seed: int = 0) -> dict:
    """One CLI run: plan, wall time, peak memory, feasibility (``workers=None``: the
    command's default, every usable core)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "instance.json"
        path.write_text(json.dumps(doc))
        cmd = ["/usr/bin/time", "-f", "%M", PY, "-m", "routes_planner", "solve", str(path),
               "--time-limit", str(limit), "--seed", str(seed)]
        if workers is not None:
            cmd += ["--workers", str(workers)]
        if engine:
            cmd += ["--engine", engine]
        t0 = time.monotonic()
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        wall = time.monotonic() - t0
    if proc.returncode != 0:
        return {"engine": engine or "default", "error": proc.stderr.strip()[-300:]}
    out = json.loads(proc.stdout)
    inst = parse_instance(doc)
    errors = check_plan(plan_from_json(out, inst), inst.visits, inst.teams, inst.days,
                        inst.travel)
    return {
        "engine": engine or f"default({out['stats']['engine']})",
        "limit": limit, "workers": workers, "wall_s": round(wall, 2),
        "solve_s": out["stats"]["seconds"],
        "peak_mb": round(int(proc.stderr.strip().splitlines()[-1]) / 1024),
        "travel_s": out["stats"]["travel_seconds"], "routes": len(out["routes"]),
        "unplaced": dict(Counter(u["reason"] for u in out["unplaced"])),
        "violations": errors[:3],
    }


def record(suite: str, row: dict) -> None:
    """Print and append one result row."""
    row["when"] = time.strftime("%Y-%m-%d %H:%M:%S")
    print(json.dumps(row), flush=True)
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    with open(out / f"{suite}.jsonl", "a") as fh:
        fh.write(json.dumps(row) + "\n")


ENGINES = ["ortools", "pyvrp", "vroom", "baseline"]


def lkh_reference(name: str) -> dict:
    """LKH through elkai, as a quality reference only (non-commercial licence: bench only)."""
    try:
        import elkai
    except ImportError:
        return {"engine": "LKH (elkai)", "error": "elkai not installed (pip install elkai)"}
    m = read_tsp(TSPLIB / f"{name}.tsp")
    t0 = time.monotonic()
    tour = elkai.DistanceMatrix(m.tolist()).solve_tsp()
    wall = time.monotonic() - t0
    length = int(sum(m[a, b] for a, b in zip(tour[:-1], tour[1:], strict=True)))
    return {"engine": "LKH (elkai)", "wall_s": round(wall, 2), "travel_s": length,
            "violations": []}


def main() -> None:
    """Run one suite of the benchmark."""
    ap = argparse.ArgumentParser()
    ap.add_argument("suite", choices=["tsplib", "copenhagen", "scale"])
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--long", action="store_true", help="also the long reference runs")
    a = ap.parse_args()
    engines = a.engines.split(",")
    if a.suite == "tsplib":
        for name, opt in OPTIMA.items():
            doc = instance(name)
            for eng, workers in [(None, 2), (None, 1)] + [(e, 1) for e in engines]:
                row = run(doc, eng, 2.0, workers)
                row.update(instance=name, optimum=opt)
                if "travel_s" in row:
                    row["gap_pct"] = round(100 * (row["travel_s"] - opt) / opt, 2)
                record("tsplib", row)
            row = lkh_reference(name)
            row.update(instance=name, optimum=opt)
            if "travel_s" in row:
                row["gap_pct"] = round(100 * (row["travel_s"] - opt) / opt, 2)
            record("tsplib", row)
        return
    doc, short, long_ = (copenhagen(), 4.0, 60.0) if a.suite == "copenhagen" else (
        scale(), 55.0, 240.0)
    for eng, workers in [(None, 2), (None, 1)] + [(e, 1) for e in engines]:
        record(a.suite, {**run(doc, eng, short, workers), "instance": a.suite})
    if a.long:
        for eng in [None, *engines]:
            if eng == "baseline":
                continue
            record(a.suite, {**run(doc, eng, long_, 1), "instance": a.suite, "reference": True})


if __name__ == "__main__":
    main()
