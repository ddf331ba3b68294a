"""Multi-day planning: visits -> team-days -> ordered stops, behind one function.

:func:`plan` compiles the input (:mod:`routes_planner.problem`), lets an engine
propose routes (:mod:`routes_planner.engines`), then times, repairs and completes
them the same way for every engine (:mod:`routes_planner.schedule`). A visit that is
not in a route is in ``Plan.unplaced`` with its reason.
"""

from __future__ import annotations

import time as _time
from collections.abc import Sequence
from datetime import date, time

from routes_planner.engines import DEFAULT_ENGINE, get_engine
from routes_planner.model import (
    Locked,
    Plan,
    PlanStats,
    Route,
    Stop,
    Team,
    Unplaced,
    UnplacedReason,
    Visit,
)
from routes_planner.problem import Problem, compile_problem
from routes_planner.schedule import insert_missing, repair, route_cost, timing
from routes_planner.travel import TravelModel, default_travel


def plan(
    visits: Sequence[Visit],
    teams: Sequence[Team],
    days: Sequence[date],
    travel: TravelModel | None = None,
    time_limit: float = 5.0,
    seed: int = 0,
    locked: Sequence[Locked] = (),
    engine: str = DEFAULT_ENGINE,
    threads: int = 1,
) -> Plan:
    """Plan ``visits`` onto the team-days of ``teams`` over ``days``.

    Every route in the result keeps all hard rules (shift incl. the way home, time
    windows, earliest day and deadline, pairs on teams of two, team working days,
    locked stops); every visit not in a route is in ``unplaced`` with a reason.
    ``time_limit`` bounds the engine's search in seconds; the same ``seed`` and
    input give the same plan when the search ends by its own budget. ``threads``
    lets engines that can use several cores (VROOM) do so.
    """
    t0 = _time.monotonic()
    problem = compile_problem(visits, teams, days, travel or default_travel(), locked)
    solver = get_engine(engine)
    # Keep a little of the limit for timing, repair and writing the plan, so the
    # whole call stays inside the limit the caller gave.
    reserve = 0.02 + 0.02 * time_limit
    budget = max(0.05, time_limit - reserve - (_time.monotonic() - t0))
    options = {"threads": threads} if threads > 1 else {}
    routes = solver(problem, budget, seed, **options) if len(problem.visits) else [
        list(problem.locked.get(v, [])) for v in range(len(problem.vehicles))
    ]
    routes = repair(problem, routes)
    insert_missing(problem, routes)
    return build_plan(problem, routes, engine, _time.monotonic() - t0)


def build_plan(p: Problem, routes: list[list[int]], engine: str, seconds: float) -> Plan:
    """Turn per-vehicle visit orders into a Plan with times, totals and reasons."""
    out: list[Route] = []
    placed: set[int] = set()
    objective = 0
    for v, seq in enumerate(routes):
        if not seq:
            continue
        # repair() leaves only feasible routes, except locked stops that no longer fit.
        times = timing(p, v, seq) or timing(p, v, seq, strict=False)
        veh = p.vehicles[v]
        sec, met = p.secs(v), p.metres(v)
        locked = set(p.locked.get(v, []))
        first = seq[0]
        # Leave as late as the first stop allows, so the team does not wait there.
        leave = veh.open
        if first not in p.fixed_start:
            leave = max(veh.open, times[0][1] - int(sec[veh.start_loc, first]))
            times[0] = (leave + int(sec[veh.start_loc, first]), times[0][1])
        stops = []
        prev = veh.start_loc
        for i, (arrive, start) in zip(seq, times, strict=True):
            vis = p.visits[i]
            stops.append(Stop(
                visit=vis.id,
                arrival=_clock(arrive),
                start=_clock(start),
                departure=_clock(start + int(p.service[i])),
                lat=vis.lat, lon=vis.lon, node=vis.node,
                travel_seconds=int(sec[prev, i]),
                travel_metres=int(met[prev, i]),
                locked=i in locked,
            ))
            prev = i
        last_dep = times[-1][1] + int(p.service[seq[-1]])
        path = [veh.start_loc, *seq, veh.end_loc]
        travel_s = route_cost(p, v, seq)
        travel_m = int(met[path[:-1], path[1:]].sum())
        objective += travel_s
        team = p.teams[veh.team]
        out.append(Route(
            team=team.id, day=p.days[veh.day], stops=tuple(stops),
            leave=_clock(leave), back=_clock(last_dep + int(sec[seq[-1], veh.end_loc])),
            travel_seconds=travel_s, travel_metres=travel_m,
            start=team.start, end=team.end_place, mode=team.mode,
        ))
        placed.update(seq)
    unplaced = list(p.unplaced)
    for i, vis in enumerate(p.visits):
        if i in placed:
            continue
        objective += int(p.penalty[i])
        if vis.required:
            unplaced.append(Unplaced(
                vis.id, UnplacedReason.NO_CAPACITY,
                f"Visit {vis.id}: every team-day that could take it before its deadline "
                "is full.",
            ))
        else:
            unplaced.append(Unplaced(
                vis.id, UnplacedReason.OPTIONAL_LEFT_OUT,
                f"Visit {vis.id} is optional and did not fit into the plan.",
            ))
    out.sort(key=lambda r: (r.day, r.team))
    return Plan(tuple(out), tuple(unplaced), PlanStats(engine, seconds, objective))


def _clock(seconds: int) -> time:
    seconds = max(0, min(int(seconds), 86_399))
    return time(seconds // 3600, seconds % 3600 // 60, seconds % 60)
