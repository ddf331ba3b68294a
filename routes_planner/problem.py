"""Compile visits, teams and days into an engine-neutral routing problem.

Each working day of each team becomes a *vehicle* with its own shift. Visits that no
vehicle can serve are set aside here with their reason, so every engine sees only
visits that some team-day could reach in time, and the reasons are decided in one
place. Times inside a day are seconds after local midnight; engines that need one
time line use ``day_index * DAY + seconds``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time

import numpy as np

from routes_planner.errors import InstanceError
from routes_planner.model import Locked, Place, Team, Unplaced, UnplacedReason, Visit
from routes_planner.travel import Matrices, TravelModel

DAY = 86_400


def seconds_of(t: time) -> int:
    """Seconds after midnight of a time of day."""
    return t.hour * 3600 + t.minute * 60 + t.second


@dataclass
class Vehicle:
    """One team on one day."""

    team: int
    day: int
    mode: str
    start_loc: int
    end_loc: int
    open: int
    close: int
    size: int


@dataclass
class Problem:
    """What every engine gets. Visit indices refer to ``visits``; locations to ``places``.

    ``lo``/``hi`` give, per visit and vehicle, the earliest and latest start of service
    (seconds of day) that still leaves room to reach it from the start and to get home
    in the shift; ``allowed`` is False where no start time works.
    """

    visits: list[Visit]
    teams: list[Team]
    days: list[date]
    vehicles: list[Vehicle]
    places: list[Place]
    mats: dict[str, Matrices]
    service: np.ndarray
    allowed: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    penalty: np.ndarray
    locked: dict[int, list[int]] = field(default_factory=dict)
    fixed_start: dict[int, int] = field(default_factory=dict)
    unplaced: list[Unplaced] = field(default_factory=list)

    def secs(self, v: int) -> np.ndarray:
        """Travel seconds matrix of vehicle ``v``'s mode."""
        return self.mats[self.vehicles[v].mode].seconds

    def metres(self, v: int) -> np.ndarray:
        """Travel metres matrix of vehicle ``v``'s mode."""
        return self.mats[self.vehicles[v].mode].metres


def _team_allowed(visit: Visit, team: Team) -> bool:
    if visit.team is not None and visit.team != team.id:
        return False
    return team.id not in visit.not_teams


def compile_problem(
    visits: Sequence[Visit],
    teams: Sequence[Team],
    days: Sequence[date],
    travel: TravelModel,
    locked: Sequence[Locked] = (),
) -> Problem:
    """Build the engine-neutral problem; unplaceable visits go to ``problem.unplaced``."""
    days = sorted(set(days))
    if not days:
        raise InstanceError("days: at least one day is needed")
    if not teams:
        raise InstanceError("teams: at least one team is needed")
    for kind, ids in (("teams", [t.id for t in teams]), ("visits", [v.id for v in visits])):
        if len(set(ids)) != len(ids):
            dup = next(x for x in ids if ids.count(x) > 1)
            raise InstanceError(f"{kind}: id {dup!r} is used twice")
    team_ix = {t.id: i for i, t in enumerate(teams)}
    day_ix = {d: i for i, d in enumerate(days)}
    locked_by_visit = {lk.visit: lk for lk in locked}
    known = {v.id for v in visits}
    for lk in locked:
        if lk.visit not in known:
            raise InstanceError(f"locked: visit {lk.visit!r} is not among the visits")
        if lk.team not in team_ix:
            raise InstanceError(f"locked: visit {lk.visit!r}: unknown team {lk.team!r}")
        if lk.day not in day_ix or not teams[team_ix[lk.team]].works_on(lk.day):
            raise InstanceError(
                f"locked: visit {lk.visit!r}: team {lk.team!r} does not work on {lk.day}"
            )

    unplaced: list[Unplaced] = []
    cands: list[Visit] = []
    for v in visits:
        reason = _static_reason(v, teams, days) if v.id not in locked_by_visit else None
        if reason:
            unplaced.append(Unplaced(v.id, *reason))
        else:
            cands.append(v)

    places = [v.place for v in cands]
    vehicles: list[Vehicle] = []
    for ti, t in enumerate(teams):
        s_loc, e_loc = len(places), len(places) + 1
        places += [t.start, t.end_place]
        for di, d in enumerate(days):
            if t.works_on(d):
                vehicles.append(
                    Vehicle(ti, di, t.mode, s_loc, e_loc,
                            seconds_of(t.shift.start), seconds_of(t.shift.end), t.size)
                )
    mats = {m: travel.matrices(places, m) for m in sorted({t.mode for t in teams})}

    n, k = len(cands), len(vehicles)
    service = np.array([60 * v.service_minutes for v in cands], dtype=np.int64)
    allowed = np.zeros((n, k), dtype=bool)
    lo = np.zeros((n, k), dtype=np.int64)
    hi = np.zeros((n, k), dtype=np.int64)
    first, last = days[0], days[-1]
    w0 = np.array([seconds_of(v.window[0]) if v.window else 0 for v in cands], dtype=np.int64)
    w1 = np.array([seconds_of(v.window[1]) if v.window else DAY for v in cands], dtype=np.int64)
    e_day = np.array([day_ix_floor(days, v.earliest or first) for v in cands], dtype=np.int64)
    d_day = np.array([day_ix_ceil(days, v.deadline or last) for v in cands], dtype=np.int64)
    pair = np.array([v.pair for v in cands], dtype=bool)
    team_ok = np.array([[_team_allowed(v, t) for t in teams] for v in cands], dtype=bool)
    team_ok = team_ok.reshape(n, len(teams))
    for j, veh in enumerate(vehicles):
        sec = mats[veh.mode].seconds
        lo[:, j] = np.maximum(veh.open + sec[veh.start_loc, :n], w0)
        hi[:, j] = np.minimum(veh.close - service - sec[:n, veh.end_loc], w1)
        allowed[:, j] = (
            (e_day <= veh.day) & (veh.day <= d_day)
            & (~pair | (veh.size >= 2))
            & team_ok[:, veh.team]
            & (lo[:, j] <= hi[:, j])
        )

    lk_map: dict[int, list[int]] = {}
    fixed: dict[int, int] = {}
    veh_ix = {(veh.team, veh.day): j for j, veh in enumerate(vehicles)}
    cand_ix = {v.id: i for i, v in enumerate(cands)}
    # The order of ``locked`` is the order of the stops in their route.
    for lk in locked:
        i = cand_ix[lk.visit]
        j = veh_ix[(team_ix[lk.team], day_ix[lk.day])]
        allowed[i, :] = False
        allowed[i, j] = True
        lk_map.setdefault(j, []).append(i)
        if lk.start is not None:
            fixed[i] = seconds_of(lk.start)
            lo[i, j] = hi[i, j] = fixed[i]
        else:
            # A locked stop keeps its team-day even when the rules moved on since.
            lo[i, j] = min(lo[i, j], hi[i, j])

    keep = allowed.any(axis=1)
    keep_ix = np.flatnonzero(keep)
    for i in np.flatnonzero(~keep):
        unplaced.append(Unplaced(cands[i].id, *_dynamic_reason(cands[i], teams, days)))
    if len(keep_ix) < n:
        remap = {int(old): new for new, old in enumerate(keep_ix)}
        cands = [cands[i] for i in keep_ix]
        # Drop rows and columns of set-aside visits; team depots follow the visits.
        loc_keep = np.concatenate([keep_ix, np.arange(n, len(places))])
        places = [places[i] for i in loc_keep]
        mats = {
            m: Matrices(x.seconds[np.ix_(loc_keep, loc_keep)], x.metres[np.ix_(loc_keep, loc_keep)])
            for m, x in mats.items()
        }
        shift = n - len(keep_ix)
        for veh in vehicles:
            veh.start_loc -= shift
            veh.end_loc -= shift
        service, allowed, lo, hi = service[keep], allowed[keep], lo[keep], hi[keep]
        lk_map = {j: [remap[i] for i in seq] for j, seq in lk_map.items()}
        fixed = {remap[i]: t for i, t in fixed.items()}

    # Priority first, then any required visit over any optional one (lexicographic
    # by construction: each level outweighs all travel that could be saved).
    prio = np.array([v.priority for v in cands], dtype=np.int64)
    prio = prio - (prio.min() if len(prio) else 0)
    base = np.array([10_000_000 if v.required else 100_000 for v in cands], dtype=np.int64)
    penalty = base * (1 + np.minimum(prio, 100))
    return Problem(cands, list(teams), days, vehicles, places, mats, service, allowed,
                   lo, hi, penalty, lk_map, fixed, unplaced)


def day_ix_floor(days: list[date], d: date) -> int:
    """Index of the first period day on or after ``d`` (len(days) if none)."""
    return next((i for i, x in enumerate(days) if x >= d), len(days))


def day_ix_ceil(days: list[date], d: date) -> int:
    """Index of the last period day on or before ``d`` (-1 if none)."""
    return next((i for i in range(len(days) - 1, -1, -1) if days[i] <= d), -1)


def _static_reason(v: Visit, teams: Sequence[Team], days: list[date]):
    """Reasons that need no travel times, checked in the order a coordinator fixes them."""
    if not v.place.has_position:
        return UnplacedReason.NO_POSITION, f"Visit {v.id} has no position: set it on the map."
    if v.deadline is not None and v.deadline < days[0]:
        return (UnplacedReason.PAST_DEADLINE,
                f"Visit {v.id}: the deadline {v.deadline} is before the first planned day "
                f"{days[0]}.")
    allowed = [t for t in teams if _team_allowed(v, t)]
    if v.pair and not any(t.size >= 2 for t in allowed):
        return (UnplacedReason.NO_PAIR_TEAM,
                f"Visit {v.id} needs two workers, but no team of two may take it.")
    lo_day, hi_day = v.earliest or days[0], v.deadline or days[-1]
    usable = [t for t in allowed if not v.pair or t.size >= 2]
    if not any(t.works_on(d) for t in usable for d in days if lo_day <= d <= hi_day):
        return (UnplacedReason.NO_TEAM_DAY,
                f"Visit {v.id}: no team that may take it works between {lo_day} and {hi_day}.")
    if v.window is not None:
        w0, w1 = seconds_of(v.window[0]), seconds_of(v.window[1])
        svc = 60 * v.service_minutes
        if not any(
            max(w0, seconds_of(t.shift.start)) + svc <= seconds_of(t.shift.end)
            and max(w0, seconds_of(t.shift.start)) <= w1
            for t in usable
        ):
            return (UnplacedReason.WINDOW_OUTSIDE_SHIFT,
                    f"Visit {v.id}: its time window {v.window[0]:%H:%M}-{v.window[1]:%H:%M} "
                    "lies outside every shift.")
    return None


def _dynamic_reason(v: Visit, teams: Sequence[Team], days: list[date]):
    return (UnplacedReason.TOO_FAR,
            f"Visit {v.id}: no team can get there, do the visit and get back within its shift"
            + (" inside the time window." if v.window else "."))
