"""What helps on the scale instance (1,000 visits, 10 teams, 20 days, 55 s, 2 cores)?

    .venv/bin/python bench/scale_variants.py --seeds 2 301 --limit 55

Runs the default engine in this process with one knob changed at a time, in the
same run so that the variants share the machine's load, and checks every plan:

- ``default``: VROOM sector by sector (``routes_planner/decompose.py``: k = visits
  x team-days / 50,000 sectors around the teams' starts, team-day ``(team + day)
  % k`` serves sector k; 2 threads, each sector at the deepest level expected to
  finish in its share of 80 % of the time), then PyVRP sector by sector on two
  sectors side by side in two processes, two rounds with turned cuts, then every
  route polished;
- ``region-whole-pyvrp``: the default before the sector rounds: PyVRP on the whole
  merged plan after the sectors' construction;
- ``sectors-k4``: the rounds on four sectors (two per process) instead of two;
  ``sectors-1round``/``sectors-3rounds``: one or three rounds;
  ``sectors-then-whole``: the rounds get 60 % of the time after the construction,
  PyVRP on the whole plan the rest;
- ``whole``: the default before issue 15's decomposition: VROOM on the whole
  period (the deepest level expected to finish in half the time), then PyVRP;
- ``region-share0.4``/``0.6``: the sectors' construction gets 40/60 % of the time;
- ``region2``: two sectors (and 40 %);
- ``week``: VROOM week by week instead of sector by sector (a visit whose days
  cross weeks goes to the least loaded one; 40 %); ``week-deadline``: to its
  deadline's week; ``week-improve``: whole-period VROOM, then PyVRP on each week's
  routes alone (half the time left), then on the whole plan;
- ``no-polish``: without route polishing;
- ``vroom-level0``: whole-period VROOM at its quickest level, so PyVRP gets more;
- ``pyvrp-2-seeds``: two PyVRP searches from VROOM's plan in two processes
  (seeds 0 and 1), the better wins; ``level0+2-seeds``: both.

Rows go to ``bench/results/scale_variants.jsonl`` with the 1-minute load average and,
under ``stages``, the seconds and the objective when the construction and the
sector rounds ended.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from generate import copenhagen  # noqa: E402

import routes_planner as rp  # noqa: E402
from routes_planner import decompose  # noqa: E402
from routes_planner.engines import hybrid  # noqa: E402

VARIANTS = {
    "default": {},
    "region-whole-pyvrp": {"SECTOR_ROUNDS": 0},
    "sectors-k4": {"SECTOR_IMPROVE_REGIONS": None},
    "sectors-3rounds": {"SECTOR_ROUNDS": 3},
    "sectors-1round": {"SECTOR_ROUNDS": 1},
    "sectors-then-whole": {"SECTOR_IMPROVE_SHARE": 0.6},
    "whole": {"DECOMPOSE": None},
    "region-share0.4": {"DECOMPOSE_SHARE": 0.4},
    "region-share0.6": {"DECOMPOSE_SHARE": 0.6},
    "region2": {"REGIONS": 2, "DECOMPOSE_SHARE": 0.4},
    "week": {"DECOMPOSE": "week", "DECOMPOSE_SHARE": 0.4},
    "week-deadline": {"DECOMPOSE": "week", "CROSSING": "deadline", "DECOMPOSE_SHARE": 0.4},
    "week-improve": {"DECOMPOSE": "week-improve"},
    "no-polish": {"polish": False},
    "vroom-level0": {"DECOMPOSE": None, "LARGE_LEVEL": 0},
    "pyvrp-2-seeds": {"PARALLEL_IMPROVE": True},
    "level0+2-seeds": {"DECOMPOSE": None, "LARGE_LEVEL": 0, "PARALLEL_IMPROVE": True},
}
#: Knobs that live in routes_planner.decompose rather than in the hybrid engine.
DECOMPOSE_KNOBS = {"CROSSING"}


def traced(stages: dict) -> None:
    """Record the objective and the time when the construction and the sector rounds
    end (wrapping the engine's steps; the plan itself is unchanged)."""
    t0 = time.monotonic()

    def wrap(name: str, fn):
        def step(p, *args, **kwargs):
            out = fn(p, *args, **kwargs)
            stages[name] = [round(time.monotonic() - t0, 1), hybrid.objective(p, out)]
            return out
        return step

    hybrid.by_parts = wrap("construction", ORIGINAL["by_parts"])
    hybrid.improve_by_sectors = wrap("sectors", ORIGINAL["improve_by_sectors"])


ORIGINAL = {"by_parts": hybrid.by_parts, "improve_by_sectors": hybrid.improve_by_sectors}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[2])
    ap.add_argument("--limit", type=float, default=55.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--variants", default=",".join(VARIANTS))
    a = ap.parse_args()
    defaults = {k: getattr(hybrid, k)
                for k in ("LARGE_LEVEL", "PARALLEL_IMPROVE", "DECOMPOSE", "REGIONS",
                          "DECOMPOSE_SHARE", "SECTOR_ROUNDS", "SECTOR_IMPROVE_SHARE",
                          "SECTOR_IMPROVE_REGIONS")}
    defaults["CROSSING"] = decompose.CROSSING
    for seed in a.seeds:
        doc = copenhagen(n_visits=1000, n_teams=10, n_days=20, seed=seed)
        inst = rp.parse_instance(doc)
        for name in a.variants.split(","):
            knobs = dict(VARIANTS[name])
            polish = knobs.pop("polish", True)
            for k, v in {**defaults, **knobs}.items():
                setattr(decompose if k in DECOMPOSE_KNOBS else hybrid, k, v)
            load = round(os.getloadavg()[0], 2)
            stages: dict = {}
            traced(stages)
            t0 = time.monotonic()
            result = rp.plan(inst.visits, inst.teams, inst.days, inst.travel,
                             time_limit=a.limit, workers=a.workers, polish_routes=polish)
            row = {
                "instance": f"scale{seed}", "variant": name, "limit": a.limit,
                "workers": a.workers, "travel_s": result.travel_seconds,
                "unplaced": len(result.unplaced), "seconds": round(time.monotonic() - t0, 1),
                "violations": len(rp.check_plan(result, inst.visits, inst.teams, inst.days,
                                                inst.travel)),
                "stages": stages, "load": load, "load_end": round(os.getloadavg()[0], 2),
                "nice": os.nice(0),
                "when": time.strftime("%Y-%m-%d %H:%M:%S"),
            }
            print(json.dumps(row), flush=True)
            (HERE / "results").mkdir(exist_ok=True)
            with open(HERE / "results" / "scale_variants.jsonl", "a") as fh:
                fh.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
