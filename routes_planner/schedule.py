"""Timing of routes, feasibility repair and the cheapest-insertion safety net.

Engines only propose orders of visits per vehicle. The times are always computed
here, the same way for every engine, and a proposed route that breaks a hard rule
is cut back until it holds, so no engine can hand out an infeasible plan.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from routes_planner.problem import Problem


def timing(
    p: Problem, v: int, seq: Sequence[int], strict: bool = True
) -> list[tuple[int, int]] | None:
    """(arrival, start) seconds of day per stop, or None when the route breaks a rule.

    The team leaves at shift start and waits where it arrives early; the way home
    must end by shift end. ``strict=False`` only times the route (for locked stops
    that no longer fit, which re-planning must keep anyway).
    """
    veh = p.vehicles[v]
    sec = p.secs(v)
    t, loc = veh.open, veh.start_loc
    out = []
    for i in seq:
        if strict and not p.allowed[i, v]:
            return None
        arrive = t + int(sec[loc, i])
        fixed = p.fixed_start.get(i)
        if fixed is not None:
            # A done stop happened when it happened; earlier legs are history.
            arrive = min(arrive, fixed)
            start = fixed
        else:
            start = max(arrive, int(p.lo[i, v]))
            if strict and start > p.hi[i, v]:
                return None
        out.append((arrive, start))
        t, loc = start + int(p.service[i]), i
    if strict and t + int(sec[loc, veh.end_loc]) > veh.close:
        return None
    return out


def route_cost(p: Problem, v: int, seq: Sequence[int]) -> int:
    """Travel seconds of a route from the vehicle's start to its end."""
    veh = p.vehicles[v]
    path = [veh.start_loc, *seq, veh.end_loc]
    return int(p.secs(v)[path[:-1], path[1:]].sum())


def repair(p: Problem, routes: list[list[int]]) -> list[list[int]]:
    """Cut routes back until every one is feasible; visits seen twice keep their first."""
    seen: set[int] = set()
    out = []
    for v, seq in enumerate(routes):
        locked = p.locked.get(v, [])
        free = [i for i in seq if i not in seen and i not in locked and p.allowed[i, v]]
        seq = list(locked) + free
        # Remove, one at a time, the free stop whose removal helps most; rarely needed.
        while timing(p, v, seq) is None and len(seq) > len(locked):
            best = min(
                range(len(locked), len(seq)),
                key=lambda k, s=seq: (timing(p, v, s[:k] + s[k + 1:]) is None, k),
            )
            del seq[best]
        seen.update(seq)
        out.append(seq)
    return out


def insert_missing(p: Problem, routes: list[list[int]], deadline: float | None = None) -> None:
    """Cheapest feasible insertion of every unassigned visit, highest penalty first."""
    import time as _time

    placed = {i for seq in routes for i in seq}
    todo = [i for i in range(len(p.visits)) if i not in placed]
    todo.sort(key=lambda i: (-int(p.penalty[i]), int(p.allowed[i].sum())))
    for i in todo:
        if deadline is not None and _time.monotonic() > deadline:
            return
        best = None
        for v in np.flatnonzero(p.allowed[i]):
            seq = routes[v]
            sec = p.secs(v)
            veh = p.vehicles[v]
            path = [veh.start_loc, *seq, veh.end_loc]
            first = len(p.locked.get(v, []))
            for k in range(first, len(seq) + 1):
                a, b = path[k], path[k + 1]
                delta = int(sec[a, i] + sec[i, b] - sec[a, b])
                if best is not None and delta >= best[0]:
                    continue
                if timing(p, v, seq[:k] + [i] + seq[k:]) is not None:
                    best = (delta, v, k)
        if best is not None:
            _, v, k = best
            routes[v].insert(k, i)


def two_opt(p: Problem, v: int, seq: list[int], deadline: float | None = None) -> list[int]:
    """Improve one route by 2-opt moves that keep it feasible (locked prefix stays)."""
    import time as _time

    first = len(p.locked.get(v, []))
    sec = p.secs(v)
    veh = p.vehicles[v]
    improved = True
    while improved and (deadline is None or _time.monotonic() < deadline):
        improved = False
        path = [veh.start_loc, *seq, veh.end_loc]
        for a in range(first, len(seq) - 1):
            for b in range(a + 1, len(seq)):
                # Reverse seq[a..b]: path edges (a, a+1) and (b+1, b+2) change.
                old = sec[path[a], path[a + 1]] + sec[path[b + 1], path[b + 2]]
                new = sec[path[a], path[b + 1]] + sec[path[a + 1], path[b + 2]]
                inner_old = sec[path[a + 1:b + 1], path[a + 2:b + 2]].sum()
                inner_new = sec[path[a + 2:b + 2], path[a + 1:b + 1]].sum()
                if new + inner_new < old + inner_old:
                    cand = seq[:a] + seq[a:b + 1][::-1] + seq[b + 1:]
                    if timing(p, v, cand) is not None:
                        seq = cand
                        improved = True
                        break
            if improved:
                break
    return seq
