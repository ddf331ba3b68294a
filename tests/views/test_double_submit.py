"""Finding 6: every creating form saves once per form token (double clicks, reloads, twenty
concurrent POSTs), and a partner registered by mistake can be removed while unused."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from outreach_app.extensions import db
from outreach_app.models import (
    AuditEvent,
    ContactAttempt,
    Decision,
    Exemption,
    Partner,
    Reassessment,
    SuspensionPeriod,
    User,
)
from outreach_app.services import clock
from tests.views.concurrency import needs_postgresql, post_at_once


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _twice(client, url: str, data: dict):
    """The same form sent twice, as a double click sends it."""
    tokens = client.form_tokens(url)
    first = client.post(url, data={**tokens, **data})
    second = client.post(url, data={**tokens, **data})
    return first, second


def test_a_partner_sent_twice_is_registered_once(coordinator, make_citizen):
    citizen = make_citizen()
    first, second = _twice(coordinator, f"/citizens/{citizen.id}/partners",
                           {"kind": "mentor", "name": "Mona Mentor"})
    assert first.status_code == 302 and second.status_code == 302
    assert _count(Partner) == 1
    page = coordinator.get(second.location).get_data(as_text=True)
    assert "Formularen var allerede sendt" in page


def test_an_exemption_sent_twice_is_registered_once(coordinator, make_citizen):
    citizen = make_citizen()
    first, second = _twice(coordinator, f"/citizens/{citizen.id}/exemptions", {
        "reason": "hospitalised", "starts_on": clock.today().isoformat(), "note": ""})
    assert (first.status_code, second.status_code) == (302, 302)
    assert _count(Exemption) == 1


def test_a_reassessment_sent_twice_is_recorded_once(client, make_user, make_case):
    sara = make_user("sara", "caseworker")
    case = make_case(status="decided")
    decision = Decision(case_id=case.id, outcome="sanction_with_contact", absence_reason="none",
                        decided_on=case.no_show_date + timedelta(days=3), decided_by_id=sara.id)
    db.session.add(decision)
    db.session.commit()
    client.login("sara")
    first, second = _twice(client, f"/decisions/{decision.id}/reassessment", {
        "outcome": "annulled", "on": str(decision.decided_on + timedelta(days=1)),
        "new_information": "Mødte op på udbetalingsdagen."})
    assert (first.status_code, second.status_code) == (302, 302)
    assert _count(Reassessment) == 1


def test_a_ladder_step_sent_twice_is_recorded_once_without_a_conflict_message(coordinator,
                                                                               make_case):
    case = make_case()
    url = f"/cases/{case.id}/steps/hearing_letter"
    page = coordinator.get(url).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    first, second = _twice(coordinator, url, {
        "on": str(case.no_show_date + timedelta(days=1)), "outcome": "sent",
        "letter_channel": "digital_post", "reply_days": "7", "partner_id": "0",
        "version": version})
    assert (first.status_code, second.status_code) == (302, 302)
    assert _count(ContactAttempt) == 1


def test_a_suspension_period_and_a_user_sent_twice_are_saved_once(client, make_user):
    make_user("boss", "admin")
    client.login("boss")
    before = _count(SuspensionPeriod)
    first, second = _twice(client, "/admin/suspension-periods", {
        "name": "Strejke", "starts_on": "2025-03-01", "ends_on": "2025-03-10",
        "meetings_voluntary": "y"})
    assert (first.status_code, second.status_code) == (302, 302)
    assert _count(SuspensionPeriod) == before + 1
    first, second = _twice(client, "/admin/users", {
        "username": "ny", "role": "coordinator", "team_id": "0",
        "password": "Tr0mbone-Kaffekop-7", "password_again": "Tr0mbone-Kaffekop-7"})
    assert (first.status_code, second.status_code) == (302, 302)
    assert _count(User, User.username == "ny") == 1


def test_a_refused_form_can_be_corrected_and_sent_with_the_same_token(coordinator,
                                                                      make_citizen):
    citizen = make_citizen()
    url = f"/citizens/{citizen.id}/partners"
    tokens = coordinator.form_tokens(url)
    refused = coordinator.post(url, data={**tokens, "kind": "mentor", "name": "Mona",
                                          "phone": "123"})
    assert refused.status_code == 400 and _count(Partner) == 0
    fixed = coordinator.post(url, data={**tokens, "kind": "mentor", "name": "Mona",
                                        "phone": "20304050"})
    assert fixed.status_code == 302 and _count(Partner) == 1


@needs_postgresql
def test_twenty_concurrent_partner_posts_register_one_partner(app, make_user, make_citizen):
    make_user("kim", "coordinator")
    citizen = make_citizen()
    url = f"/citizens/{citizen.id}/partners"
    codes = post_at_once(app, "kim", url, lambda browser: {
        **browser.form_tokens(url), "kind": "mentor", "name": "Mona Mentor"})
    assert codes == [302] * 20
    assert _count(Partner, Partner.citizen_id == citizen.id) == 1
    assert _count(AuditEvent, AuditEvent.action == "partner.create") == 1


# -- removing a partner registered by mistake ---------------------------------------------

def test_a_partner_registered_by_mistake_can_be_removed_and_it_is_audited(coordinator,
                                                                          make_case):
    case = make_case()
    for name in ("Mona Mentor", "Mona Mentor"):  # two separate form loads: a real duplicate
        coordinator.submit(f"/citizens/{case.citizen_id}/partners",
                           {"kind": "mentor", "name": name})
    duplicate = db.session.scalars(select(Partner).order_by(Partner.id)).all()[-1]
    page = coordinator.get(f"/citizens/{case.citizen_id}/partners").get_data(as_text=True)
    assert f"/partners/{duplicate.id}/remove" in page
    response = coordinator.submit(f"/partners/{duplicate.id}/remove", {},
                                  form_url=f"/citizens/{case.citizen_id}/partners")
    assert response.status_code == 302
    assert _count(Partner) == 1
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "partner.delete"))
    assert event.citizen_id == case.citizen_id and "Mona" not in str(event.details)


def test_a_partner_an_attempt_refers_to_cannot_be_removed(coordinator, make_case):
    case = make_case()
    coordinator.submit(f"/citizens/{case.citizen_id}/partners",
                       {"kind": "mentor", "name": "Mona Mentor"})
    partner = db.session.scalar(select(Partner))
    db.session.add(ContactAttempt(case_id=case.id, rung="partner_contact", outcome="no_answer",
                                  occurred_on=case.no_show_date + timedelta(days=2),
                                  partner_id=partner.id))
    db.session.commit()
    page = coordinator.get(f"/citizens/{case.citizen_id}/partners").get_data(as_text=True)
    assert f"/partners/{partner.id}/remove" not in page
    response = coordinator.submit(f"/partners/{partner.id}/remove", {},
                                  form_url=f"/citizens/{case.citizen_id}/partners")
    assert response.status_code == 302
    assert _count(Partner) == 1
    page = coordinator.get(response.location).get_data(as_text=True)
    assert "henviser til denne samarbejdspartner" in page
