"""A citizen's partners and party representatives: the people the ladder contacts.

Partners are never deleted: contact attempts refer to them. A partner who no longer
works with the citizen is edited (or left in place); the history keeps its meaning.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..domain import PartnerKind
from ..domain.phones import InvalidPhoneNumber, normalise_phone
from ..extensions import db
from ..models import Citizen, Partner, User
from . import audit, case_state, clock


class PartnerError(ValueError):
    def __init__(self, field: str, message):
        super().__init__(message)
        self.field = field


def _clean(data: dict) -> dict:
    data = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    data["kind"] = PartnerKind(data["kind"]).value
    if data.get("phone"):
        try:
            data["phone"] = normalise_phone(data["phone"])
        except InvalidPhoneNumber as error:
            raise PartnerError("phone", _l("Not a valid phone number.")) from error
    else:
        data["phone"] = None
    data["email"] = data.get("email") or None
    return data


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
    db.session.commit()
    return partner


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
    db.session.commit()
    return partner
