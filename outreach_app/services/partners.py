"""A citizen's partners and party representatives: the people the ladder contacts.

A partner that a contact attempt refers to is never deleted: the history keeps its
meaning. One registered by mistake (a double entry, the wrong person) may be removed
while no attempt refers to it, so it does not hold up the partner rung.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..domain import PartnerKind
from ..domain.phones import InvalidPhoneNumber, normalise_phone
from ..extensions import db
from ..models import Citizen, ContactAttempt, Partner, User
from . import audit, case_state, clock
from .refusal import Refusal
from .unit_of_work import unit_of_work


def _clean(data: dict) -> dict:
    data = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    data["kind"] = PartnerKind(data["kind"]).value
    if data.get("phone"):
        try:
            data["phone"] = normalise_phone(data["phone"])
        except InvalidPhoneNumber as error:
            raise Refusal("phone_invalid", "phone") from error
    else:
        data["phone"] = None
    data["email"] = data.get("email") or None
    return data


@unit_of_work()
def add_partner(citizen_id: int, data: dict, user: User) -> Partner:
    """Register a partner (mentor, support contact person, ...) of the citizen; audited."""
    citizen = db.session.get(Citizen, citizen_id)
    if citizen is None:
        raise LookupError(citizen_id)
    partner = Partner(citizen_id=citizen.id, **_clean(data))
    db.session.add(partner)
    db.session.flush()
    audit.record("partner.create", object_type="partner", object_id=partner.id,
                 citizen_id=citizen.id, user=user,
                 details={"kind": partner.kind, "representative": partner.is_representative})
    # A new partner is a new rung to climb (a representative a new hearing letter).
    case_state.refresh_citizen(citizen.id, clock.today())
    return partner


@unit_of_work()
def update_partner(partner_id: int, data: dict, user: User) -> Partner:
    """Change a partner's details; the audit names the changed fields, not their values."""
    partner = db.session.get(Partner, partner_id)
    if partner is None:
        raise LookupError(partner_id)
    changed = audit.changed_fields(partner, _clean(data))
    if changed:
        audit.record("partner.update", object_type="partner", object_id=partner.id,
                     citizen_id=partner.citizen_id, user=user, details={"fields": changed})
        case_state.refresh_citizen(partner.citizen_id, clock.today())
    return partner


def partners_in_use(citizen_id: int) -> set[int]:
    """The ids of the citizen's partners that a contact attempt refers to."""
    return set(db.session.scalars(
        select(ContactAttempt.partner_id).join(Partner, Partner.id == ContactAttempt.partner_id)
        .where(Partner.citizen_id == citizen_id)))


def remove_partner(partner_id: int, user: User) -> int:
    """Remove a partner registered by mistake; returns the citizen's id. Audited.

    Refused (Refusal "partner_in_use") once a contact attempt refers to the partner.
    """
    try:
        return _remove(partner_id, user)
    except IntegrityError as error:  # an attempt naming it was saved at the same moment
        raise Refusal("partner_in_use", "partner") from error


@unit_of_work()
def _remove(partner_id: int, user: User) -> int:
    partner = db.session.get(Partner, partner_id)
    if partner is None:
        raise LookupError(partner_id)
    citizen_id = partner.citizen_id
    if partner.id in partners_in_use(citizen_id):
        raise Refusal("partner_in_use", "partner")
    audit.record("partner.delete", object_type="partner", object_id=partner.id,
                 citizen_id=citizen_id, user=user,
                 details={"kind": partner.kind, "representative": partner.is_representative})
    partner.citizen.partners.remove(partner)  # delete-orphan: the row goes at the flush
    db.session.flush()
    # One partner fewer to contact: the ladder's next step may move on.
    case_state.refresh_citizen(citizen_id, clock.today())
    return citizen_id
