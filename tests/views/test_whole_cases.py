"""Three whole cases through the web pages, as the coordinator and the caseworker click them
(issue 5, "Done when"): contact by phone; nobody reached up to a home visit, a decision on
the existing basis and its annulment on payment day; a no-show in the COVID-19 suspension."""

from __future__ import annotations

from sqlalchemy import select

from outreach_app.extensions import db
from outreach_app.models import AuditEvent, Case, Decision, Reassessment, Visit
from tests.views.ladder_helpers import CLOSER, case_id_from, days_ago, fill, register, step


def _caseworker(app):
    """A second browser: the caseworker works at the same time as the coordinator."""
    other = app.test_client()
    assert other.login("sara").status_code == 302
    return other


def _actions():
    return [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_contact_by_phone_leads_to_a_decision_with_contact(app, make_user, client):
    make_user("kim", "coordinator")
    make_user("sara", "caseworker")
    client.login("kim")
    case_id = case_id_from(register(client, "W-1", no_show=days_ago(10), las35=days_ago(60),
                                    citizen_ref="P-1"))
    assert step(client, case_id, "hearing_letter", on=days_ago(9), outcome="sent",
                partner_id="0", letter_channel="digital_post", reply_days="7").status_code == 302
    assert step(client, case_id, "case_file_check", on=days_ago(8),
                outcome="no_contact").status_code == 302
    assert step(client, case_id, "phone_call", on=days_ago(7), outcome="contact",
                notes="Glemte mødet; havde tandpine.").status_code == 302
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Afventer afgørelse" in page

    sara = _caseworker(app)
    response = fill(sara, f"/cases/{case_id}/decision", {
        **CLOSER, "outcome": "sanction_with_contact", "absence_reason": "none",
        "meeting_channel": "phone",
        "overall_situation": "Borgeren er i gang med behandling og møder normalt stabilt.",
        "citizen_explanation": "Glemte mødet; havde tandpine.",
        "reasoning": "Tandpine er ikke en rimelig grund til ikke at give besked.",
    })
    assert response.status_code == 302, response.get_data(as_text=True)
    letter = sara.get(response.location).get_data(as_text=True)
    assert "Afgørelse om fradrag i din hjælp" in letter
    assert "Klagevejledning" in letter and "4 uger" in letter
    assert "Telefonopkald" in letter
    db.session.expire_all()
    case = db.session.get(Case, case_id)
    assert case.status == "decided"
    assert "decision.create" in _actions() and _actions().count("attempt.create") == 3


def test_nobody_reached_all_rungs_visit_existing_basis_then_annulled_on_payment_day(
        app, make_user, client):
    make_user("kim", "coordinator")
    make_user("sara", "caseworker")
    client.login("kim")
    case_id = case_id_from(register(client, "W-2", no_show=days_ago(25), las35=days_ago(90),
                                    citizen_ref="P-2"))
    case = db.session.get(Case, case_id)
    from outreach_app.models import Partner

    db.session.add(Partner(citizen_id=case.citizen_id, kind="mentor", name="Mads Mentor",
                           is_representative=True))
    db.session.commit()
    mentor = db.session.scalar(select(Partner.id))

    assert step(client, case_id, "hearing_letter", on=days_ago(24), outcome="sent",
                partner_id="0", letter_channel="digital_post", reply_days="7").status_code == 302
    assert step(client, case_id, "hearing_letter", on=days_ago(24), outcome="sent",
                partner_id=str(mentor), letter_channel="paper",
                reply_days="7").status_code == 302
    assert step(client, case_id, "case_file_check", on=days_ago(23),
                outcome="no_contact").status_code == 302
    assert step(client, case_id, "phone_call", on=days_ago(22),
                outcome="no_answer").status_code == 302
    assert step(client, case_id, "sms_prompt", on=days_ago(22), outcome="sent").status_code == 302
    assert step(client, case_id, "partner_contact", on=days_ago(21), outcome="no_contact",
                partner_id=str(mentor)).status_code == 302

    # A decision on the existing basis before the home visit: refused, and it says why.
    sara = _caseworker(app)
    refused = fill(sara, f"/cases/{case_id}/decision", {
        **CLOSER, "outcome": "sanction_existing_basis", "absence_reason": "unknown",
        "overall_situation": "Ukendt.", "reasoning": "Ingen kontakt."})
    assert refused.status_code == 400
    assert "Hjemmebesøg er ikke gennemført endnu." in refused.get_data(as_text=True)
    assert db.session.scalar(select(Decision.id)) is None

    response = fill(client, f"/cases/{case_id}/visits/new",
                    {"earliest_on": days_ago(0), "priority": "0"})
    assert response.status_code == 302, response.get_data(as_text=True)
    visit = db.session.scalar(select(Visit))
    response = fill(client, f"/cases/{case_id}/visits/{visit.id}/outcome", {
        "outcome": "not_at_home", "on": days_ago(0), "card_left": "y",
        "explanation": "Ingen åbnede; visitkort lagt."})
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Afventer afgørelse" in page and "Papir" in page

    response = fill(sara, f"/cases/{case_id}/decision", {
        **CLOSER, "outcome": "sanction_existing_basis", "absence_reason": "unknown",
        "overall_situation": "Borgeren har ikke kunnet kontaktes.",
        "reasoning": "Alle rimelige muligheder for personlig kontakt er udtømt."})
    assert response.status_code == 302, response.get_data(as_text=True)
    letter = sara.get(response.location).get_data(as_text=True)
    assert "foreliggende grundlag" in letter and "Besøg på din bopæl" in letter
    decision = db.session.scalar(select(Decision))
    response = fill(sara, f"/decisions/{decision.id}/reassessment", {
        "outcome": "annulled", "on": days_ago(0),
        "new_information": "Mødte op på udbetalingsdagen med lægeerklæring."})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert db.session.scalar(select(Reassessment.outcome)) == "annulled"
    page = sara.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Sanktion annulleret" in page
    assert "appeal.receive" not in _actions()


def test_no_show_in_the_covid_suspension_can_only_end_without_sanction(app, make_user, client):
    make_user("kim", "coordinator")
    make_user("sara", "caseworker")
    client.login("kim")
    case_id = case_id_from(register(client, "W-3", no_show="2020-04-01", las35="2020-02-01",
                                    citizen_ref="P-3"))
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Ingen sanktion er mulig" in page and "COVID-19" in page
    assert db.session.get(Case, case_id).status == "awaiting_decision"

    sara = _caseworker(app)
    for outcome in ("sanction_existing_basis", "sanction_with_contact"):
        refused = fill(sara, f"/cases/{case_id}/decision", {
            "outcome": outcome, "absence_reason": "unknown", "meeting_channel": "phone",
            "overall_situation": "Corona.", "reasoning": "Forsøg."})
        assert refused.status_code == 400
        assert "suspensionsperioden" in refused.get_data(as_text=True)
    response = fill(sara, f"/cases/{case_id}/decision", {
        "outcome": "no_sanction", "absence_reason": "unknown",
        "overall_situation": "Fremmøde var frivilligt under suspensionen."})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert db.session.scalar(select(Decision.outcome)) == "no_sanction"
    assert "Afgørelse: ingen sanktion" in sara.get(response.location).get_data(as_text=True)


def test_a_sanction_for_an_absence_with_a_reasonable_cause_is_refused_beside_the_reason(
        app, make_user, client):
    make_user("kim", "coordinator")
    make_user("sara", "caseworker")
    client.login("kim")
    case_id = case_id_from(register(client, "W-4", no_show=days_ago(10), las35=days_ago(60),
                                    citizen_ref="P-4"))
    step(client, case_id, "hearing_letter", on=days_ago(9), outcome="sent", partner_id="0",
         letter_channel="digital_post", reply_days="7")
    step(client, case_id, "phone_call", on=days_ago(7), outcome="contact", notes="Var syg.")
    sara = _caseworker(app)
    refused = fill(sara, f"/cases/{case_id}/decision", {
        **CLOSER, "outcome": "sanction_with_contact", "absence_reason": "illness",
        "illness_report": "reported",
        "meeting_channel": "phone", "overall_situation": "Syg.", "reasoning": "Forsøg."})
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert ('id="absence_reason-error">Udeblivelsen havde en rimelig grund (Sygdom): ingen '
            "sanktion er mulig.") in page
    assert db.session.scalar(select(Decision.id)) is None
    # Reasons and meeting channel are domain issues too, shown beside their fields.
    refused = fill(sara, f"/cases/{case_id}/decision", {
        **CLOSER, "outcome": "sanction_with_contact", "absence_reason": "none",
        "overall_situation": "Glemt."})
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert ('id="reasoning-error">En sanktion skal begrundes: begrundelsen citeres i brevet '
            "(forvaltningslovens § 22).") in page
    assert 'id="meeting_channel-error">Registrér, hvordan mødet med borgeren foregik.' in page
    assert db.session.scalar(select(Decision.id)) is None
