"""A coordinator registers a citizen's partners and representatives; the ladder then asks
for each of them."""

from __future__ import annotations

from sqlalchemy import select

from outreach_app import domain
from outreach_app.extensions import db
from outreach_app.models import AuditEvent, Partner
from outreach_app.services import case_facts


def test_a_registered_partner_must_then_be_contacted(client, make_user, make_case):
    make_user("anna", "coordinator")
    case = make_case()
    client.login("anna")
    response = client.submit(f"/citizens/{case.citizen_id}/partners", {
        "kind": "mentor", "name": "Mona Mentor", "organisation": "Jobhuset",
        "phone": "20 30 40 50", "is_representative": "y"})
    assert response.status_code == 302
    partner = db.session.scalar(select(Partner).where(Partner.citizen_id == case.citizen_id))
    assert (partner.kind, partner.phone, partner.is_representative) == (
        "mentor", "+4520304050", True)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "partner.create"))
    assert event.citizen_id == case.citizen_id and "Mona" not in str(event.details)
    db.session.expire_all()
    facts = case_facts.for_case(case, case.no_show_date)
    assert facts.representatives == (partner.id,)
    assert [p.id for p in facts.partners] == [partner.id]
    page = client.get(f"/citizens/{case.citizen_id}/partners").get_data(as_text=True)
    assert "Mona Mentor" in page and "Jobhuset" in page


def test_partner_with_a_bad_phone_is_refused_beside_the_field(client, make_user, make_citizen):
    make_user("anna", "coordinator")
    citizen = make_citizen()
    client.login("anna")
    response = client.submit(f"/citizens/{citizen.id}/partners", {
        "kind": "mentor", "name": "Mona", "phone": "123"})
    assert response.status_code == 400
    assert 'id="phone-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(Partner)) is None


def test_editing_a_partner_is_audited_by_field_name(client, make_user, make_citizen):
    make_user("anna", "coordinator")
    citizen = make_citizen(partners=[("support_contact_person", False)])
    partner = citizen.partners[0]
    client.login("anna")
    response = client.submit(f"/partners/{partner.id}", {
        "kind": "support_contact_person", "name": "Sven SKP", "organisation": "Bostøtte"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Partner, partner.id).name == "Sven SKP"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "partner.update"))
    assert set(event.details["fields"]) >= {"name", "organisation"}


def test_unknown_partner_kind_is_refused(client, make_user, make_citizen):
    make_user("anna", "coordinator")
    citizen = make_citizen()
    client.login("anna")
    response = client.submit(f"/citizens/{citizen.id}/partners", {"kind": "wizard",
                                                                    "name": "X"})
    assert response.status_code == 400
    assert db.session.scalar(select(Partner)) is None


def test_caseworker_sees_all_cases_but_does_not_manage_partners(client, make_user, make_case):
    make_user("sara", "caseworker")
    case = make_case()
    client.login("sara")
    assert case.case_ref in client.get("/coordinator/").get_data(as_text=True)
    assert client.get(f"/citizens/{case.citizen_id}/partners").status_code == 403
    start = client.get("/caseworker/").get_data(as_text=True)
    assert "Alle sager" in start
    assert "Registrér en udeblivelse" not in client.get("/coordinator/").get_data(as_text=True)


def test_the_ladder_names_the_partner_not_yet_contacted(app, make_citizen, make_case):
    citizen = make_citizen(partners=[("mentor", False), ("housing_adviser", False)])
    case = make_case(citizen=citizen)
    assessment = domain.assess(case_facts.for_case(case, case.no_show_date))
    partner_rung = assessment.rung(domain.Rung.PARTNER_CONTACT)
    assert set(partner_rung.pending_partners) == {p.id for p in citizen.partners}
