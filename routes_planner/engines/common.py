"""Helpers shared by the engine adapters."""

from __future__ import annotations

import numpy as np

from routes_planner.problem import DAY, Problem


def merged(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping union of closed integer intervals."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(intervals):
        if out and a <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def absolute_windows(p: Problem, i: int) -> list[tuple[int, int]]:
    """Start-of-service intervals of visit ``i`` on the time line ``day * DAY + s``.

    Without a daily window, the nights between the allowed days need no hole: a
    team-day's own shift already keeps the visit inside that day, and one interval
    instead of one per day makes every engine much faster.
    """
    spans = merged([
        (p.vehicles[v].day * DAY + int(p.lo[i, v]), p.vehicles[v].day * DAY + int(p.hi[i, v]))
        for v in np.flatnonzero(p.allowed[i])
    ])
    if p.visits[i].window is None and i not in p.fixed_start:
        return [(spans[0][0], spans[-1][1])]
    return spans


def team_sets(p: Problem) -> tuple[list[int], list[frozenset[int]]]:
    """Per visit, an id of the set of teams that may take it, and the distinct sets.

    Days are handled by time windows; what remains is which teams may serve a
    visit (pairs, forced or excluded teams), expressed as skills or load dimensions.
    """
    team_of = np.array([veh.team for veh in p.vehicles])
    sets: dict[frozenset[int], int] = {}
    ids = []
    for i in range(len(p.visits)):
        s = frozenset(int(t) for t in np.unique(team_of[p.allowed[i]]))
        ids.append(sets.setdefault(s, len(sets)))
    return ids, list(sets)


def priority_level(p: Problem, i: int) -> int:
    """0..100: required visits above optional ones, then the visit's priority."""
    v = p.visits[i]
    return int(min(100, max(0, (50 if v.required else 0) + v.priority)))
