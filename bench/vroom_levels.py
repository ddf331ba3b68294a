"""VROOM's exploration levels: time and travel on one instance (calibrates the default).

    .venv/bin/python bench/vroom_levels.py copenhagen|mid|scale [LEVELS]   e.g. 1,2,3
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from generate import copenhagen  # noqa: E402

from routes_planner.engines import vroom_engine  # noqa: E402
from routes_planner.instance import parse_instance  # noqa: E402
from routes_planner.problem import compile_problem  # noqa: E402
from routes_planner.schedule import repair, route_cost  # noqa: E402

SIZES = {"copenhagen": (60, 3, 1), "mid": (300, 5, 5), "scale": (1000, 10, 2)}

if __name__ == "__main__":
    kind = sys.argv[1] if len(sys.argv) > 1 else "mid"
    levels = [int(x) for x in (sys.argv[2] if len(sys.argv) > 2 else "1,2,3,5").split(",")]
    n, teams, seed = SIZES[kind]
    inst = parse_instance(copenhagen(n_visits=n, n_teams=teams, n_days=20, seed=seed))
    p = compile_problem(inst.visits, inst.teams, inst.days, inst.travel)
    for level in levels:
        t0 = time.monotonic()
        routes = repair(p, vroom_engine.solve(p, 3600, 0, threads=1, level=level))
        wall = time.monotonic() - t0
        cost = sum(route_cost(p, v, s) for v, s in enumerate(routes))
        print(f"{kind} level {level}: {wall:.1f} s, travel {cost} s, "
              f"placed {sum(map(len, routes))}/{len(p.visits)}", flush=True)
