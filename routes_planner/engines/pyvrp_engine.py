"""PyVRP (MIT): iterated local search on one time line.

Team-days are vehicle types with shifts at ``day * DAY``. A visit with several
allowed days and a daily window becomes one client per day in a mutually exclusive
group; which teams may take a visit is a load dimension the other teams lack.
"""

from __future__ import annotations

import time

import numpy as np
import pyvrp
from pyvrp.stop import MaxRuntime

from routes_planner.engines.common import absolute_windows, team_sets
from routes_planner.problem import DAY, Problem


def solve(
    p: Problem, time_limit: float, seed: int, initial: list[list[int]] | None = None,
    **_options,
) -> list[list[int]]:
    """Routes per vehicle found by PyVRP within ``time_limit`` seconds.

    With ``initial`` routes (e.g. from VROOM) the search starts from them.
    """
    t0 = time.monotonic()
    n = len(p.visits)
    modes = sorted(p.mats)
    locations = [pyvrp.Location(x=0, y=0) for _ in p.places]
    depot_locs = sorted({veh.start_loc for veh in p.vehicles} | {veh.end_loc for veh in p.vehicles})
    depot_ix = {loc: k for k, loc in enumerate(depot_locs)}
    depots = [pyvrp.Depot(location=loc) for loc in depot_locs]

    set_ids, sets = team_sets(p)
    all_teams = {veh.team for veh in p.vehicles}
    dims = [k for k, s in enumerate(sets) if set(s) != all_teams]
    dim_of = {k: d for d, k in enumerate(dims)}

    clients, groups, owner = [], [], []
    copies: list[tuple[list[tuple[int, int]], int]] = []
    for i in range(n):
        delivery = [0] * len(dims)
        if set_ids[i] in dim_of:
            delivery[dim_of[set_ids[i]]] = 1
        spans = absolute_windows(p, i)
        members = []
        copies.append((spans, len(clients)))
        group = len(groups) if len(spans) > 1 else None
        for a, b in spans:
            members.append(len(clients))
            owner.append(i)
            clients.append(pyvrp.Client(
                location=i, delivery=delivery, service_duration=int(p.service[i]),
                tw_early=a, tw_late=b, prize=int(p.penalty[i]), required=False,
                group=group,
            ))
        if len(members) > 1:
            groups.append(pyvrp.ClientGroup(members, required=False))

    vtypes = []
    for veh in p.vehicles:
        cap = [n if veh.team in sets[k] else 0 for k in dims]
        base = veh.day * DAY
        vtypes.append(pyvrp.VehicleType(
            num_available=1, capacity=cap,
            start_depot=depot_ix[veh.start_loc], end_depot=depot_ix[veh.end_loc],
            tw_early=base + veh.open, tw_late=base + veh.close,
            profile=modes.index(veh.mode),
        ))
    mats = [np.ascontiguousarray(p.mats[m].seconds, dtype=np.int64) for m in modes]
    data = pyvrp.ProblemData(locations, clients, depots, vtypes, mats, mats, groups)
    start = _initial_solution(p, data, initial, copies) if initial is not None else None
    # Building the data counts against the caller's time limit too.
    left = time_limit - (time.monotonic() - t0)
    res = pyvrp.solve(data, stop=MaxRuntime(max(0.05, left)), seed=seed, display=False,
                      initial_solution=start)

    routes: list[list[int]] = [[] for _ in p.vehicles]
    for r in res.best.routes():
        for act in r.schedule():
            if act.type == pyvrp.ActivityType.CLIENT:
                routes[r.vehicle_type()].append(owner[act.idx])
    return routes


def _initial_solution(p: Problem, data, initial: list[list[int]], copies) -> pyvrp.Solution:
    """The given routes as a PyVRP solution: each visit's copy for its route's day."""
    routes = []
    for v, seq in enumerate(initial):
        if not seq:
            continue
        base = p.vehicles[v].day * DAY
        acts = []
        for i in seq:
            spans, first = copies[i]
            t = base + int(p.lo[i, v])
            k = next((k for k, (a, b) in enumerate(spans) if a <= t <= b), 0)
            acts.append(pyvrp.Activity(pyvrp.ActivityType.CLIENT, first + k))
        routes.append(pyvrp.Route(data, acts, v))
    return pyvrp.Solution(data, routes)
