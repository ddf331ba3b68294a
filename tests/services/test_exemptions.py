"""Exemptions: health data stays out of the trail, and an ended exemption keeps its end."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from outreach_app.domain import ExemptionReason
from outreach_app.extensions import db
from outreach_app.models import AuditEvent
from outreach_app.services import exemptions
from outreach_app.services.refusal import Refusal


def test_the_exemption_reason_is_not_written_to_the_audit_trail(app, make_user, make_citizen):
    user = make_user("anna", "coordinator")
    citizen = make_citizen()
    exemptions.add_exemption(citizen.id, ExemptionReason.HOSPITALISED, date(2026, 1, 1), None,
                             "Indlagt på Bispebjerg", user)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "exemption.create"))
    assert event.citizen_id == citizen.id
    assert "hospital" not in str(event.details) and "Bispebjerg" not in str(event.details)


def test_an_ended_exemption_cannot_be_shortened_afterwards(app, make_user, make_citizen):
    user = make_user("anna", "coordinator")
    citizen = make_citizen()
    row = exemptions.add_exemption(citizen.id, ExemptionReason.HOSPITALISED, date(2026, 1, 1),
                                   None, "", user)
    exemptions.end_exemption(row.id, date(2026, 3, 31), user)
    with pytest.raises(Refusal):
        exemptions.end_exemption(row.id, date(2026, 1, 2), user)
    db.session.expire_all()
    assert db.session.get(type(row), row.id).ends_on == date(2026, 3, 31)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "exemption.end"))
    assert event.details == {"ends_on": "2026-03-31"}
