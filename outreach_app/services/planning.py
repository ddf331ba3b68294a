"""Planning home visits into a team's day: the app's rows in, routes_planner's plan out.

routes_planner knows nothing of the database; this module translates both ways and
stores the result as a RoutePlan with ordered, timed stops, audited like any change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

import routes_planner as rp

from ..domain import RoutePlanStatus, VisitEvent, VisitStatus, transition
from ..extensions import db
from ..models import RoutePlan, RouteStop, Team, User, Visit
from . import audit, case_state


@dataclass(frozen=True)
class DayPlan:
    route_plan: RoutePlan | None
    unplaced: tuple[rp.Unplaced, ...]


def planner_team(team: Team, days: tuple[date, ...]) -> rp.Team:
    return rp.Team(
        id=str(team.id), start=rp.Place(team.start_lat, team.start_lon), size=team.size,
        mode=team.travel_mode, shift=rp.Shift(team.shift_start, team.shift_end), days=days,
    )


def planner_visit(visit: Visit) -> rp.Visit:
    citizen = visit.case.citizen
    window = (visit.window_start, visit.window_end) if visit.window_start else None
    return rp.Visit(
        id=str(visit.id), lat=citizen.lat, lon=citizen.lon,
        service_minutes=visit.service_minutes, earliest=visit.earliest_on,
        deadline=visit.deadline_on, window=window, priority=visit.priority,
        pair=visit.needs_pair, team=str(visit.required_team_id) if visit.required_team_id
        else None,
    )


def _clear(team: Team, day: date, visits: list[Visit]) -> list[Visit]:
    """Take the visits off their old routes and drop this team-day's old route.

    Returns the visits taken off the old route (their cases lose the planned day)."""
    old = db.session.scalar(select(RoutePlan).where(RoutePlan.team_id == team.id,
                                                    RoutePlan.day == day))
    for visit in visits:
        if visit.stop is not None and visit.stop.route_plan is not old:
            db.session.delete(visit.stop)
    dropped = []
    if old is not None:
        dropped = [stop.visit for stop in old.stops if stop.visit not in visits]
        for stop in old.stops:
            # A visit done (or cancelled) on the old route keeps its outcome.
            if stop.visit not in visits and VisitStatus(stop.visit.status).open:
                stop.visit.status = transition(stop.visit.status, VisitEvent.UNPLAN)
        db.session.delete(old)
    db.session.flush()
    for visit in visits:
        db.session.refresh(visit)
    return dropped


def plan_team_day(team: Team, day: date, visits: list[Visit], *, user: User | None = None,
                  status: RoutePlanStatus = RoutePlanStatus.PUBLISHED,
                  time_limit: float = 1.0) -> DayPlan:
    """Order and time `visits` for `team` on `day` and store the route.

    Visits the planner cannot fit (deadline passed, window outside the shift, needs a
    pair, ...) are returned with the planner's reason and stay unplanned. Planning a
    team-day again replaces its route; a visit planned elsewhere before is moved here.
    """
    dropped = _clear(team, day, visits)
    result = rp.plan([planner_visit(v) for v in visits], [planner_team(team, (day,))], [day],
                  time_limit=time_limit)
    by_id = {str(v.id): v for v in visits}
    route = result.routes[0] if result.routes else None
    for unplaced in result.unplaced:
        unplanned = by_id[unplaced.visit]
        unplanned.status = transition(unplanned.status, VisitEvent.UNPLAN)
    if route is None:
        case_state.store_planned_visit({v.case for v in (*visits, *dropped)})
        return DayPlan(None, result.unplaced)
    route_plan = RoutePlan(team_id=team.id, day=day, status=status,
                           travel_seconds=route.travel_seconds, travel_metres=route.travel_metres,
                           created_by_id=user.id if user else None)
    for seq, stop in enumerate(route.stops, start=1):
        visit = by_id[stop.visit]
        route_plan.stops.append(RouteStop(visit=visit, seq=seq, arrival=stop.arrival,
                                          start=stop.start, departure=stop.departure,
                                          locked=stop.locked))
        visit.status = transition(visit.status, VisitEvent.PLAN)
    db.session.add(route_plan)
    db.session.flush()
    # The cases show the planned day and the team that goes (lists filter on them).
    case_state.store_planned_visit({v.case for v in (*visits, *dropped)})
    audit.record("route.plan", object_type="route_plan", object_id=route_plan.id, user=user,
                 details={"team": team.id, "day": day.isoformat(), "stops": len(route.stops),
                          "unplaced": len(result.unplaced)})
    return DayPlan(route_plan, result.unplaced)
