"""Registering a no-show from the form: all or nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from outreach_app.extensions import db
from outreach_app.models import AuditEvent, Case, Citizen
from outreach_app.services import clock, noshow
from outreach_app.services.refusal import Refusals


def _no_show(case_ref: str, citizen_ref: str) -> noshow.NoShowInput:
    day = clock.today() - timedelta(days=3)
    return noshow.NoShowInput(
        case_ref=case_ref, citizen_reference=citizen_ref, target_group="aktivitetsparat",
        no_show_kind="interview", no_show_date=day, full_name="Anna Eksempel",
        address="Nørrebrogade 12", postcode="2200", city="København N", lat=55.69, lon=12.55,
        las35_guidance_on=day - timedelta(days=40), las35_guidance_channel="digital_post")


def test_a_case_registered_by_a_colleague_meanwhile_leaves_no_new_citizen(
        app, make_user, monkeypatch):
    """The reference was free when checked; a colleague takes it before the case is
    written. The new citizen, written first, is not saved either, nor its audit event."""
    kim = make_user("kim", "coordinator")
    was_taken = noshow.case_ref_taken

    def colleague_meanwhile(case_ref):
        free = was_taken(case_ref)
        monkeypatch.setattr(noshow, "case_ref_taken", was_taken)  # the colleague's own check
        noshow.register_no_show(_no_show(case_ref, "P-2"), kim, clock.today())
        return free

    monkeypatch.setattr(noshow, "case_ref_taken", colleague_meanwhile)
    with pytest.raises(Refusals) as refused:
        noshow.register_no_show(_no_show("JC-1", "P-1"), kim, clock.today())
    assert [(p.field, p.code) for p in refused.value] == [("case_ref", "case_ref_taken")]
    db.session.expire_all()
    assert list(db.session.scalars(select(Citizen.reference))) == ["P-2"]
    assert len(list(db.session.scalars(select(Case.id)))) == 1
    assert len(list(db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "citizen.create")))) == 1
