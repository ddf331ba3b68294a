"""Nearest neighbour + 2-opt: the simple baseline the engines are measured against.

Team-days are filled in date order: each takes the nearest visit it can still
reach in time, until none fits; then every route is improved by 2-opt.
"""

from __future__ import annotations

import time

import numpy as np

from routes_planner.problem import Problem
from routes_planner.schedule import timing, two_opt


def solve(p: Problem, time_limit: float, seed: int, **_options) -> list[list[int]]:
    """Routes per vehicle: nearest feasible neighbour, then 2-opt per route."""
    stop = time.monotonic() + time_limit
    n = len(p.visits)
    free = np.ones(n, dtype=bool)
    routes: list[list[int]] = []
    order = sorted(range(len(p.vehicles)), key=lambda v: (p.vehicles[v].day, v))
    by_vehicle: dict[int, list[int]] = {}
    for v in order:
        seq = list(p.locked.get(v, []))
        free[seq] = False
        sec = p.secs(v)
        loc = seq[-1] if seq else p.vehicles[v].start_loc
        while True:
            cand = np.flatnonzero(free & p.allowed[:, v])
            if not len(cand):
                break
            placed = False
            for i in cand[np.argsort(sec[loc, cand], kind="stable")]:
                if timing(p, v, [*seq, int(i)]) is not None:
                    seq.append(int(i))
                    free[i] = False
                    loc = int(i)
                    placed = True
                    break
            if not placed:
                break
        by_vehicle[v] = seq
    for v in range(len(p.vehicles)):
        seq = by_vehicle[v]
        routes.append(two_opt(p, v, seq, stop))
    return routes
