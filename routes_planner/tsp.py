"""Single tours at the optimum: the order of one team-day's stops by fast-tsp.

fast-tsp (MIT, a Rust Or-opt/Lin-Kernighan local search) finds optimal or
near-optimal tours of a few hundred stops in well under a second, and solves up to
20 stops exactly (bench/RESULTS.md). It needs a symmetric matrix of integers up to
65,535, a closed tour, and knows nothing of time windows or shifts; this module
adapts a route to it:

- a team that ends where it started is a closed tour through its start;
- a team that ends elsewhere gets its start and end joined by a cheap edge and every
  other edge at either of them made dearer, so the best tour uses that edge and cut
  there is the best path from start to end;
- seconds are scaled down when they would not fit 16 bits.

The caller checks windows and the shift: a tour that breaks none is optimal for the
route (a route's cost is its travel; windows only add constraints), and one that
breaks some is only a starting point. fast-tsp is a dependency of the package, but
when it is missing the planner falls back to its other engines and says so in
``PlanStats.notes`` (:data:`MISSING_NOTE`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .model import PlanNote

try:
    import fast_tsp
except ImportError:  # optional: the planner works without it, less well on single tours
    fast_tsp = None

#: The one line the plan's stats carry when fast-tsp is not installed.
MISSING_NOTE = PlanNote("fast-tsp is not installed: single routes were ordered by the "
                        "general engine instead (pip install fast-tsp)", "tsp_missing")

_UINT16_MAX = 65_535
#: Up to this many stops fast-tsp's answer is exact (Held-Karp), whatever the budget.
EXACT_STOPS = 20


def available() -> bool:
    """True when fast-tsp can be used."""
    return fast_tsp is not None


def closed(sec: np.ndarray, start: int, end: int) -> bool:
    """True when ``end`` is the same place as ``start`` (zero apart, same rows)."""
    if start == end:
        return True
    return bool(sec[start, end] == 0 and sec[end, start] == 0
                and np.array_equal(sec[start], sec[end])
                and np.array_equal(sec[:, start], sec[:, end]))


def symmetric(sec: np.ndarray, nodes: Sequence[int]) -> bool:
    """True when travel between ``nodes`` is the same both ways."""
    sub = sec[np.ix_(nodes, nodes)]
    return bool(np.array_equal(sub, sub.T))


def tour(sec: np.ndarray, start: int, end: int, stops: Sequence[int],
         seconds: float, threads: int = 1) -> list[int] | None:
    """``stops`` in the order of the shortest path ``start -> stops -> end`` that
    fast-tsp finds within ``seconds`` (it returns earlier once it has converged).

    None when fast-tsp is missing, the matrix between these places is not the same
    both ways (fast-tsp's search assumes it is), or the path could not be formed.
    A closed tour (``end`` at ``start``) can be driven either way at the same cost:
    the caller may try :func:`reversed` when a window breaks one direction.
    """
    stops = list(dict.fromkeys(stops))
    if len(stops) <= 1:
        return stops
    if fast_tsp is None:
        return None
    is_closed = closed(sec, start, end)
    nodes = [start, *stops] if is_closed else [start, *stops, end]
    if not symmetric(sec, nodes):
        return None
    sub = sec[np.ix_(nodes, nodes)].astype(np.float64)
    last = len(nodes) - 1
    if not is_closed:
        # Every edge at the start or the end except the one between them costs
        # `big` more: a tour that keeps start and end apart pays 4 * big, one that
        # joins them 2 * big, and 2 * big is more than any saving a detour could buy.
        big = 4.0 * max(1.0, float(sub.max()))
        penalty = np.zeros_like(sub)
        penalty[0, :] += big
        penalty[:, 0] += big
        penalty[last, :] += big
        penalty[:, last] += big
        penalty[0, last] = penalty[last, 0] = 0.0
        np.fill_diagonal(penalty, 0.0)
        sub = sub + penalty
    top = float(sub.max())
    if top > _UINT16_MAX:
        sub = sub * (_UINT16_MAX / top)
    dists = np.rint(sub).astype(np.int64)
    order = fast_tsp.find_tour(dists, duration_seconds=max(0.01, seconds),
                               max_threads=max(1, threads), stop_when_converged=True)
    k = order.index(0)
    order = order[k:] + order[:k]
    if not is_closed:
        if order[1] == last:  # the path runs end -> ... -> start: turn it round
            order = [0, *order[1:][::-1]]
        if order[-1] != last:
            return None  # start and end not joined; let another engine order it
        order = order[:-1]
    return [nodes[j] for j in order[1:]]
