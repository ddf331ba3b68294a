"""TSPLIB EUC_2D instances as planner JSON instances (a TSP is the smallest case).

One team, one day, zero service time, start and end at node 0, shift 00:00-23:59
and the rounded Euclidean matrix as ``matrix_seconds``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
TSPLIB = HERE / "tsplib"
OPTIMA = {"eil51": 426, "berlin52": 7542, "st70": 675, "kroA100": 21282, "ch150": 6528}


def read_tsp(path: Path) -> np.ndarray:
    """The EUC_2D distance matrix of a TSPLIB file: int(sqrt(dx^2 + dy^2) + 0.5)."""
    pts, on = [], False
    for line in path.read_text().splitlines():
        if line.startswith("NODE_COORD_SECTION"):
            on = True
        elif line.strip() in ("EOF", ""):
            on = on and line.strip() == ""
        elif on:
            _, x, y = line.split()[:3]
            pts.append((float(x), float(y)))
    a = np.array(pts)
    d = np.sqrt(((a[:, None, :] - a[None, :, :]) ** 2).sum(-1))
    return np.floor(d + 0.5).astype(np.int64)


def instance(name: str) -> dict:
    """The planner instance for TSPLIB instance ``name``."""
    m = read_tsp(TSPLIB / f"{name}.tsp")
    return {
        "days": ["2026-03-02"],
        "teams": [{"id": "t1", "size": 1, "mode": "car", "start": {"node": 0},
                   "shift": ["00:00", "23:59"]}],
        "visits": [{"id": f"c{i + 1}", "node": i, "service_minutes": 0}
                   for i in range(1, len(m))],
        "travel": {"matrix_seconds": m.tolist()},
    }


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else HERE / "instances")
    out.mkdir(parents=True, exist_ok=True)
    for name in OPTIMA:
        (out / f"{name}.json").write_text(json.dumps(instance(name)))
        print(out / f"{name}.json")
