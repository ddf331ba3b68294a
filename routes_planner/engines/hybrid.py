"""VROOM builds, PyVRP improves: the default engine (see bench/RESULTS.md).

VROOM (BSD-2) finds strong multi-day plans fast; PyVRP's iterated local search
(MIT) then uses the rest of the time limit to improve them. Large instances are
built sector by sector (:mod:`routes_planner.decompose`) and, with several cores,
improved sector by sector in processes side by side (PyVRP's search is one
thread). A single team-day is a
travelling-salesman tour: fast-tsp (MIT) orders it, and when its tour keeps every
window and the shift it is the answer; otherwise PyVRP searches from it. Measured
alternatives (OR-Tools polishing, OR-Tools or PyVRP alone) planned worse on every
benchmark instance.

VROOM and PyVRP (VROOM brings pandas) take seconds to import on a busy machine, and
a plain tour never needs them: they are imported only for a problem that does (see
:func:`prepare`), and their loading is never counted in the search's time limit.
"""

from __future__ import annotations

import time
from types import ModuleType

import numpy as np

from routes_planner import tsp
from routes_planner.decompose import (
    Part,
    by_region,
    by_region_of_routes,
    by_week,
    merge,
    subproblem,
)
from routes_planner.problem import Problem
from routes_planner.processes import in_processes
from routes_planner.schedule import insert_missing, repair, route_cost, timing

#: Share of the time limit VROOM's level is chosen for on ordinary instances.
VROOM_SHARE = 0.4
#: Visits x team-days from which VROOM gets up to half the time (bench/RESULTS.md).
LARGE_WORK = 40_000
#: Below this many seconds left, improving is not worth building PyVRP's model.
MIN_POLISH_SECONDS = 0.5
#: VROOM's exploration level on large instances; None = the deepest expected to
#: finish in its share (bench/scale_variants.py measures the alternatives).
LARGE_LEVEL: int | None = None
#: On large instances with several cores, improve VROOM's plan with one PyVRP seed
#: per core in processes (True) or with one PyVRP search (False).
PARALLEL_IMPROVE = False
#: On large instances, build VROOM's plan part by part (routes_planner/decompose.py)
#: with a deeper level per part: "region" (sectors around the teams' starts, each
#: with a share of every team's days), "week", or None (the whole period at once).
#: PyVRP then improves the whole merged plan. "week-improve" builds as None does,
#: then lets PyVRP improve each week's routes alone before the whole plan.
#: "region" won on every scale instance measured; "week" lost (bench/RESULTS.md).
DECOMPOSE: str | None = "region"
#: Sectors for "region"; None = one per PART_WORK visits x team-days, at least 2.
REGIONS: int | None = None
#: The visits x team-days a part is aimed at.
PART_WORK = 50_000
#: At most this many sectors: more would be thin wedges (4 measured best at scale,
#: larger instances were not measured).
MAX_REGIONS = 8
#: Share of the time limit for the part-by-part construction.
DECOMPOSE_SHARE = 0.8
#: After a regional construction with more than one core: rounds of PyVRP sector by
#: sector (the sectors searched side by side, one process per core; each round's
#: cuts turned against the construction's and the other rounds'), in this share of
#: the time left; PyVRP on the whole plan gets the rest. With one core, or 0
#: rounds, PyVRP improves the whole plan. Two sectors took 2.6-5.9 thousand seconds
#: of travel off in 12-17 s where the whole plan's PyVRP took 1.6-3.8 (seeds
#: 312-314; four sectors: 2.6-2.7; bench/RESULTS.md).
SECTOR_ROUNDS = 2
SECTOR_IMPROVE_SHARE = 1.0
#: Sectors of those rounds; None = as many as the construction had.
SECTOR_IMPROVE_REGIONS: int | None = 2
#: How much longer than vroom_engine.estimated_seconds a part is first assumed to
#: take (the estimate is calibrated on whole months; small parts take longer per
#: unit of work). Each finished part re-calibrates it for the next.
PART_SLOWDOWN = 3.0


def prepare(p: Problem) -> None:
    """Import the engine libraries ``p`` will need, before the search's clock starts.
    A single team-day that fast-tsp may order alone needs neither of them."""
    if not _tour_first(p):
        _vroom()
        _pyvrp()


def _tour_first(p: Problem) -> bool:
    return len(p.vehicles) == 1 and not p.locked and tsp.available()


def _vroom() -> ModuleType:
    from routes_planner.engines import vroom_engine

    return vroom_engine


def _pyvrp() -> ModuleType:
    from routes_planner.engines import pyvrp_engine

    return pyvrp_engine


def objective(p: Problem, routes: list[list[int]]) -> int:
    """Travel seconds plus the penalty of every visit left out."""
    placed = {i for seq in routes for i in seq}
    missing = sum(int(p.penalty[i]) for i in range(len(p.visits)) if i not in placed)
    return sum(route_cost(p, v, seq) for v, seq in enumerate(routes)) + missing


def solve(p: Problem, time_limit: float, seed: int, threads: int = 1) -> list[list[int]]:
    """VROOM's plan, improved by PyVRP for the remaining time (seeded)."""
    if len(p.vehicles) == 1:
        return single_route(p, time_limit, seed, threads)
    vroom_engine, pyvrp_engine = _vroom(), _pyvrp()
    t0 = time.monotonic()
    large = len(p.visits) * len(p.vehicles) >= LARGE_WORK
    parts = _parts(p) if large else []
    if len(parts) > 1:
        first = by_parts(p, parts, DECOMPOSE_SHARE * time_limit, seed, threads)
        # Visits their week could not take may fit another allowed week.
        insert_missing(p, first, time.monotonic() + 0.1 * time_limit)
        if DECOMPOSE == "region" and SECTOR_ROUNDS and threads > 1:
            left = time_limit - (time.monotonic() - t0)
            first = improve_by_sectors(p, first, SECTOR_IMPROVE_REGIONS or len(parts),
                                       SECTOR_IMPROVE_SHARE * left, seed, threads)
    else:
        share = 0.5 if large else VROOM_SHARE
        level = vroom_engine.pick_level(p, time_limit * share, threads)
        if large and LARGE_LEVEL is not None:
            level = LARGE_LEVEL
        # VROOM may overrun its estimate on a busy machine; its timeout keeps room for
        # the polish, and a cut-short VROOM plan is still complete.
        budget = 0.85 * time_limit if large else time_limit * share * 1.5
        first = repair(p, vroom_engine.solve(p, budget, seed, threads=threads, level=level))
    if large and DECOMPOSE == "week-improve":
        first = improve_by_parts(p, first, by_week_of_routes(p, first),
                                 0.5 * (time_limit - (time.monotonic() - t0)), seed)
    left = time_limit - (time.monotonic() - t0)
    if left < MIN_POLISH_SECONDS:
        return first
    found = None
    if large and threads > 1 and PARALLEL_IMPROVE:
        deadline = time.monotonic() + left
        found = in_processes(_improve, [(p, deadline, seed + k, first) for k in range(threads)],
                             left).results
    if found is None:
        found = [pyvrp_engine.solve(p, left, seed, initial=first)]
    candidates = [first, *(repair(p, routes) for routes in found)]
    return min(candidates, key=lambda routes: objective(p, routes))


def _parts(p: Problem) -> list[Part]:
    if DECOMPOSE == "week":
        return by_week(p)
    if DECOMPOSE == "region":
        work = len(p.visits) * len(p.vehicles)
        return by_region(p, REGIONS or min(MAX_REGIONS, max(2, round(work / PART_WORK))))
    return []


def by_parts(p: Problem, parts: list[Part], budget: float, seed: int, threads: int = 1
             ) -> list[list[int]]:
    """VROOM's plan of each part on its own, merged into one plan of ``p``.

    Each part gets the share of ``budget`` its expected VROOM time asks for (what an
    earlier part overran or saved goes to the later ones) and the deepest level
    expected to finish in it; the expectation is corrected by how long the parts
    before it took against theirs."""
    vroom_engine = _vroom()
    stop = time.monotonic() + budget
    subs = [subproblem(p, part.visits, part.vehicles) for part in parts]
    expected = [vroom_engine.estimated_seconds(sub, 1, threads) for sub in subs]
    slowdown = PART_SLOWDOWN
    planned = []
    for k, sub in enumerate(subs):
        if not len(sub.visits):
            planned.append([list(sub.locked.get(v, [])) for v in range(len(sub.vehicles))])
            continue
        share = max(0.05, stop - time.monotonic()) * expected[k] / sum(expected[k:])
        level = vroom_engine.pick_level(sub, share / slowdown, threads)
        started = time.monotonic()
        routes = vroom_engine.solve(sub, 1.5 * share, seed, threads=threads, level=level)
        took = time.monotonic() - started
        # A finished part measures this machine's speed now; one cut short by its
        # timeout says at least that the next level must be lower.
        measured = took / vroom_engine.estimated_seconds(sub, level, threads)
        slowdown = max(0.1, measured) if took < 1.4 * share else max(2 * slowdown, measured)
        planned.append(repair(sub, routes))
    return merge(p, parts, planned)


def improve_by_sectors(p: Problem, routes: list[list[int]], k: int, budget: float, seed: int,
                       workers: int = 1) -> list[list[int]]:
    """:data:`SECTOR_ROUNDS` rounds of :func:`improve_by_parts` on ``k`` sectors of the
    plan's routes. The cuts of round r are turned by (r + 1) / (rounds + 1) of a
    sector against the construction's (:func:`by_region`), so that no round cuts
    where the construction or another round did: what one border kept apart, the
    next round searches together."""
    stop = time.monotonic() + budget
    for r in range(SECTOR_ROUNDS):
        left = stop - time.monotonic()
        if left < MIN_POLISH_SECONDS:
            break
        parts = by_region_of_routes(p, routes, k, turn=(r + 1) / (SECTOR_ROUNDS + 1))
        routes = improve_by_parts(p, routes, parts, left / (SECTOR_ROUNDS - r), seed + r,
                                  workers)
    return routes


def by_week_of_routes(p: Problem, routes: list[list[int]]) -> list[Part]:
    """The weeks of ``p`` with the visits ``routes`` placed in each."""
    weeks = [part.vehicles for part in by_week(p)]
    return [Part(np.array(sorted(i for v in vs for i in routes[v]), dtype=np.int64), vs)
            for vs in weeks]


def improve_by_parts(p: Problem, routes: list[list[int]], parts: list[Part], budget: float,
                     seed: int, workers: int = 1) -> list[list[int]]:
    """PyVRP on each part's routes alone, from those routes, for its share of
    ``budget``; a part's new routes replace the old ones when they travel less.

    The parts are independent, so with ``workers`` > 1 they are searched in that
    many processes side by side (each process takes its parts one after the other,
    each for a share of the time by its number of visits); where processes cannot
    run (:mod:`routes_planner.processes`) they are searched here one by one."""
    deadline = time.monotonic() + budget
    jobs = []
    for part in parts:
        if not len(part.visits):
            continue
        sub = subproblem(p, part.visits, part.vehicles)
        index = {int(i): j for j, i in enumerate(part.visits)}
        jobs.append((part, sub, [[index[i] for i in routes[int(v)] if i in index]
                                 for v in part.vehicles]))
    # Largest parts first onto the least loaded process.
    chunks: list[list[int]] = [[] for _ in range(max(1, min(workers, len(jobs))))]
    for j in sorted(range(len(jobs)), key=lambda j: -len(jobs[j][0].visits)):
        min(chunks, key=lambda c: sum(len(jobs[x][0].visits) for x in c)).append(j)
    calls = [([jobs[j][1:] for j in chunk], deadline, seed) for chunk in chunks]
    found = in_processes(_improve_parts, calls, budget).results if len(calls) > 1 else None
    if found is None:
        found = [_improve_parts([job[1:] for job in jobs], deadline, seed)]
        chunks = [list(range(len(jobs)))]
    out = [list(seq) for seq in routes]
    for chunk, results in zip(chunks, found, strict=True):
        for j, new in zip(chunk, results, strict=True):
            part, sub, current = jobs[j]
            if objective(sub, new) < objective(sub, current):
                for k, v in enumerate(part.vehicles):
                    out[int(v)] = [int(part.visits[i]) for i in new[k]]
    return out


def _improve_parts(jobs: list[tuple[Problem, list[list[int]]]], deadline: float, seed: int
                   ) -> list[list[list[int]]]:
    """PyVRP on each (part, its routes) in turn until ``deadline`` (monotonic), each
    for a share of the time left by its number of visits; repaired routes."""
    pyvrp_engine = _pyvrp()
    out = []
    for k, (sub, current) in enumerate(jobs):
        left = deadline - time.monotonic()
        share = left * len(sub.visits) / sum(len(s.visits) for s, _ in jobs[k:])
        if share < MIN_POLISH_SECONDS:
            out.append(current)
            continue
        out.append(repair(sub, pyvrp_engine.solve(sub, share, seed, initial=current)))
    return out


def _improve(p: Problem, deadline: float, seed: int, first: list[list[int]]) -> list[list[int]]:
    """PyVRP from ``first`` until ``deadline`` (monotonic), in a worker process."""
    return _pyvrp().solve(p, max(0.05, deadline - time.monotonic()), seed, initial=first)


def single_route(p: Problem, time_limit: float, seed: int, threads: int = 1
                 ) -> list[list[int]]:
    """One team-day: fast-tsp's tour when it keeps every rule (then it is optimal:
    travel is the whole cost and every visit is in), else PyVRP from that tour."""
    t0 = time.monotonic()
    veh = p.vehicles[0]
    initial = None
    if _tour_first(p):
        stops = [i for i in range(len(p.visits)) if p.allowed[i, 0]]
        order = tsp.tour(p.secs(0), veh.start_loc, veh.end_loc, stops, 0.95 * time_limit,
                         threads=threads)
        if order is not None:
            closed = tsp.closed(p.secs(0), veh.start_loc, veh.end_loc)
            for cand in ([order, order[::-1]] if closed else [order]):
                if timing(p, 0, cand) is not None:
                    return [cand]
            initial = repair(p, [order])
    # PyVRP is loaded only now that it is needed; loading is not search time.
    loading = time.monotonic()
    pyvrp_engine = _pyvrp()
    t0 += time.monotonic() - loading
    left = time_limit - (time.monotonic() - t0)
    if initial is not None and left < MIN_POLISH_SECONDS:
        return initial
    found = repair(p, pyvrp_engine.solve(p, left, seed, initial=initial))
    if initial is None:
        return found
    return min((initial, found), key=lambda routes: objective(p, routes))
