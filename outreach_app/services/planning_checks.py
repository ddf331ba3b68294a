"""What a planning request needs before anything is planned, and what it then works on.

:func:`prepare` either refuses the request with every problem found (a period in the
past or without working days, a team without members or start point, a visit whose
address has no position), or loads what the planner needs: the team-days from the
calendar, the visits to place, the stops to keep, and the routes the run replaces.
Nothing is written here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..domain import (
    ACTIVE_CASE_STATUSES,
    OPEN_VISIT_STATUSES,
    RoutePlanStatus,
    VisitStatus,
)
from ..extensions import db
from ..models import Case, RoutePlan, RouteStop, Team, Visit
from ..models.planning_run import PLAN_MODES
from . import calendar
from .calendar import TeamDay
from .refusal import Refusal, Refusals

OPEN_CASE = ACTIVE_CASE_STATUSES
PLACEABLE = OPEN_VISIT_STATUSES
#: A month and a little: longer periods are planned month by month.
MAX_DAYS = 31



@dataclass(frozen=True)
class PeriodRequest:
    """Plan `start`..`end` (both included) for `teams` (None: every active team)."""

    start: date
    end: date
    teams: tuple[int, ...] | None = None
    mode: str = "keep_locked"


class Problem(Refusal):
    """Why a request is refused, for the whole request (no form field): `code` and
    `params` say it (worded by the views' one table), `items` what it concerns (a label
    and an id the page links to; never stored with a planning run's messages)."""

    def __init__(self, code: str, params: Mapping[str, Any] | None = None,
                 items: tuple[tuple[str, int], ...] = ()) -> None:
        super().__init__(code, None, **(params or {}))
        self.items = items


class PlanningRefused(Refusals):
    """The request cannot be planned, for every reason in it; nothing was changed."""


@dataclass(frozen=True)
class Kept:
    """A stop the run keeps on its team-day (done, locked, on a started route ...)."""

    visit: Visit
    team: int
    day: date
    start: time | None
    done: bool
    by_hand: bool


@dataclass
class Prepared:
    start: date
    end: date
    mode: str
    teams: dict[int, Team]
    team_days: list[TeamDay]
    free: list[Visit]
    kept: list[Kept]
    routes: list[RoutePlan]
    clamped: bool = False
    notes: list[str] = field(default_factory=list)


def period_problems(start: date, end: date, today: date) -> list[Problem]:
    """A period that ends before today, is backwards, or is too long."""
    if end < start:
        return [Problem("period_order")]
    if end < today:
        return [Problem("period_past", dict(start=start.isoformat(), end=end.isoformat(),
                                            today=today.isoformat()))]
    if (end - start).days + 1 > MAX_DAYS:
        return [Problem("period_long", dict(n=MAX_DAYS))]
    return []


def choose_teams(requested: tuple[int, ...] | None) -> tuple[dict[int, Team], list[Problem]]:
    """The teams to plan and the problems of any of them that cannot be planned."""
    query = select(Team).options(selectinload(Team.members)).order_by(Team.name)
    if requested is None:
        query = query.where(Team.active.is_(True))
    else:
        query = query.where(Team.id.in_(requested))
    teams = {t.id: t for t in db.session.scalars(query)}
    problems = []
    if not teams:
        problems.append(Problem("no_teams"))
    for team_id, found in calendar.team_problems(list(teams.values())).items():
        team = teams[team_id]
        for problem in found:
            problems.append(Problem(f"team_{problem.value}",
                                    dict(team=team.name, problem=problem.value),
                                    ((team.name, team.id),)))
    return teams, problems


def _open_visits(end: date) -> list[Visit]:
    return list(db.session.scalars(
        select(Visit).join(Visit.case)
        .where(Visit.status.in_(PLACEABLE), Case.status.in_(OPEN_CASE), Visit.earliest_on <= end)
        .options(selectinload(Visit.case).selectinload(Case.citizen),
                 selectinload(Visit.stop).selectinload(RouteStop.route_plan))
        .order_by(Visit.deadline_on, Visit.id)))


def _routes(start: date, end: date, team_ids: list[int]) -> list[RoutePlan]:
    return list(db.session.scalars(
        select(RoutePlan).where(RoutePlan.day >= start, RoutePlan.day <= end,
                                RoutePlan.team_id.in_(team_ids))
        .options(selectinload(RoutePlan.stops).selectinload(RouteStop.visit)
                 .selectinload(Visit.case).selectinload(Case.citizen))
        .order_by(RoutePlan.day, RoutePlan.team_id)))


def _keeps(stop: RouteStop, mode: str) -> bool:
    if stop.visit.status == VisitStatus.DONE:
        return True
    if mode == "fit_new":
        return True
    if mode == "keep_locked":
        return stop.locked or stop.route_plan.status in (RoutePlanStatus.STARTED,
                                                         RoutePlanStatus.FINISHED)
    return False


def prepare(request: PeriodRequest, *, today: date) -> Prepared:
    """Check `request` and load what planning it needs; raises PlanningRefused."""
    if request.mode not in PLAN_MODES:
        raise PlanningRefused([Problem("mode")])
    problems = period_problems(request.start, request.end, today)
    if problems:
        raise PlanningRefused(problems)
    start = max(request.start, today)
    teams, problems = choose_teams(request.teams)
    if problems:
        raise PlanningRefused(problems)
    team_days = calendar.team_days(start, request.end, list(teams.values()))
    if not team_days:
        raise PlanningRefused([Problem("no_working_days", dict(
            start=start.isoformat(), end=request.end.isoformat()))])
    available = {(td.team, td.day) for td in team_days}
    routes = _routes(start, request.end, list(teams))
    in_scope = {r.id for r in routes}
    kept, kept_ids = [], set()
    for route in routes:
        for stop in route.stops:
            if stop.visit.status == VisitStatus.CANCELLED:
                continue
            if _keeps(stop, request.mode) and (route.team_id, route.day) in available:
                done = stop.visit.status == VisitStatus.DONE
                pin = done or request.mode == "fit_new"
                kept.append(Kept(stop.visit, route.team_id, route.day,
                                 stop.start if pin else None, done, stop.locked))
                kept_ids.add(stop.visit_id)
    free = []
    for visit in _open_visits(request.end):
        if visit.id in kept_ids:
            continue
        if visit.stop is not None and visit.stop.route_plan_id not in in_scope:
            continue  # planned outside this period or for another team: not ours to move
        if visit.required_team_id is not None and visit.required_team_id not in teams:
            continue
        if request.mode == "fit_new" and visit.stop is not None:
            continue
        free.append(visit)
    missing = [v for v in free if v.case.citizen.lat is None or v.case.citizen.lon is None]
    if missing:
        raise PlanningRefused([Problem("no_position", dict(n=len(missing)), tuple(
            (f"{v.case.case_ref}: {v.case.citizen.full_address}", v.case.citizen_id)
            for v in missing))])
    return Prepared(start=start, end=request.end, mode=request.mode, teams=teams,
                    team_days=team_days, free=free, kept=kept, routes=routes,
                    clamped=start != request.start)


def month_of(day: date) -> tuple[date, date]:
    """First and last day of `day`'s month."""
    first = day.replace(day=1)
    nxt = (first + timedelta(days=32)).replace(day=1)
    return first, nxt - timedelta(days=1)
