"""What the planning pages show: team-days, a route's stops, the month against its target,
visits that could not be placed and visits whose deadline is near, and the maps.

Plain values for the templates; every read that shows citizens' addresses audits which
citizens it showed (ids only), in a unit of work of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

import routes_planner as rp

from ..domain import VisitStatus
from ..extensions import db
from ..models import Case, RoutePlan, RouteStop, Team, Visit
from . import audit, planner_settings
from .planning_checks import OPEN_CASE, month_of
from .unit_of_work import unit_of_work


@dataclass(frozen=True)
class TeamDayRow:
    team_id: int
    team: str
    day: date
    status: str
    stops: int
    leave: time | None
    back: time | None
    travel_seconds: int
    travel_metres: int
    changed: bool
    revision: int


@dataclass(frozen=True)
class StopRow:
    visit_id: int
    seq: int
    eta: time
    start: time
    departure: time
    travel_seconds: int
    travel_metres: int
    case_ref: str
    citizen_id: int
    address: str
    access_notes: str
    # Safety at the door (domain/safety.py): the flags' values and the short text.
    safety_flags: tuple[str, ...]
    safety_note: str
    needs_pair: bool
    locked: bool
    status: str
    deadline: date
    lat: float | None
    lon: float | None

    @property
    def done(self) -> bool:
        return self.status == VisitStatus.DONE


@dataclass(frozen=True)
class VisitRow:
    visit_id: int
    case_ref: str
    citizen_id: int
    address: str
    earliest: date
    deadline: date
    needs_pair: bool
    reason: str  # routes_planner's UnplacedReason value ("" when none); views word it


@dataclass(frozen=True)
class MonthProgress:
    month: date
    planned: int
    done: int
    target_low: int
    target_high: int

    @property
    def total(self) -> int:
        return self.planned + self.done

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.total / self.target_low)) if self.target_low else 100


def team_days(start: date, end: date) -> list[TeamDayRow]:
    """The stored team-days of the period, by day and team (empty days included)."""
    routes = db.session.scalars(
        select(RoutePlan).join(RoutePlan.team)
        .where(RoutePlan.day >= start, RoutePlan.day <= end)
        .options(selectinload(RoutePlan.stops), selectinload(RoutePlan.team))
        .order_by(RoutePlan.day, Team.name))
    rows = []
    for r in routes:
        stops = list(r.stops)
        rows.append(TeamDayRow(
            team_id=r.team_id, team=r.team.name, day=r.day, status=r.status,
            stops=len(stops), leave=stops[0].arrival if stops else None,
            back=stops[-1].departure if stops else None, travel_seconds=r.travel_seconds,
            travel_metres=r.travel_metres,
            changed=r.changed_at is not None and (r.published_at is None
                                                  or r.changed_at > r.published_at),
            revision=r.revision))
    return rows


def route_plan(team_id: int, day: date) -> RoutePlan | None:
    return db.session.scalar(
        select(RoutePlan).where(RoutePlan.team_id == team_id, RoutePlan.day == day)
        .options(selectinload(RoutePlan.stops).selectinload(RouteStop.visit)
                 .selectinload(Visit.case).selectinload(Case.citizen),
                 selectinload(RoutePlan.team)))


def stops_of(plan: RoutePlan, *, audit_as: str | None = None) -> list[StopRow]:
    """The route's stops in order; `audit_as` records which citizens a page showed."""
    rows = []
    for s in plan.stops:
        citizen = s.visit.case.citizen
        rows.append(StopRow(
            visit_id=s.visit_id, seq=s.seq, eta=s.arrival, start=s.start, departure=s.departure,
            travel_seconds=s.travel_seconds, travel_metres=s.travel_metres,
            case_ref=s.visit.case.case_ref, citizen_id=citizen.id,
            address=citizen.full_address, access_notes=citizen.access_notes,
            safety_flags=tuple(citizen.safety_flags or ()), safety_note=citizen.door_safety_note,
            needs_pair=s.visit.needs_pair, locked=s.locked,
            status=s.visit.status, deadline=s.visit.deadline_on, lat=citizen.lat,
            lon=citizen.lon))
    if audit_as and rows:
        with unit_of_work():
            audit.record("route.view", object_type="route_plan", object_id=plan.id,
                         details={"via": audit_as, "citizens": [r.citizen_id for r in rows]})
    return rows


def month_progress(day: date) -> MonthProgress:
    """Visits planned and done in `day`'s month, against the configured monthly target."""
    first, last = month_of(day)
    config = planner_settings.current()
    counts = dict(db.session.execute(
        select(Visit.status, func.count()).join(RouteStop, RouteStop.visit_id == Visit.id)
        .join(RoutePlan, RoutePlan.id == RouteStop.route_plan_id)
        .where(RoutePlan.day >= first, RoutePlan.day <= last,
               Visit.status.in_((VisitStatus.PLANNED, VisitStatus.DONE)))
        .group_by(Visit.status)).all())
    return MonthProgress(first, counts.get(VisitStatus.PLANNED, 0), counts.get(VisitStatus.DONE, 0),
                         config.monthly_target_low, config.monthly_target_high)


def _visit_row(v: Visit) -> VisitRow:
    return VisitRow(v.id, v.case.case_ref, v.case.citizen_id, v.case.citizen.full_address,
                    v.earliest_on, v.deadline_on, v.needs_pair, v.unplaced_reason or "")


def _unrouted():
    return (select(Visit).join(Visit.case).outerjoin(RouteStop, RouteStop.visit_id == Visit.id)
            .where(Visit.status == VisitStatus.REQUESTED, Case.status.in_(OPEN_CASE),
                   RouteStop.id.is_(None))
            .options(selectinload(Visit.case).selectinload(Case.citizen))
            .order_by(Visit.deadline_on, Visit.id))


def unplaced() -> list[VisitRow]:
    """Open visits the last planning could not place, each with reason and remedy."""
    return [_visit_row(v) for v in db.session.scalars(
        _unrouted().where(Visit.unplaced_reason.is_not(None)))]


def working_list(today: date, days: int) -> list[VisitRow]:
    """Open visits not on any route whose deadline is within `days` days of `today`."""
    return [_visit_row(v) for v in db.session.scalars(
        _unrouted().where(Visit.deadline_on <= today + timedelta(days=days)))]


def visit_lists(today: date, days: int) -> tuple[list[VisitRow], list[VisitRow]]:
    """The planning page's two lists, :func:`unplaced` and :func:`working_list`; the
    citizens they show are audited."""
    with unit_of_work():
        not_placed, due = unplaced(), working_list(today, days)
        shown = {r.citizen_id for r in (*not_placed, *due)}
        if shown:
            audit.record("visit.list", object_type="planning",
                         details={"citizens": sorted(shown)})
    return not_placed, due


# --- maps -------------------------------------------------------------------------------




def map_route(plan: RoutePlan, stops: list[StopRow], *, with_team_in_label: bool = False
              ) -> rp.MapRoute:
    team = plan.team
    start = (team.start_lat, team.start_lon) if team.has_start else None
    label_prefix = f"{team.name} · " if with_team_in_label else ""
    return rp.MapRoute(
        team=team.name, day=plan.day.isoformat(), mode=team.travel_mode, start=start,
        end=start, travel_seconds=plan.travel_seconds, travel_metres=plan.travel_metres,
        stops=tuple(rp.MapStop(label=f"{label_prefix}{s.case_ref}", address=s.address,
                               lat=s.lat, lon=s.lon, eta=s.eta,
                               start=s.start if s.start != s.eta else None)
                    for s in stops))



def route_map_html(plan: RoutePlan, stops: list[StopRow], tiles: str | None,
                   labels: dict[str, str]) -> str:
    """One team-day's map as a complete HTML page (folium); `labels` are its words in
    the reader's language."""
    fmap = rp.route_map(map_route(plan, stops), tiles=tiles, attribution=_attribution(tiles),
                        labels=labels)
    return rp.render(fmap, title=f"{plan.team.name} {plan.day.isoformat()}")


def overview_map_html(start: date, end: date, tiles: str | None,
                      labels: dict[str, str]) -> str:
    """Every team-day of the period on one map, each team with its colour, shape,
    letter and dash and a legend of them; the citizens it shows are audited."""
    plans = db.session.scalars(
        select(RoutePlan).where(RoutePlan.day >= start, RoutePlan.day <= end)
        .options(selectinload(RoutePlan.stops).selectinload(RouteStop.visit)
                 .selectinload(Visit.case).selectinload(Case.citizen),
                 selectinload(RoutePlan.team))
        .order_by(RoutePlan.day, RoutePlan.team_id))
    routes, citizens = [], []
    for plan in plans:
        stops = stops_of(plan)
        if stops:
            routes.append(map_route(plan, stops, with_team_in_label=True))
            citizens.extend(s.citizen_id for s in stops)
    fmap = rp.overview_map(routes, tiles=tiles, attribution=_attribution(tiles),
                           styles=team_styles(), labels=labels)
    if citizens:
        with unit_of_work():
            audit.record("route.view", object_type="planning",
                         details={"via": "overview_map", "citizens": sorted(set(citizens))})
    return rp.render(fmap, title=f"{start.isoformat()} – {end.isoformat()}")


def team_styles() -> dict[str, rp.TeamStyle]:
    """One stable colour, marker shape, letter and line dash per team (by id), the same
    on the overview map and in the page's legend and table."""
    names = list(db.session.scalars(select(Team.name).order_by(Team.id)))
    return rp.team_styles(names)


def _attribution(tiles: str | None) -> str | None:
    return "&copy; OpenStreetMap contributors" if tiles else None
