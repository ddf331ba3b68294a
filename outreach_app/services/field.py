"""What an outreach worker sees: only today's assigned visits, only what the visit needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..domain import FIELD_ROUTE_STATUSES, CaseStatus, VisitStatus
from ..extensions import db
from ..models import Case, RoutePlan, RouteStop, User, Visit
from . import audit


@dataclass(frozen=True)
class FieldStop:
    """The minimum a visit needs at the door. Never health, addiction or case notes."""

    visit_id: int
    seq: int
    eta: time
    name: str
    address: str
    lat: float | None
    lon: float | None
    access_notes: str
    safety_note: str
    needs_pair: bool
    status: str


def todays_route(user: User, day: date) -> list[FieldStop]:
    """The stops of the user's team on `day`, in route order; each citizen shown is audited."""
    if user.team_id is None:
        return []
    plan = db.session.scalar(
        select(RoutePlan)
        .where(RoutePlan.team_id == user.team_id, RoutePlan.day == day,
               RoutePlan.status.in_(FIELD_ROUTE_STATUSES))
        .options(selectinload(RoutePlan.stops).selectinload(RouteStop.visit)
                 .selectinload(Visit.case).selectinload(Case.citizen))
    )
    if plan is None:
        return []
    stops = []
    for stop in plan.stops:
        if (stop.visit.status == VisitStatus.CANCELLED
                or not CaseStatus(stop.visit.case.status).active):
            continue  # contact was made elsewhere: nobody goes there, nobody sees the address
        citizen = stop.visit.case.citizen
        stops.append(FieldStop(
            visit_id=stop.visit_id, seq=stop.seq, eta=stop.arrival, name=citizen.full_name,
            address=citizen.full_address, lat=citizen.lat, lon=citizen.lon,
            access_notes=citizen.access_notes, safety_note=citizen.safety_note,
            needs_pair=stop.visit.needs_pair, status=stop.visit.status,
        ))
        audit.record("citizen.view", object_type="visit", object_id=stop.visit_id,
                     citizen_id=citizen.id, details={"via": "field_route"})
    db.session.commit()
    return stops
