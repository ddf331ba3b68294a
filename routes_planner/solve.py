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

from routes_planner import tsp
from routes_planner.engines import DEFAULT_ENGINE, get_engine, prepare
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
from routes_planner.polish import polish
from routes_planner.problem import Problem, compile_problem
from routes_planner.processes import in_processes
from routes_planner.schedule import insert_missing, repair, route_cost, timing
from routes_planner.travel import TravelModel, default_travel
from routes_planner.workers import usable_cores

#: Share of the time limit kept for polishing the routes of a multi-day plan.
POLISH_SHARE = 0.03
#: From this many visits x team-days on, one search using all cores (VROOM threads)
#: beats several single-core searches (bench/RESULTS.md, "Scale").
LARGE_WORK = 40_000


def plan(
    visits: Sequence[Visit],
    teams: Sequence[Team],
    days: Sequence[date],
    travel: TravelModel | None = None,
    time_limit: float = 5.0,
    seed: int = 0,
    locked: Sequence[Locked] = (),
    engine: str = DEFAULT_ENGINE,
    workers: int | None = None,
    polish_routes: bool = True,
) -> Plan:
    """Plan ``visits`` onto the team-days of ``teams`` over ``days``.

    Every route in the result keeps all hard rules (shift incl. the way home, time
    windows, earliest day and deadline, pairs on teams of two, team working days,
    locked stops); every visit not in a route is in ``unplaced`` with a reason.
    ``time_limit`` bounds the engine's search in seconds; the same ``seed`` and
    input give the same plan when the search ends by its own budget.

    ``workers`` is how many cores the search may use (default: all this process
    may run on, :func:`~routes_planner.workers.usable_cores`): several seeds
    search side by side in processes and the best plan wins, or, on large
    instances, the engines use threads. ``workers=1`` searches in this process
    only. Where processes cannot run side by side (a daemonic process; a threaded
    caller whose worker processes are still starting, :mod:`routes_planner.processes`)
    one search runs and ``stats.notes`` says why; ``stats.searches`` counts them.
    ``polish_routes`` re-orders every route's stops after the search
    (:mod:`routes_planner.polish`).
    """
    get_engine(engine)  # an unknown or missing engine fails here, before any work
    t0 = _time.monotonic()
    workers = usable_cores() if workers is None else max(1, int(workers))
    problem = compile_problem(visits, teams, days, travel or default_travel(), locked)
    # Loading the engine's libraries (VROOM brings pandas) is a one-off per process
    # and can take seconds on a busy machine: it is kept out of the limit, so the
    # limit is all search, and a plain tour does not load them at all.
    t0 += prepare(engine, problem)
    # Keep a little of the limit for timing, repair and writing the plan, so the
    # whole call stays inside the limit the caller gave.
    deadline = t0 + time_limit - (0.02 + 0.02 * time_limit)
    routes = None
    notes = [] if tsp.available() else [tsp.MISSING_NOTE]
    searches = 1
    if workers > 1 and _seeds_in_parallel(problem, engine):
        routes, note = _best_of_seeds(problem, engine, deadline, seed, workers, polish_routes)
        if routes is None:
            notes.append(note)
        else:
            searches = workers
    if routes is None:
        routes = search(problem, engine, deadline, seed, workers, polish_routes)
    return build_plan(problem, routes, engine, _time.monotonic() - t0, tuple(notes), searches)


def search(p: Problem, engine: str, deadline: float, seed: int, threads: int = 1,
           polish_routes: bool = True) -> list[list[int]]:
    """One seeded search that ends by ``deadline`` (``time.monotonic``): the
    engine's routes, repaired, completed and polished."""
    solver = get_engine(engine)
    polish_share = POLISH_SHARE * (deadline - _time.monotonic()) if len(p.vehicles) > 1 else 0
    budget = max(0.05, deadline - polish_share - _time.monotonic())
    options = {"threads": threads} if threads > 1 else {}
    routes = solver(p, budget, seed, **options) if len(p.visits) else [
        list(p.locked.get(v, [])) for v in range(len(p.vehicles))
    ]
    routes = repair(p, routes)
    insert_missing(p, routes)
    if polish_routes:
        routes = polish(p, routes, deadline)
    return routes


def objective(p: Problem, routes: list[list[int]]) -> int:
    """Travel seconds plus the penalty of every visit left out (lower is better)."""
    placed = {i for seq in routes for i in seq}
    missing = sum(int(p.penalty[i]) for i in range(len(p.visits)) if i not in placed)
    return sum(route_cost(p, v, seq) for v, seq in enumerate(routes)) + missing


def _seeds_in_parallel(p: Problem, engine: str) -> bool:
    """Whether several seeds in processes are the way to use more cores: not for a
    single tour (fast-tsp's threads), not for deterministic engines, and not for
    large instances, where one search with threads plans better (bench/RESULTS.md)."""
    if engine in ("vroom", "baseline") or len(p.vehicles) <= 1 or not len(p.visits):
        return False
    return len(p.visits) * len(p.vehicles) < LARGE_WORK


def _best_of_seeds(p: Problem, engine: str, deadline: float, seed: int, workers: int,
                   polish_routes: bool) -> tuple[list[list[int]] | None, str | None]:
    """Seeds ``seed .. seed+workers-1`` searched in parallel processes; the lowest
    objective wins, ties to the lowest seed. (None, why) when they cannot run side by
    side here (:mod:`routes_planner.processes`)."""
    found = in_processes(search, [(p, engine, deadline, seed + k, 1, polish_routes)
                                  for k in range(workers)], deadline - _time.monotonic())
    if found.results is None:
        return None, found.note
    return min(found.results, key=lambda routes: objective(p, routes)), None


def build_plan(p: Problem, routes: list[list[int]], engine: str, seconds: float,
               notes: tuple[str, ...] = (), searches: int = 1) -> Plan:
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
    return Plan(tuple(out), tuple(unplaced), PlanStats(engine, seconds, objective, notes, searches))


def _clock(seconds: int) -> time:
    seconds = max(0, min(int(seconds), 86_399))
    return time(seconds // 3600, seconds % 3600 // 60, seconds % 60)
