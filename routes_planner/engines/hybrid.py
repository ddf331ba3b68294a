"""VROOM builds, PyVRP improves: the default engine (see bench/RESULTS.md).

VROOM (BSD-2) finds strong multi-day plans fast; PyVRP's iterated local search
(MIT) then uses the rest of the time limit to improve them. A single team-day is a
travelling-salesman tour, where PyVRP alone is best. Measured alternatives (OR-Tools
polishing, OR-Tools or PyVRP alone) planned worse on every benchmark instance.
"""

from __future__ import annotations

import time

from routes_planner.engines import pyvrp_engine, vroom_engine
from routes_planner.problem import Problem
from routes_planner.schedule import repair, route_cost

#: Share of the time limit VROOM's level is chosen for on ordinary instances.
VROOM_SHARE = 0.4
#: Visits x team-days from which VROOM gets up to half the time (bench/RESULTS.md).
LARGE_WORK = 40_000
#: Below this many seconds left, improving is not worth building PyVRP's model.
MIN_POLISH_SECONDS = 0.5


def objective(p: Problem, routes: list[list[int]]) -> int:
    """Travel seconds plus the penalty of every visit left out."""
    placed = {i for seq in routes for i in seq}
    missing = sum(int(p.penalty[i]) for i in range(len(p.visits)) if i not in placed)
    return sum(route_cost(p, v, seq) for v, seq in enumerate(routes)) + missing


def solve(p: Problem, time_limit: float, seed: int, threads: int = 1) -> list[list[int]]:
    """VROOM's plan, improved by PyVRP for the remaining time (seeded)."""
    t0 = time.monotonic()
    if len(p.vehicles) == 1:
        return pyvrp_engine.solve(p, time_limit, seed)
    large = len(p.visits) * len(p.vehicles) >= LARGE_WORK
    share = 0.5 if large else VROOM_SHARE
    level = vroom_engine.pick_level(p, time_limit * share, threads)
    # VROOM may overrun its estimate on a busy machine; its timeout keeps room for
    # the polish, and a cut-short VROOM plan is still complete.
    budget = 0.85 * time_limit if large else time_limit * share * 1.5
    first = repair(p, vroom_engine.solve(p, budget, seed, threads=threads, level=level))
    left = time_limit - (time.monotonic() - t0)
    if left < MIN_POLISH_SECONDS:
        return first
    better = repair(p, pyvrp_engine.solve(p, left, seed, initial=first))
    return min((first, better), key=lambda routes: objective(p, routes))
