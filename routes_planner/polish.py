"""Every route polished after the assignment search: the same stops, a shorter order.

The engines decide which team-day takes which visit; with many team-days their
search spends little time on each day's order. Here each route's stops are put in
the best order found that still keeps every rule:

1. the optimal tour by :mod:`routes_planner.tsp` (fast-tsp), taken when it keeps
   the windows and the shift, in either direction;
2. otherwise, and after it, a route-level local search (Or-opt: move a run of one to
   three stops elsewhere, also reversed; 2-opt: reverse a stretch) that takes a move
   only when it shortens the travel and :func:`~routes_planner.schedule.timing` finds
   the route still feasible.

Locked stops stay first and in their order; only the stops after them move. A route
is never made longer, and never infeasible: each accepted order passed ``timing``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from routes_planner import tsp
from routes_planner.problem import Problem
from routes_planner.schedule import route_cost, timing

#: The most seconds fast-tsp may spend on one route of a multi-day plan; routes of
#: up to 20 stops are solved exactly in far less.
TOUR_SECONDS = 0.2


def polish(p: Problem, routes: list[list[int]], deadline: float) -> list[list[int]]:
    """Each route re-ordered by :func:`polish_route` until ``deadline`` (monotonic)."""
    out = [list(seq) for seq in routes]
    for v, seq in enumerate(out):
        if time.monotonic() >= deadline:
            break
        # A single team-day was ordered by fast-tsp already (engines/hybrid.py).
        out[v] = polish_route(p, v, seq, deadline, with_tour=len(p.vehicles) > 1)
    return out


def polish_route(p: Problem, v: int, seq: Sequence[int], deadline: float,
                 with_tour: bool = True) -> list[int]:
    """The stops of vehicle ``v``'s feasible route ``seq`` in a feasible order that
    travels no more; ``seq`` itself when nothing better is found in time.
    ``with_tour=False`` skips fast-tsp (the route was ordered by it already)."""
    seq = list(seq)
    fixed = len(p.locked.get(v, []))
    if len(seq) - fixed < 2 or timing(p, v, seq) is None:
        return seq
    best, best_cost = seq, route_cost(p, v, seq)
    veh = p.vehicles[v]
    sec = p.secs(v)
    origin = seq[fixed - 1] if fixed else veh.start_loc
    left = deadline - time.monotonic()
    order = tsp.tour(sec, origin, veh.end_loc, seq[fixed:], min(TOUR_SECONDS, left)) \
        if with_tour else None
    if order is not None:
        both = [order, order[::-1]] if tsp.closed(sec, origin, veh.end_loc) else [order]
        for cand in both:
            full = seq[:fixed] + cand
            cost = route_cost(p, v, full)
            if cost < best_cost and timing(p, v, full) is not None:
                best, best_cost = full, cost
    return local_search(p, v, best, deadline)


def local_search(p: Problem, v: int, seq: list[int], deadline: float) -> list[int]:
    """Or-opt and 2-opt moves that shorten the route and keep it feasible, first
    improvement, until none is left or ``deadline`` passes."""
    fixed = len(p.locked.get(v, []))
    veh = p.vehicles[v]
    d = p.secs(v).tolist() if len(p.places) <= 400 else None
    sec = p.secs(v)

    def dist(a: int, b: int) -> int:
        return d[a][b] if d is not None else int(sec[a, b])

    improved = True
    while improved and time.monotonic() < deadline:
        improved = False
        for move in (_or_opt, _two_opt):
            cand = move(p, v, seq, fixed, veh.start_loc, veh.end_loc, dist, deadline)
            if cand is not None:
                seq, improved = cand, True
                break
    return seq


def _or_opt(p, v, seq, fixed, start, end, dist, deadline):
    """The first feasible improving move of a run of 1-3 stops, or None."""
    n = len(seq)
    path = [start, *seq, end]
    for length in (1, 2, 3):
        for i in range(fixed, n - length + 1):
            if time.monotonic() >= deadline:
                return None
            # path positions: the run is path[i+1 .. i+length]
            prev, first, last, nxt = path[i], path[i + 1], path[i + length], path[i + length + 1]
            gain = dist(prev, first) + dist(last, nxt) - dist(prev, nxt)
            run = seq[i:i + length]
            inner = sum(dist(a, b) for a, b in zip(run, run[1:], strict=False))
            inner_rev = sum(dist(b, a) for a, b in zip(run, run[1:], strict=False))
            rest = seq[:i] + seq[i + length:]
            rpath = [start, *rest, end]
            for j in range(fixed, len(rest) + 1):
                if j == i:
                    continue
                a, b = rpath[j], rpath[j + 1]
                base = dist(a, b)
                for rev in (False, True) if length > 1 else (False,):
                    head, tail = (last, first) if rev else (first, last)
                    add = dist(a, head) + dist(tail, b) - base + (inner_rev - inner if rev else 0)
                    if add - gain >= 0:
                        continue
                    moved = run[::-1] if rev else run
                    cand = rest[:j] + moved + rest[j:]
                    if timing(p, v, cand) is not None:
                        return cand
    return None


def _two_opt(p, v, seq, fixed, start, end, dist, deadline):
    """The first feasible improving reversal of a stretch of stops, or None."""
    path = [start, *seq, end]
    m = len(path)
    fwd = [0] * m
    bwd = [0] * m
    for k in range(1, m):
        fwd[k] = fwd[k - 1] + dist(path[k - 1], path[k])
        bwd[k] = bwd[k - 1] + dist(path[k], path[k - 1])
    n = len(seq)
    for a in range(fixed, n - 1):
        if time.monotonic() >= deadline:
            return None
        for b in range(a + 1, n):
            # Reverse seq[a..b] = path[a+1..b+1]: edges (a, a+1) and (b+1, b+2) change.
            old = dist(path[a], path[a + 1]) + dist(path[b + 1], path[b + 2])
            new = dist(path[a], path[b + 1]) + dist(path[a + 1], path[b + 2])
            inner_old = fwd[b + 1] - fwd[a + 1]
            inner_new = bwd[b + 1] - bwd[a + 1]
            if new + inner_new >= old + inner_old:
                continue
            cand = seq[:a] + seq[a:b + 1][::-1] + seq[b + 1:]
            if timing(p, v, cand) is not None:
                return cand
    return None
