"""Exemptions from sanctions (hospitalised, disability pension pending, ...), kept per citizen.

An exemption is health-related data, so only the desk roles that work the case
handle it. Adding and ending one are audited; the reason code, never the note,
goes into the trail.
"""

from __future__ import annotations

from datetime import date

from ..domain import ExemptionReason
from ..domain.dates import implausible
from ..extensions import db
from ..models import Citizen, Exemption, User
from . import audit, case_state, clock
from .refusal import Refusal
from .unit_of_work import unit_of_work


@unit_of_work()
def add_exemption(citizen_id: int, reason: ExemptionReason, starts_on: date,
                  ends_on: date | None, note: str, user: User) -> Exemption:
    """Flag the citizen exempt from `starts_on` (to `ends_on`, or until ended)."""
    citizen = db.session.get(Citizen, citizen_id)
    if citizen is None:
        raise LookupError(citizen_id)
    today = clock.today()
    for field, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if implausible(day, today):
            raise Refusal("outside_window", field)
    if ends_on is not None and ends_on < starts_on:
        raise Refusal("end_before_start", "ends_on")
    row = Exemption(citizen_id=citizen.id, reason=ExemptionReason(reason).value,
                    starts_on=starts_on, ends_on=ends_on, note=note.strip(),
                    created_by_id=user.id)
    db.session.add(row)
    db.session.flush()
    # No reason in the trail: it is health data (GDPR art. 9), and admins read the trail.
    audit.record("exemption.create", object_type="exemption", object_id=row.id,
                 citizen_id=citizen.id, user=user)
    # The citizen's cases may no longer be sanctionable: their stored step changes with it.
    case_state.refresh_citizen(citizen.id, clock.today())
    return row


@unit_of_work()
def end_exemption(exemption_id: int, ends_on: date, user: User) -> Exemption:
    """Give an open-ended exemption its last day. An exemption that has one keeps it:
    shortening it afterwards could make a covered no-show sanctionable unseen."""
    row = db.session.get(Exemption, exemption_id)
    if row is None:
        raise LookupError(exemption_id)
    if row.ends_on is not None:
        raise Refusal("already_ended", "ends_on")
    if implausible(ends_on, clock.today()):
        raise Refusal("outside_window", "ends_on")
    if ends_on < row.starts_on:
        raise Refusal("end_before_start", "ends_on")
    row.ends_on = ends_on
    audit.record("exemption.end", object_type="exemption", object_id=row.id,
                 citizen_id=row.citizen_id, user=user, details={"ends_on": ends_on.isoformat()})
    case_state.refresh_citizen(row.citizen_id, clock.today())
    return row


def citizen_of(exemption_id: int) -> int:
    return db.session.get(Exemption, exemption_id).citizen_id
