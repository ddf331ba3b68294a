"""How should a Copenhagen-size month (60 visits, 3 teams, 20 days) use 4 s and two cores?

    nice -n -20 .venv/bin/python bench/month_variants.py --seeds 401-410 \
        --variants hybrid,share15,share05,share25,mixed,pyvrp
    nice -n -20 .venv/bin/python bench/month_variants.py --seeds 201-210 --variants hybrid,share15

Runs the planner in this process (2 workers, each a seeded search in its own
process) with one knob changed at a time, checks every plan, and prints one JSON
row per run; rows also go to ``bench/results/month_variants.jsonl``:

- ``hybrid``: the default (VROOM gets 40 % of the time, then PyVRP from its plan);
- ``shareNN``: VROOM gets NN % of the time, PyVRP the rest;
- ``mixed``: odd seeds run PyVRP alone (no VROOM start), for a more diverse pair;
- ``pyvrp``: PyVRP alone on both seeds.
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
from routes_planner import solve  # noqa: E402
from routes_planner.engines import hybrid  # noqa: E402

DEFAULT_SEARCH, DEFAULT_SHARE = solve.search, hybrid.VROOM_SHARE


def mixed_search(p, engine, deadline, seed, threads=1, polish_routes=True):
    """The default search, except that odd seeds run PyVRP alone."""
    if seed % 2 == 1 and engine == "hybrid":
        engine = "pyvrp"
    return DEFAULT_SEARCH(p, engine, deadline, seed, threads, polish_routes)


def run(variant: str, doc: dict, limit: float) -> dict:
    inst = rp.parse_instance(doc)
    solve.search, hybrid.VROOM_SHARE = DEFAULT_SEARCH, DEFAULT_SHARE
    engine = "pyvrp" if variant == "pyvrp" else "hybrid"
    if variant == "mixed":
        solve.search = mixed_search  # forked workers inherit it
    if variant.startswith("share"):
        hybrid.VROOM_SHARE = int(variant[5:]) / 100
    t0 = time.monotonic()
    plan = rp.plan(inst.visits, inst.teams, inst.days, inst.travel, time_limit=limit,
                   workers=2, engine=engine)
    return {"travel_s": plan.travel_seconds, "unplaced": len(plan.unplaced),
            "violations": len(rp.check_plan(plan, inst.visits, inst.teams, inst.days,
                                            inst.travel)),
            "seconds": round(time.monotonic() - t0, 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="401-410", help="e.g. 401-410 or 201,203")
    ap.add_argument("--variants", default="hybrid,share15")
    ap.add_argument("--limit", type=float, default=4.0)
    a = ap.parse_args()
    if "-" in a.seeds:
        lo, hi = map(int, a.seeds.split("-"))
        seeds = range(lo, hi + 1)
    else:
        seeds = [int(s) for s in a.seeds.split(",")]
    (HERE / "results").mkdir(exist_ok=True)
    for seed in seeds:
        doc = copenhagen(seed=seed)
        for variant in a.variants.split(","):
            row = {"instance": f"copenhagen{seed}", "variant": variant, "limit": a.limit,
                   "load": round(os.getloadavg()[0], 2), **run(variant, doc, a.limit),
                   "when": time.strftime("%Y-%m-%d %H:%M:%S")}
            print(json.dumps(row), flush=True)
            with open(HERE / "results" / "month_variants.jsonl", "a") as fh:
                fh.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
