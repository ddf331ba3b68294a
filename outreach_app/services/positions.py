"""Citizens without a position: the coordinator's list, and positions set by hand.

A visit at an address without a position cannot be planned; the list shows why the
geocoder found none and the nearest visit deadline first, so the urgent ones are fixed
first. A hand-set position wins over the geocoder (services/geocoding.set_position).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from ..domain.lifecycle import VisitStatus
from ..extensions import db
from ..models import Case, Citizen, Visit
from . import audit, geocoding
from .refusal import Refusal
from .unit_of_work import unit_of_work

# Visits still to be carried out: these make a missing position urgent.
OPEN_VISIT_STATUSES = tuple(s.value for s in VisitStatus if s.open)


@dataclass(frozen=True)
class MissingPosition:
    citizen_id: int
    name: str
    address: str
    failure: str | None
    visit_deadline: date | None


def _missing_query():
    deadline = (select(Case.citizen_id, func.min(Visit.deadline_on).label("deadline"))
                .join(Visit, Visit.case_id == Case.id)
                .where(Visit.status.in_(OPEN_VISIT_STATUSES))
                .group_by(Case.citizen_id).subquery())
    return (select(Citizen, deadline.c.deadline)
            .outerjoin(deadline, deadline.c.citizen_id == Citizen.id)
            .where(Citizen.lat.is_(None)))


def missing_positions() -> list[MissingPosition]:
    """Citizens whose address has no position, nearest visit deadline first (audited read)."""
    rows = db.session.execute(_missing_query()).all()
    found = [MissingPosition(c.id, c.full_name, c.full_address, c.geocode_failure, deadline)
             for c, deadline in rows]
    found.sort(key=lambda m: (m.visit_deadline is None, m.visit_deadline or date.max, m.name))
    # Ids, not names: a citizen's own trail must show this read too.
    with unit_of_work():
        audit.record("citizen.list", details={
            "view": "missing_positions", "count": len(found),
            "citizen_ids": sorted(m.citizen_id for m in found)})
    return found


def count_missing() -> int:
    return db.session.scalar(select(func.count(Citizen.id)).where(Citizen.lat.is_(None)))


@unit_of_work()
def set_by_hand(citizen_id: int, lat: float | None, lon: float | None) -> Citizen:
    """Store a coordinator's position for the citizen's address; it wins from now on."""
    citizen = db.session.get(Citizen, citizen_id)
    if citizen is None:
        raise LookupError(citizen_id)
    if lat is None or not -90 <= lat <= 90:
        raise Refusal("latitude_range", "lat")
    if lon is None or not -180 <= lon <= 180:
        raise Refusal("longitude_range", "lon")
    geocoding.set_position(citizen, lat, lon)
    return citizen
