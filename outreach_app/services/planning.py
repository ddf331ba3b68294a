"""Planning home visits into team routes: the app's rows in, routes_planner's plan out.

routes_planner knows nothing of the database; this module translates both ways and
stores the result as RoutePlans with ordered, timed stops, audited like any change.

A period is planned in three steps: check the request (:func:`.planning_checks.prepare`),
compute the whole plan in memory (:func:`compute`), and only then replace the period's
routes (:func:`store`), in one unit of work: a run that fails or is cancelled before
that leaves the previous plan exactly as it was. :func:`plan_period` takes the three as
one command (the ``plan-period`` command, the demo); the page's background job takes
them one by one, so that the page can follow it (services.planning_jobs).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select

import routes_planner as rp

from ..domain import RoutePlanStatus, VisitEvent, VisitStatus, transition
from ..extensions import db
from ..models import RoutePlan, RouteStop, Team, User, Visit
from ..models._base import utcnow
from . import audit, case_state, planner_settings
from .calendar import TeamDay
from .planning_checks import PeriodRequest, Prepared, prepare
from .unit_of_work import unit_of_work

__all__ = ["DayPlan", "PeriodRequest", "PeriodResult", "TeamDayResult", "plan_period",
           "plan_team_day", "planner_visit", "retime_route"]

@dataclass(frozen=True)
class DayPlan:
    route_plan: RoutePlan | None
    unplaced: tuple[rp.Unplaced, ...]


@dataclass(frozen=True)
class TeamDayResult:
    """One team-day of a stored plan, for the command line's summary line."""

    team: str
    day: date
    stops: int
    leave: time | None
    back: time | None
    travel_seconds: int
    travel_metres: int
    changed: bool


@dataclass(frozen=True)
class PeriodResult:
    planned: int
    unplaced: int
    days: tuple[TeamDayResult, ...]
    #: What the planner says about how it planned, as (code, params) to be worded.
    notes: tuple[tuple[str, dict], ...] = ()


def planner_notes(plan: rp.Plan) -> tuple[tuple[str, dict], ...]:
    """The planner's notes on how it planned (an engine missing, one search instead of
    several) as ("planner_<code>", params), for the page to say in the reader's language.
    A note without a code has only its English text: it is left out."""
    return tuple((f"planner_{note.code}", dict(note.params)) for note in plan.stats.notes
                 if isinstance(note, rp.PlanNote))


def planner_team(team: Team, days: tuple[date, ...]) -> rp.Team:
    return rp.Team(
        id=str(team.id), start=rp.Place(team.start_lat, team.start_lon), size=team.size,
        mode=team.travel_mode, shift=rp.Shift(team.shift_start, team.shift_end), days=days,
    )


def planner_visit(visit: Visit, *, not_teams: tuple[str, ...] = (),
                  day: date | None = None) -> rp.Visit:
    """The planner's view of a visit; `day` pins it to one day (a move by hand)."""
    citizen = visit.case.citizen
    window = (visit.window_start, visit.window_end) if visit.window_start else None
    return rp.Visit(
        id=str(visit.id), lat=citizen.lat, lon=citizen.lon,
        service_minutes=visit.service_minutes,
        earliest=day or visit.earliest_on, deadline=day or visit.deadline_on,
        window=window, priority=visit.priority, pair=visit.needs_pair, not_teams=not_teams,
    )


# --- a whole period -----------------------------------------------------------------


def _vehicles(team_days: Sequence[TeamDay], teams: dict[int, Team]
              ) -> tuple[list[rp.Team], dict[str, int], dict[tuple[int, date], str]]:
    """routes_planner teams for the calendar's team-days.

    Whether a team may take pair visits, and its shift, can change from day to day
    (an absence); routes_planner gives each team one size and shift, so a team becomes
    one planner team per distinct (pair, shift) with the days that have it.
    """
    groups: dict[tuple[int, bool, time, time], list[date]] = {}
    for td in team_days:
        groups.setdefault((td.team, td.pair, td.shift_start, td.shift_end), []).append(td.day)
    out, owner, by_day = [], {}, {}
    count: dict[int, int] = {}
    for (team_id, pair, shift_start, shift_end), days in groups.items():
        team = teams[team_id]
        n = count[team_id] = count.get(team_id, 0) + 1
        rp_id = str(team_id) if n == 1 else f"{team_id}.{n}"
        out.append(rp.Team(id=rp_id, start=rp.Place(team.start_lat, team.start_lon),
                           size=2 if pair else 1, mode=team.travel_mode,
                           shift=rp.Shift(shift_start, shift_end), days=tuple(days)))
        owner[rp_id] = team_id
        for day in days:
            by_day[(team_id, day)] = rp_id
    return out, owner, by_day


def compute(prepared: Prepared, *, time_limit: float | None = None
            ) -> tuple[rp.Plan, dict[str, int]]:
    """The plan for a prepared request, computed in memory (nothing is written), and
    which app team each planner team stands for."""
    config = planner_settings.current()
    vehicles, owner, by_day = _vehicles(prepared.team_days, prepared.teams)
    all_ids = tuple(owner)
    visits = []
    for visit in prepared.free:
        not_teams: tuple[str, ...] = ()
        if visit.required_team_id is not None:
            not_teams = tuple(i for i in all_ids if owner[i] != visit.required_team_id)
        visits.append(planner_visit(visit, not_teams=not_teams))
    locked = []
    for kept in prepared.kept:
        visits.append(planner_visit(kept.visit))
        locked.append(rp.Locked(visit=str(kept.visit.id), team=by_day[(kept.team, kept.day)],
                                day=kept.day, start=kept.start, done=kept.done))
    limit = time_limit if time_limit is not None else _time_limit(len(visits), config)
    return rp.plan(visits, vehicles, sorted({td.day for td in prepared.team_days}),
                travel=planner_settings.travel_model(config), time_limit=limit,
                locked=locked), owner


def _time_limit(n_visits: int, config: planner_settings.PlannerConfig) -> float:
    # A small period needs little search; the admin's limit caps a large one.
    return float(min(config.time_limit_seconds, max(1.0, n_visits / 20)))


@unit_of_work()
def plan_period(request: PeriodRequest, *, today: date, user: User | None = None,
                time_limit: float | None = None) -> PeriodResult:
    """Plan the open visits of a period onto the chosen teams' routes and store them.

    Raises :class:`~.planning_checks.PlanningRefused` (nothing written) for a bad
    request.
    """
    prepared = prepare(request, today=today)
    result, owner = compute(prepared, time_limit=time_limit)
    return store(prepared, result, owner, user=user)


def _stop_rows(route: rp.Route, visits: dict[str, Visit], locked: set[str]) -> list[RouteStop]:
    return [RouteStop(visit=visits[s.visit], seq=n, arrival=s.arrival, start=s.start,
                      departure=s.departure, travel_seconds=s.travel_seconds,
                      travel_metres=s.travel_metres, locked=s.visit in locked)
            for n, s in enumerate(route.stops, start=1)]


def _signature(stops: Sequence[RouteStop]) -> list[tuple]:
    return [(s.visit_id, s.arrival, s.start) for s in stops]


def store(prepared: Prepared, result: rp.Plan, owner: dict[str, int], *,
          user: User | None = None) -> PeriodResult:
    """Replace the period's routes with `result` (in the caller's transaction)."""
    visits = {str(v.id): v for v in (*prepared.free, *(k.visit for k in prepared.kept))}
    locked_by_hand = {str(k.visit.id) for k in prepared.kept if k.by_hand}
    old = {(r.team_id, r.day): r for r in prepared.routes}
    new = {(owner[r.team], r.day): r for r in result.routes}
    old_signature = {key: _signature(r.stops) for key, r in old.items()}
    # Take every replanned visit off its old stop first: a visit is on one stop at most.
    for route_plan in old.values():
        for stop in list(route_plan.stops):
            if stop.visit.status != VisitStatus.DONE or (route_plan.team_id,
                                                        route_plan.day) in new:
                route_plan.stops.remove(stop)
    db.session.flush()
    summary = []
    now = utcnow()
    for key in sorted(set(old) | set(new), key=lambda k: (k[1], prepared.teams[k[0]].name)):
        route = new.get(key)
        route_plan = old.get(key)
        if route_plan is None:
            route_plan = RoutePlan(team_id=key[0], day=key[1], status=RoutePlanStatus.DRAFT,
                                   created_by_id=user.id if user else None)
            db.session.add(route_plan)
        if route is not None:
            route_plan.stops.extend(_stop_rows(route, visits, locked_by_hand))
            route_plan.travel_seconds = route.travel_seconds
            route_plan.travel_metres = route.travel_metres
        else:
            route_plan.travel_seconds = route_plan.travel_metres = 0
        db.session.flush()
        changed = key in old and _signature(route_plan.stops) != old_signature[key]
        if changed:
            route_plan.revision += 1
            route_plan.changed_at = now
        if changed or key not in old:
            audit.record("route.plan", object_type="route_plan", object_id=route_plan.id,
                         user=user, details={"team": key[0], "day": key[1].isoformat(),
                                             "stops": len(route_plan.stops)})
        summary.append(TeamDayResult(
            team=prepared.teams[key[0]].name, day=key[1], stops=len(route_plan.stops),
            leave=route.leave if route else None, back=route.back if route else None,
            travel_seconds=route_plan.travel_seconds, travel_metres=route_plan.travel_metres,
            changed=changed))
    placed = {s.visit for r in result.routes for s in r.stops}
    for visit_id, visit in visits.items():
        if visit.status == VisitStatus.DONE:
            continue
        if visit_id in placed:
            visit.status = transition(visit.status, VisitEvent.PLAN)
            visit.unplaced_reason = None
    reasons = {u.visit: u.reason for u in result.unplaced}
    for visit_id, reason in reasons.items():
        visit = visits[visit_id]
        visit.status = transition(visit.status, VisitEvent.UNPLAN)
        visit.unplaced_reason = reason.value
    # The cases show the planned day and the team that goes (lists filter on them).
    case_state.store_planned_visit({v.case for v in visits.values()})
    free_placed = sum(1 for v in prepared.free if str(v.id) in placed)
    audit.record("plan.period", object_type="planning", user=user, details={
        "start": prepared.start.isoformat(), "end": prepared.end.isoformat(),
        "mode": prepared.mode, "teams": sorted(prepared.teams),
        "planned": len(placed), "new": free_placed, "unplaced": len(reasons)})
    db.session.flush()
    return PeriodResult(planned=len(placed), unplaced=len(reasons), days=tuple(summary),
                        notes=planner_notes(result))


# --- one team-day ---------------------------------------------------------------------


def retime_route(route_plan: RoutePlan, *, extra: Visit | None = None,
                 user: User | None = None) -> list[rp.Unplaced]:
    """Time a team-day's stops again after a change (a stop gone, a visit moved in).

    The stops keep their order (done stops keep their time); `extra` is fitted in
    where it costs least. Returns why `extra` did not fit (then nothing changes).
    """
    team = route_plan.team
    kept = [s for s in route_plan.stops if s.visit.status != VisitStatus.CANCELLED]
    day = route_plan.day
    visits = [planner_visit(s.visit) for s in kept]
    locked = [rp.Locked(visit=str(s.visit_id), team=str(team.id), day=day,
                        start=s.start if s.visit.status == VisitStatus.DONE else None,
                        done=s.visit.status == VisitStatus.DONE) for s in kept]
    if extra is not None:
        visits.append(planner_visit(extra, day=day))
    size = 2 if any(s.visit.needs_pair for s in kept) or (extra and extra.needs_pair) else 1
    vehicle = planner_team(team, (day,))
    vehicle = rp.Team(id=vehicle.id, start=vehicle.start, size=max(size, min(team.size, 2)),
                      mode=vehicle.mode, shift=vehicle.shift, days=(day,))
    config = planner_settings.current()
    result = rp.plan(visits, [vehicle], [day], travel=planner_settings.travel_model(config),
                  time_limit=0.5, locked=locked)
    if result.unplaced:
        return list(result.unplaced)
    by_id = {str(s.visit_id): s.visit for s in kept}
    if extra is not None:
        by_id[str(extra.id)] = extra
    locked_ids = {str(s.visit_id) for s in kept if s.locked}
    if extra is not None:
        locked_ids.add(str(extra.id))
    route_plan.stops.clear()
    db.session.flush()
    route = result.routes[0] if result.routes else None
    if route is not None:
        route_plan.stops.extend(_stop_rows(route, by_id, locked_ids))
    route_plan.travel_seconds = route.travel_seconds if route else 0
    route_plan.travel_metres = route.travel_metres if route else 0
    route_plan.revision += 1
    route_plan.changed_at = utcnow()
    db.session.flush()
    case_state.store_planned_visit({s.visit.case for s in route_plan.stops}
                                   | ({extra.case} if extra is not None else set()))
    return []


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
        unplanned.unplaced_reason = unplaced.reason.value
    if route is None:
        case_state.store_planned_visit({v.case for v in (*visits, *dropped)})
        return DayPlan(None, result.unplaced)
    route_plan = RoutePlan(team_id=team.id, day=day, status=status,
                           travel_seconds=route.travel_seconds, travel_metres=route.travel_metres,
                           created_by_id=user.id if user else None,
                           published_at=utcnow() if status == RoutePlanStatus.PUBLISHED
                           else None)
    route_plan.stops.extend(_stop_rows(route, by_id, set()))
    for stop in route_plan.stops:
        stop.visit.status = transition(stop.visit.status, VisitEvent.PLAN)
        stop.visit.unplaced_reason = None
    db.session.add(route_plan)
    db.session.flush()
    # The cases show the planned day and the team that goes (lists filter on them).
    case_state.store_planned_visit({v.case for v in (*visits, *dropped)})
    audit.record("route.plan", object_type="route_plan", object_id=route_plan.id, user=user,
                 details={"team": team.id, "day": day.isoformat(), "stops": len(route.stops),
                          "unplaced": len(result.unplaced)})
    return DayPlan(route_plan, result.unplaced)
