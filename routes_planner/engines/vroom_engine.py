"""VROOM through pyvroom (BSD-2): fast construction and local search, one time line.

Team-days are vehicles with shifts at ``day * DAY``; visits get one time window per
allowed day, and skills say which teams may take them.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import vroom

from routes_planner.engines.common import absolute_windows, priority_level, team_sets
from routes_planner.problem import DAY, Problem

#: Measured seconds of exploration level 1 (one thread) for 300 visits x 100 team-days,
#: and how much longer each level takes (bench/RESULTS.md, "VROOM levels").
_LEVEL1_SECONDS_AT_30K = 2.7
_LEVEL_FACTOR = {1: 1.0, 2: 2.7, 3: 5.4, 4: 9.0, 5: 15.6}


def estimated_seconds(p: Problem, level: int, threads: int = 1) -> float:
    """Rough VROOM run time; it grows with (visits x team-days) ** 1.5."""
    work = max(1, len(p.visits)) * max(1, len(p.vehicles)) / 30_000
    return _LEVEL1_SECONDS_AT_30K * work**1.5 * _LEVEL_FACTOR[level] / (0.55 + 0.45 * threads)


def pick_level(p: Problem, budget: float, threads: int = 1) -> int:
    """The deepest exploration level expected to finish within ``budget`` seconds."""
    fitting = [lv for lv in _LEVEL_FACTOR if estimated_seconds(p, lv, threads) <= budget]
    return max(fitting, default=1)


def solve(
    p: Problem, time_limit: float, seed: int, threads: int = 1, level: int | None = None
) -> list[list[int]]:
    """Routes per vehicle found by VROOM within ``time_limit`` seconds.

    The exploration level is the deepest one expected to finish in time: a level-5
    search cut short by the timeout plans far worse than a finished level-1 search.
    """
    level = level or pick_level(p, time_limit, threads)
    inp = vroom.Input()
    for mode, m in p.mats.items():
        inp.set_durations_matrix(profile=mode, matrix_input=m.seconds.astype(np.uint32))
    set_ids, sets = team_sets(p)
    for v, veh in enumerate(p.vehicles):
        skills = {k for k, s in enumerate(sets) if veh.team in s}
        base = veh.day * DAY
        inp.add_vehicle(vroom.Vehicle(
            id=v, start=veh.start_loc, end=veh.end_loc, profile=veh.mode,
            skills=skills or {len(sets)},
            time_window=vroom.TimeWindow(base + veh.open, base + veh.close),
        ))
    jobs = []
    for i in range(len(p.visits)):
        jobs.append(vroom.Job(
            id=i, location=i, default_service=int(p.service[i]),
            skills={set_ids[i]}, priority=priority_level(p, i),
            time_windows=[vroom.TimeWindow(a, b) for a, b in absolute_windows(p, i)],
        ))
    inp.add_job(jobs)
    sol = inp.solve(exploration_level=level, nb_threads=max(1, threads),
                    timeout=timedelta(seconds=max(0.05, time_limit)))
    routes: list[list[int]] = [[] for _ in p.vehicles]
    df = sol.routes
    for row in df[df["type"] == "job"].itertuples():
        routes[int(row.vehicle_id)].append(int(row.id))
    return routes
