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
- ``pyvrp``: PyVRP alone on both seeds;
- PyVRP's own parameters, one at a time (the default engine otherwise):
  ``nbNN`` granular neighbours (default 50), ``ww0``/``ww1`` weight of waiting
  time in the neighbourhood (default 0.2), ``pertNN`` most perturbations per
  iteration (default 25), ``histNN`` late-acceptance history (default 300),
  ``restartNN`` iterations without improvement before a restart (default 150,000),
  ``ops3`` adds PyVRP's Relocate3 and Swap31/32/33 operators.

    nice -n -20 .venv/bin/python bench/month_variants.py --seeds 401-420 --workers 1 \
        --variants hybrid,nb20,nb100,ww0,pert10,pert40,hist50,restart2000
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import pyvrp  # noqa: E402
from generate import copenhagen  # noqa: E402
from pyvrp import SolveParams, search  # noqa: E402
from pyvrp.IteratedLocalSearch import IteratedLocalSearchParams  # noqa: E402
from pyvrp.search import NeighbourhoodParams, PerturbationParams  # noqa: E402

import routes_planner as rp  # noqa: E402
from routes_planner import solve  # noqa: E402
from routes_planner.engines import hybrid, pyvrp_engine  # noqa: E402

DEFAULT_SEARCH, DEFAULT_SHARE = solve.search, hybrid.VROOM_SHARE
DEFAULT_PYVRP_SOLVE = pyvrp.solve


def pyvrp_params(variant: str) -> SolveParams | None:
    """PyVRP's SolveParams for a parameter variant, None for the others."""
    name = variant.rstrip("0123456789")
    value = variant[len(name):]
    if name == "nb":
        return SolveParams(neighbourhood=NeighbourhoodParams(num_neighbours=int(value)))
    if name == "ww":
        return SolveParams(neighbourhood=NeighbourhoodParams(weight_wait_time=float(value)))
    if name == "pert":
        return SolveParams(perturbation=PerturbationParams(1, int(value)))
    if name == "hist":
        return SolveParams(ils=IteratedLocalSearchParams(history_length=int(value)))
    if name == "restart":
        return SolveParams(ils=IteratedLocalSearchParams(num_iters_no_improvement=int(value)))
    if variant == "ops3":
        return SolveParams(operators=[*search.OPERATORS, search.Relocate3, search.Swap31,
                                      search.Swap32, search.Swap33])
    return None


def mixed_search(p, engine, deadline, seed, threads=1, polish_routes=True):
    """The default search, except that odd seeds run PyVRP alone."""
    if seed % 2 == 1 and engine == "hybrid":
        engine = "pyvrp"
    return DEFAULT_SEARCH(p, engine, deadline, seed, threads, polish_routes)


def run(variant: str, doc: dict, limit: float, workers: int = 2) -> dict:
    inst = rp.parse_instance(doc)
    solve.search, hybrid.VROOM_SHARE = DEFAULT_SEARCH, DEFAULT_SHARE
    pyvrp_engine.pyvrp.solve = DEFAULT_PYVRP_SOLVE
    engine = "pyvrp" if variant == "pyvrp" else "hybrid"
    params = pyvrp_params(variant)
    if params is not None:
        pyvrp_engine.pyvrp.solve = functools.partial(DEFAULT_PYVRP_SOLVE, params=params)
    if variant == "mixed":
        solve.search = mixed_search  # forked workers inherit it
    if variant.startswith("share"):
        hybrid.VROOM_SHARE = int(variant[5:]) / 100
    t0 = time.monotonic()
    plan = rp.plan(inst.visits, inst.teams, inst.days, inst.travel, time_limit=limit,
                   workers=workers, engine=engine)
    return {"travel_s": plan.travel_seconds, "unplaced": len(plan.unplaced),
            "violations": len(rp.check_plan(plan, inst.visits, inst.teams, inst.days,
                                            inst.travel)),
            "seconds": round(time.monotonic() - t0, 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="401-410", help="e.g. 401-410 or 201,203")
    ap.add_argument("--variants", default="hybrid,share15")
    ap.add_argument("--limit", type=float, default=4.0)
    ap.add_argument("--workers", type=int, default=2)
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
                   "workers": a.workers, "load": round(os.getloadavg()[0], 2),
                   **run(variant, doc, a.limit, a.workers),
                   "when": time.strftime("%Y-%m-%d %H:%M:%S")}
            print(json.dumps(row), flush=True)
            with open(HERE / "results" / "month_variants.jsonl", "a") as fh:
                fh.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
