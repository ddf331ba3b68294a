"""VROOM builds, OR-Tools improves: the default engine (see bench/RESULTS.md).

VROOM finds strong multi-day plans fast; OR-Tools' guided local search then uses
the rest of the time to polish them, which matters most for long single routes.
"""

from __future__ import annotations

import time

from routes_planner.engines import ortools_engine, vroom_engine
from routes_planner.problem import Problem
from routes_planner.schedule import repair

#: Share of the time limit VROOM gets when it can finish in it; OR-Tools gets the rest.
VROOM_SHARE = 0.4
#: Visits x team-days from which VROOM works alone (bench/RESULTS.md, "Scale").
LARGE_WORK = 40_000
#: Below this many seconds left, OR-Tools' model building is not worth it.
MIN_POLISH_SECONDS = 1.0


def solve(p: Problem, time_limit: float, seed: int, threads: int = 1) -> list[list[int]]:
    """VROOM's plan, improved by OR-Tools for the remaining time.

    Odd seeds let OR-Tools build its own first solution instead, so that two
    seeds searched in parallel (``--workers 2``) explore two different starts.
    Large instances give VROOM the time it needs at its lightest level.
    """
    if seed % 2 == 1:
        return ortools_engine.solve(p, time_limit, seed)
    t0 = time.monotonic()
    if len(p.visits) * len(p.vehicles) >= LARGE_WORK:
        # Measured: at this size OR-Tools' model alone takes many seconds and its
        # search does not improve VROOM's plan, so VROOM gets all the time.
        budget = 0.85 * time_limit
        level = vroom_engine.pick_level(p, budget / 1.3, threads)
        return vroom_engine.solve(p, budget, seed, threads=threads, level=level)
    level = vroom_engine.pick_level(p, time_limit * VROOM_SHARE, threads)
    # A safety margin: the estimate is rough and the machine may be shared.
    need = 1.5 * vroom_engine.estimated_seconds(p, level, threads)
    budget = min(time_limit * 0.9, max(time_limit * VROOM_SHARE, need))
    first = repair(p, vroom_engine.solve(p, budget, seed, threads=threads, level=level))
    left = time_limit - (time.monotonic() - t0)
    if left < MIN_POLISH_SECONDS:
        return first
    return ortools_engine.solve(p, left, seed, initial=first)
