"""A large period cut into parts: smaller problems a construction engine can search deeper.

VROOM's time grows with (visits x team-days) ** 1.5, so a month of 1,000 visits
cut into four parts of about 250 visits and a quarter of the team-days takes
roughly a sixteenth of the time per level, and each part can get a deeper
exploration level than the whole month could (:mod:`routes_planner.engines.hybrid`
uses this when ``DECOMPOSE`` is on). Two ways to cut:

**By region** (:func:`by_region`): sectors around the teams' starts with equal
numbers of visits; team-day ``(team + day) % k`` serves sector ``k``, so every
sector has every kind of team (mode, pair) on every day and a visit keeps all its
allowed days. Only routes across a sector border are lost, and a good plan has
few of those anyway: a team-day's stops lie close together.

**By week** (:func:`by_week`): every team-day belongs to the ISO week of its day.
A visit whose allowed team-days all fall in one week is planned in that week. A
visit whose allowed days cross a week boundary goes to the allowed week with the
least work per hour of shift so far, the most constrained visits first (fewest
allowed weeks, then earliest deadline), ties to the earlier week: the weeks stay
evenly loaded, so few visits are left over. In a week the visit may only go to
that week's team-days; the whole-plan search after the merge may still move it to
any of its allowed days. (``CROSSING = "deadline"`` puts it in the week of its
last allowed day instead.)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from routes_planner.problem import Problem
from routes_planner.travel import Matrices


@dataclasses.dataclass(frozen=True)
class Part:
    """One week of a problem: the original indices of its visits and team-days."""

    visits: np.ndarray
    vehicles: np.ndarray


#: Where a visit whose allowed days cross a week boundary goes: "balance" (the
#: least loaded allowed week) or "deadline" (the week of its last allowed day).
CROSSING = "balance"


def by_week(p: Problem) -> list[Part]:
    """The problem's weeks in date order, each with the visits assigned to it (see
    the module docstring); every visit is in exactly one part."""
    week_of_day = [d.isocalendar()[:2] for d in p.days]
    keys = sorted({week_of_day[veh.day] for veh in p.vehicles})
    week = np.array([keys.index(week_of_day[veh.day]) for veh in p.vehicles])
    n, k = len(p.visits), len(keys)
    # Which weeks each visit may go to, and each week's hours of shift.
    can = np.zeros((n, k), dtype=bool)
    for w in range(k):
        can[:, w] = p.allowed[:, week == w].any(axis=1)
    capacity = np.array([sum(p.vehicles[v].close - p.vehicles[v].open
                             for v in np.flatnonzero(week == w)) for w in range(k)], dtype=float)
    work = _work(p)
    deadline = np.array([max((p.vehicles[v].day for v in np.flatnonzero(p.allowed[i])),
                             default=0) for i in range(n)])
    load = np.zeros(k)
    home = np.full(n, -1)
    for i in sorted(range(n), key=lambda i: (int(can[i].sum()), int(deadline[i]), i)):
        options = np.flatnonzero(can[i])
        if CROSSING == "deadline":
            w = options[-1]
        else:
            w = min(options, key=lambda w: (load[w] / max(capacity[w], 1.0), w))
        home[i] = w
        load[w] += work[i]
    return [Part(np.flatnonzero(home == w), np.flatnonzero(week == w)) for w in range(k)]


def by_region(p: Problem, k: int = 2, turn: float = 0.0) -> list[Part]:
    """``k`` sectors around the teams' starts, each with an equal share of the visits
    and of every team's working days (team-day ``(team + day) % k``), so that every
    sector has every kind of team on every day and a visit keeps all its days.
    ``turn`` (0..1) turns the cuts by that share of a sector.

    A visit that none of its sector's team-days may take (a forced team, a pair)
    goes to the sector with the most team-days that may. Without positions (a
    given matrix) the problem is one part."""
    home = _sectors(p, k, turn)
    if home is None:
        return [Part(np.arange(len(p.visits)), np.arange(len(p.vehicles)))]
    sector = _day_sectors(p, k)
    for i in range(len(p.visits)):
        if not p.allowed[i, sector == home[i]].any():
            home[i] = int(np.argmax([p.allowed[i, sector == r].sum() for r in range(k)]))
    return [Part(np.flatnonzero(home == r), np.flatnonzero(sector == r)) for r in range(k)]


def by_region_of_routes(p: Problem, routes: Sequence[Sequence[int]], k: int,
                        turn: float = 0.0) -> list[Part]:
    """A plan's routes in ``k`` sectors (cut as :func:`by_region`, turned by ``turn``
    of a sector): a route goes whole to the sector that holds most of its stops, an
    empty team-day to sector ``(team + day) % k``, a visit no route holds to its own
    sector. Each part is a plan of its own: its routes' visits and team-days."""
    home = _sectors(p, k, turn)
    if home is None:
        return [Part(np.arange(len(p.visits)), np.arange(len(p.vehicles)))]
    of_vehicle = _day_sectors(p, k)
    for v, seq in enumerate(routes):
        if len(seq):
            of_vehicle[v] = int(np.bincount(home[list(seq)], minlength=k).argmax())
            home[list(seq)] = of_vehicle[v]
    return [Part(np.flatnonzero(home == r), np.flatnonzero(of_vehicle == r)) for r in range(k)]


def _sectors(p: Problem, k: int, turn: float) -> np.ndarray | None:
    """Each visit's sector: ``k`` equal shares of the visits by their angle around
    the centre of the teams' starts, the first cut ``turn`` of a share past west;
    None when there is one sector or a visit or start has no position."""
    visits = p.visits
    starts = [p.teams[veh.team].start for veh in p.vehicles]
    if k < 2 or any(v.lat is None or v.lon is None for v in visits) \
            or any(s.lat is None or s.lon is None for s in starts):
        return None
    lat0 = float(np.mean([s.lat for s in starts]))
    lon0 = float(np.mean([s.lon for s in starts]))
    angle = np.array([np.arctan2(v.lat - lat0, (v.lon - lon0) * np.cos(np.radians(lat0)))
                      for v in visits])
    order = np.roll(np.argsort(angle, kind="stable"), -round(turn * len(visits) / k))
    home = np.empty(len(visits), dtype=np.int64)
    for r, chunk in enumerate(np.array_split(order, k)):
        home[chunk] = r
    return home


def _day_sectors(p: Problem, k: int) -> np.ndarray:
    """The sector each team-day serves: ``(team + day) % k``."""
    return np.array([(veh.team + veh.day) % k for veh in p.vehicles], dtype=np.int64)


def _work(p: Problem) -> np.ndarray:
    """Seconds a visit takes a team: its service and the leg from its nearest
    neighbour (in the first team-day's mode), a rough share of the travel."""
    sec = p.secs(0)
    n = len(p.visits)
    if n < 2:
        return p.service.astype(float)
    legs = sec[:n, :n].astype(float) + np.diag(np.full(n, np.inf))
    return p.service + legs.min(axis=0)


def subproblem(p: Problem, visits: Sequence[int], vehicles: Sequence[int]) -> Problem:
    """The part of ``p`` with only these visits and team-days, re-indexed from 0;
    the visits' rules (windows, days, teams) are those of ``p``."""
    visits = np.asarray(visits, dtype=np.int64)
    vehicles = np.asarray(vehicles, dtype=np.int64)
    depots = sorted({loc for v in vehicles for loc in (p.vehicles[v].start_loc,
                                                       p.vehicles[v].end_loc)})
    keep = np.concatenate([visits, np.array(depots, dtype=np.int64)])
    new_loc = {int(old): new for new, old in enumerate(keep)}
    visit_ix = {int(old): new for new, old in enumerate(visits)}
    vehicle_ix = {int(old): new for new, old in enumerate(vehicles)}
    cols = np.ix_(visits, vehicles)
    return Problem(
        visits=[p.visits[i] for i in visits],
        teams=p.teams,
        days=p.days,
        vehicles=[dataclasses.replace(p.vehicles[v], start_loc=new_loc[p.vehicles[v].start_loc],
                                      end_loc=new_loc[p.vehicles[v].end_loc])
                  for v in vehicles],
        places=[p.places[i] for i in keep],
        mats={m: Matrices(x.seconds[np.ix_(keep, keep)], x.metres[np.ix_(keep, keep)])
              for m, x in p.mats.items()},
        service=p.service[visits],
        allowed=p.allowed[cols],
        lo=p.lo[cols],
        hi=p.hi[cols],
        penalty=p.penalty[visits],
        locked={vehicle_ix[v]: [visit_ix[i] for i in seq]
                for v, seq in p.locked.items() if v in vehicle_ix},
        fixed_start={visit_ix[i]: t for i, t in p.fixed_start.items() if i in visit_ix},
    )


def merge(p: Problem, parts: Sequence[Part], routes: Sequence[list[list[int]]]
          ) -> list[list[int]]:
    """Per team-day of ``p``, the route its part planned, in ``p``'s visit indices."""
    out: list[list[int]] = [[] for _ in p.vehicles]
    for part, part_routes in zip(parts, routes, strict=True):
        for j, seq in enumerate(part_routes):
            out[int(part.vehicles[j])] = [int(part.visits[i]) for i in seq]
    return out
