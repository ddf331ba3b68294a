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


def solve(p: Problem, time_limit: float, seed: int) -> list[list[int]]:
    """Routes per vehicle found by VROOM (exploration level 5, one thread)."""
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
    sol = inp.solve(exploration_level=5, nb_threads=1,
                    timeout=timedelta(seconds=max(0.05, time_limit)))
    routes: list[list[int]] = [[] for _ in p.vehicles]
    df = sol.routes
    for row in df[df["type"] == "job"].itertuples():
        routes[int(row.vehicle_id)].append(int(row.id))
    return routes
