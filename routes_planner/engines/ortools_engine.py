"""Google OR-Tools routing (Apache-2.0): guided local search on one time line.

Every team-day is a vehicle whose shift sits at ``day * DAY`` on a shared time
line, so one time dimension covers earliest days, deadlines and daily windows.
"""

from __future__ import annotations

import time

import numpy as np
from ortools.constraint_solver import pywrapcp, routing_enums_pb2
from ortools.util import optional_boolean_pb2

from routes_planner.engines.common import absolute_windows
from routes_planner.problem import DAY, Problem

_FIRST = routing_enums_pb2.FirstSolutionStrategy
_META = routing_enums_pb2.LocalSearchMetaheuristic


def solve(
    p: Problem, time_limit: float, seed: int, initial: list[list[int]] | None = None,
    **_options,
) -> list[list[int]]:
    """Routes per vehicle found by OR-Tools within ``time_limit`` seconds.

    With ``initial`` routes (e.g. from VROOM) the guided local search starts from
    them instead of building its own first solution.
    """
    t0 = time.monotonic()
    n, nv = len(p.visits), len(p.vehicles)
    nloc = len(p.places)
    starts = [veh.start_loc for veh in p.vehicles]
    ends = [veh.end_loc for veh in p.vehicles]
    manager = pywrapcp.RoutingIndexManager(nloc, nv, starts, ends)
    routing = pywrapcp.RoutingModel(manager)

    service = np.zeros(nloc, dtype=np.int64)
    service[:n] = p.service
    transit_cb, cost_cb = {}, {}
    for mode, m in p.mats.items():
        cost_cb[mode] = routing.RegisterTransitMatrix(m.seconds.tolist())
        # Time from i to j includes the service at i, so the cumul is the start at j.
        transit_cb[mode] = routing.RegisterTransitMatrix((m.seconds + service[:, None]).tolist())
    for v, veh in enumerate(p.vehicles):
        routing.SetArcCostEvaluatorOfVehicle(cost_cb[veh.mode], v)

    horizon = len(p.days) * DAY
    routing.AddDimensionWithVehicleTransits(
        [transit_cb[veh.mode] for veh in p.vehicles], DAY, horizon, False, "time"
    )
    time_dim = routing.GetDimensionOrDie("time")
    for v, veh in enumerate(p.vehicles):
        base = veh.day * DAY
        time_dim.CumulVar(routing.Start(v)).SetRange(base + veh.open, base + veh.close)
        time_dim.CumulVar(routing.End(v)).SetRange(base + veh.open, base + veh.close)

    locked_visits = {i for seq in p.locked.values() for i in seq}
    for i in range(n):
        index = manager.NodeToIndex(i)
        vs = np.flatnonzero(p.allowed[i])
        spans = absolute_windows(p, i)
        cumul = time_dim.CumulVar(index)
        cumul.SetRange(spans[0][0], spans[-1][1])
        for (_, b), (a, _) in zip(spans, spans[1:], strict=False):
            cumul.RemoveInterval(b + 1, a - 1)
        if len(vs) < nv:
            # -1 keeps "not performed" possible (the disjunction decides).
            routing.VehicleVar(index).SetValues([-1, *(int(v) for v in vs)])
        if i not in locked_visits:
            routing.AddDisjunction([index], int(p.penalty[i]))

    solver = routing.solver()
    for v, seq in p.locked.items():
        prev = routing.Start(v)
        for i in seq:
            solver.Add(routing.NextVar(prev) == manager.NodeToIndex(i))
            prev = manager.NodeToIndex(i)

    for v in range(nv):
        # Cheap start and end give the search room; waiting inside a route is fine.
        routing.AddVariableMinimizedByFinalizer(time_dim.CumulVar(routing.Start(v)))
        routing.AddVariableMinimizedByFinalizer(time_dim.CumulVar(routing.End(v)))

    params = pywrapcp.DefaultRoutingSearchParameters()
    if nv == 1:
        # Two seeds, two different starting tours (bench/RESULTS.md, "TSPLIB").
        params.first_solution_strategy = (
            _FIRST.PATH_CHEAPEST_ARC if seed % 2 == 0 else _FIRST.CHRISTOFIDES
        )
        # Lin-Kernighan moves pay off on long single routes (TSP-like days).
        params.local_search_operators.use_lin_kernighan = optional_boolean_pb2.BOOL_TRUE
    else:
        params.first_solution_strategy = _FIRST.PARALLEL_CHEAPEST_INSERTION
    params.local_search_metaheuristic = _META.GUIDED_LOCAL_SEARCH
    # Building the model counts against the caller's time limit, not just the search.
    left = time_limit - (time.monotonic() - t0)
    params.time_limit.FromMilliseconds(max(50, int(left * 1000)))
    solution = None
    if initial is not None:
        routing.CloseModelWithParameters(params)
        start = routing.ReadAssignmentFromRoutes(initial, True)
        if start is not None:
            solution = routing.SolveFromAssignmentWithParameters(start, params)
    if solution is None:
        solution = routing.SolveWithParameters(params)

    routes: list[list[int]] = [[] for _ in range(nv)]
    if solution is None:
        return [list(p.locked.get(v, [])) for v in range(nv)]
    for v in range(nv):
        index = solution.Value(routing.NextVar(routing.Start(v)))
        while not routing.IsEnd(index):
            routes[v].append(manager.IndexToNode(index))
            index = solution.Value(routing.NextVar(index))
    return routes
