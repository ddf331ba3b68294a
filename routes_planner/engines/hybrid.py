"""VROOM builds, OR-Tools improves: the default engine (see bench/RESULTS.md).

VROOM finds strong multi-day plans fast; OR-Tools' guided local search then uses
the rest of the time to polish them, which matters most for long single routes.
"""

from __future__ import annotations

import time

from routes_planner.engines import ortools_engine, vroom_engine
from routes_planner.problem import Problem
from routes_planner.schedule import repair

#: Share of the time limit VROOM may use before OR-Tools takes over.
VROOM_SHARE = 0.35


def solve(p: Problem, time_limit: float, seed: int) -> list[list[int]]:
    """VROOM's plan, improved by OR-Tools for the remaining time.

    Odd seeds let OR-Tools build its own first solution instead, so that two
    seeds searched in parallel (``--workers 2``) explore two different starts.
    """
    if seed % 2 == 1:
        return ortools_engine.solve(p, time_limit, seed)
    t0 = time.monotonic()
    first = repair(p, vroom_engine.solve(p, time_limit * VROOM_SHARE, seed))
    left = time_limit - (time.monotonic() - t0)
    if left < 0.2:
        return first
    return ortools_engine.solve(p, left, seed, initial=first)
