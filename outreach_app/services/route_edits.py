"""Changing a plan by hand: move a visit to another team-day, lock a stop, take a visit
off its route when contact was made elsewhere, and publish a team-day to the field app.

Every change is one unit of work (services.unit_of_work), audited in it, and bumps the
route's revision, so the field app shows the route as changed at its next sync. A
refusal found half-way (the day is full) leaves nothing of the move behind.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ..domain import RouteEvent, RoutePlanStatus, VisitEvent, VisitStatus, transition
from ..extensions import db
from ..models import RoutePlan, Team, User, Visit
from ..models._base import utcnow
from . import audit, calendar, case_state
from .planning import retime_route
from .planning_checks import OPEN_CASE
from .refusal import Refusal
from .unit_of_work import unit_of_work


def _open(visit: Visit) -> None:
    if not VisitStatus(visit.status).open or visit.case.status not in OPEN_CASE:
        raise Refusal("visit_not_open")


def _route(team: Team, day: date) -> RoutePlan:
    route = db.session.scalar(select(RoutePlan).where(RoutePlan.team_id == team.id,
                                                      RoutePlan.day == day))
    if route is None:
        route = RoutePlan(team_id=team.id, day=day, status=RoutePlanStatus.DRAFT)
        db.session.add(route)
        db.session.flush()
    return route


@unit_of_work()
def move(visit: Visit, team: Team, day: date, *, today: date, user: User | None = None
         ) -> RoutePlan:
    """Put `visit` on `team`'s route on `day`, locked there (a re-plan keeps it).

    Refused when the day is past, outside the visit's earliest day and deadline, not a
    working day of the team, or the visit does not fit into that day.
    """
    _open(visit)
    if day < today:
        raise Refusal("day_over")
    if not visit.earliest_on <= day <= visit.deadline_on:
        raise Refusal("visit_days", a=visit.earliest_on.isoformat(),
                      b=visit.deadline_on.isoformat())
    days = {td.day: td for td in calendar.team_days(day, day, [team])}
    if day not in days:
        raise Refusal("team_not_working", team=team.name, day=day.isoformat())
    if visit.needs_pair and not days[day].pair:
        raise Refusal("team_not_pair", team=team.name)
    old = visit.stop.route_plan if visit.stop is not None else None
    target = _route(team, day)
    if old is target:
        visit.stop.locked = True
        _audit("route.lock", target, visit, user)
        return target
    if old is not None:
        # Off the old route first (a visit is on one stop at most); a refusal below
        # rolls this back with everything else (the unit of work).
        for stop in list(old.stops):
            if stop.visit_id == visit.id:
                old.stops.remove(stop)
        db.session.flush()
    unplaced = retime_route(target, extra=visit, user=user)
    if unplaced:
        raise Refusal("day_full")
    if old is not None:
        retime_route(old)
    visit.status = transition(visit.status, VisitEvent.PLAN)
    visit.unplaced_reason = None
    _audit("route.move", target, visit, user, extra={"from": old.id if old else None})
    return target


def _drop_stop(route: RoutePlan, visit: Visit) -> None:
    for stop in list(route.stops):
        if stop.visit_id == visit.id:
            route.stops.remove(stop)
    db.session.flush()
    # Renumber and retime what is left; an emptied day stays, empty.
    retime_route(route)


@unit_of_work()
def toggle_lock(visit: Visit, *, user: User | None = None) -> bool:
    """Lock a planned visit to its team-day (or unlock it); returns the new state."""
    _open(visit)
    if visit.stop is None:
        raise Refusal("not_on_route")
    visit.stop.locked = not visit.stop.locked
    _audit("route.lock" if visit.stop.locked else "route.unlock", visit.stop.route_plan,
           visit, user)
    return visit.stop.locked


def leave_route(visit: Visit) -> RoutePlan | None:
    """Take a cancelled visit off its route (in the caller's transaction): the route's
    later ETAs are computed again and an emptied day stays, as an empty route."""
    visit.unplaced_reason = None
    if visit.stop is None:
        return None
    route = visit.stop.route_plan
    _drop_stop(route, visit)
    case_state.store_planned_visit({visit.case})
    return route


@unit_of_work()
def cancel_visit(visit: Visit, *, user: User | None = None) -> RoutePlan | None:
    """Cancel a visit because contact was made elsewhere (see :func:`leave_route`)."""
    _open(visit)
    visit.status = transition(visit.status, VisitEvent.CANCEL)
    route = leave_route(visit)
    audit.record("visit.cancel", object_type="visit", object_id=visit.id,
                 citizen_id=visit.case.citizen_id, user=user,
                 details={"reason": "contact_elsewhere",
                          "route_plan": route.id if route else None})
    return route


@unit_of_work()
def publish(route: RoutePlan, *, user: User | None = None) -> None:
    """Send a team-day to the team's field app (status published)."""
    if route.status in (RoutePlanStatus.STARTED, RoutePlanStatus.FINISHED):
        raise Refusal("route_started")
    if route.status != RoutePlanStatus.PUBLISHED:  # publishing again only stamps the time
        route.status = transition(route.status, RouteEvent.PUBLISH)
    route.published_at = utcnow()
    audit.record("route.publish", object_type="route_plan", object_id=route.id, user=user,
                 details={"team": route.team_id, "day": route.day.isoformat(),
                          "revision": route.revision, "stops": len(route.stops)})


def _audit(action: str, route: RoutePlan, visit: Visit, user: User | None,
           extra: dict | None = None) -> None:
    audit.record(action, object_type="route_plan", object_id=route.id,
                 citizen_id=visit.case.citizen_id, user=user,
                 details={"visit": visit.id, "team": route.team_id,
                          "day": route.day.isoformat(), **(extra or {})})
