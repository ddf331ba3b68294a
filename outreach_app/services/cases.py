"""Case lists for the desk roles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..models import Case, Citizen
from . import audit


@dataclass(frozen=True)
class CaseRow:
    id: int
    case_ref: str
    citizen_id: int
    citizen_name: str
    target_group: str
    no_show_date: date
    status: str


def list_cases(statuses: tuple[str, ...] | None = None) -> list[CaseRow]:
    """Cases with their citizen's name, newest no-show first; the listing is audited."""
    query = (
        select(Case.id, Case.case_ref, Case.citizen_id, Citizen.full_name, Case.target_group,
               Case.no_show_date, Case.status)
        .join(Citizen, Citizen.id == Case.citizen_id)
        .order_by(Case.no_show_date.desc(), Case.id.desc())
    )
    if statuses:
        query = query.where(Case.status.in_(statuses))
    rows = [CaseRow(*row) for row in db.session.execute(query)]
    audit.record("case.list", details={"statuses": list(statuses or []), "count": len(rows)})
    db.session.commit()
    return rows
