"""The law through the pages (issue 11): LAS § 35 guidance recent and documented, the
"closer to work" assessment, a decision form that does not lead, the deduction in the letter."""

from __future__ import annotations

import re

from sqlalchemy import select

from outreach_app.extensions import db
from outreach_app.models import Case, Decision
from tests.views.ladder_helpers import (
    CLOSER,
    case_id_from,
    days_ago,
    fill,
    register,
    step,
)


def _contact_case(app, client, make_user, *, las35=None, **extra):
    make_user("kim", "coordinator")
    make_user("sara", "caseworker")
    client.login("kim")
    case_id = case_id_from(register(client, "G-1", no_show=days_ago(10),
                                    las35=las35 or days_ago(40), citizen_ref="P-G1", **extra))
    step(client, case_id, "hearing_letter", on=days_ago(9), outcome="sent", partner_id="0",
         letter_channel="digital_post", reply_days="7")
    step(client, case_id, "phone_call", on=days_ago(7), outcome="contact",
         notes="Glemte mødet; havde travlt med flytning.")
    sara = app.test_client()
    sara.login("sara")
    return case_id, sara


SANCTION = {"outcome": "sanction_with_contact", "absence_reason": "none",
            "meeting_channel": "phone", "overall_situation": "Stabil.",
            "reasoning": "Ingen rimelig grund."}


def test_no_show_form_records_the_guidance_channel_and_wording(app, client, make_user):
    case_id, _ = _contact_case(app, client, make_user)
    case = db.session.get(Case, case_id)
    assert case.las35_guidance_channel == "digital_post"
    assert case.las35_guidance_wording.startswith("Du skal møde op til samtaler")


def test_guidance_older_than_six_months_blocks_the_sanction_with_the_item_named(
        app, client, make_user):
    case_id, sara = _contact_case(app, client, make_user, las35=days_ago(10 + 200))
    page = sara.get(f"/cases/{case_id}/decision").get_data(as_text=True)
    assert 'value="sanction_with_contact" id="outcome-sanction_with_contact"' in page
    blocked = re.search(r'id="outcome-sanction_with_contact"\s+disabled', page)
    assert blocked, "the sanction must be disabled"
    assert "Vejledning efter LAS § 35: den seneste vejledning" in page
    assert "mere end 6 måneder gammel" in page
    refused = fill(sara, f"/cases/{case_id}/decision", {**SANCTION, **CLOSER})
    assert refused.status_code == 400
    assert 'id="outcome-error"' in refused.get_data(as_text=True)
    assert "mere end 6 måneder gammel" in refused.get_data(as_text=True)
    assert db.session.scalar(select(Decision.id)) is None


def test_guidance_without_wording_blocks_the_sanction(app, client, make_user):
    case_id, sara = _contact_case(app, client, make_user, las35_guidance_wording="")
    refused = fill(sara, f"/cases/{case_id}/decision", {**SANCTION, **CLOSER})
    assert refused.status_code == 400
    assert "ordlyden er ikke registreret" in refused.get_data(as_text=True)


def test_decision_form_preselects_nothing_and_shows_the_evidence_beside_it(
        app, client, make_user):
    case_id, sara = _contact_case(app, client, make_user)
    page = sara.get(f"/cases/{case_id}/decision").get_data(as_text=True)
    assert 'name="outcome"' in page and "checked" not in page.split('id="evidence-title"')[0]
    reasons = page.split('name="absence_reason"')[1].split("</select>")[0]
    assert '><option value="">–</option>' in reasons
    assert "selected" not in reasons
    # Existing basis is not allowed after contact: disabled, with the reason beside it.
    assert re.search(r'id="outcome-sanction_existing_basis"\s+disabled', page)
    assert "Der blev opnået kontakt med borgeren" in page
    evidence = page.split('id="evidence-title"')[1]
    assert "Glemte mødet; havde travlt med flytning." in evidence
    assert "Telefonopkald" in evidence and "Du skal møde op til samtaler" in evidence
    # The progression factors sit beside the closer-to-work choice.
    closer = page.split("Tættere på arbejde eller uddannelse?")[1]
    closer = closer.split("</fieldset>\n  </fieldset>")[0]
    assert 'name="closer_to_work"' in closer and "misbrugsbehandling" in closer.lower()


def test_a_sanction_without_the_closer_to_work_assessment_is_refused_beside_the_field(
        app, client, make_user):
    case_id, sara = _contact_case(app, client, make_user)
    refused = fill(sara, f"/cases/{case_id}/decision", SANCTION)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert 'id="closer_to_work-error">Vurdér, om sanktionen bringer borgeren tættere' in page
    refused = fill(sara, f"/cases/{case_id}/decision", {**SANCTION, "closer_to_work": "yes"})
    assert 'id="closer_to_work_reasons-error">Angiv de konkrete grunde' in \
        refused.get_data(as_text=True)
    refused = fill(sara, f"/cases/{case_id}/decision", {**SANCTION, "closer_to_work": "no"})
    assert "bringer borgeren tættere på arbejde eller uddannelse: ingen sanktion" in \
        refused.get_data(as_text=True)
    assert db.session.scalar(select(Decision.id)) is None


def test_ticked_progression_needs_a_written_reason_and_the_letter_states_the_assessment(
        app, client, make_user):
    case_id, sara = _contact_case(app, client, make_user)
    data = {**SANCTION, **CLOSER, "progression_factors": ["own_housing"]}
    refused = fill(sara, f"/cases/{case_id}/decision", data)
    assert refused.status_code == 400
    assert 'id="progression_reasoning-error">Der er markeret forhold' in \
        refused.get_data(as_text=True)
    data["progression_reasoning"] = "Flytningen er faldet på plads; borgeren mangler struktur."
    response = fill(sara, f"/cases/{case_id}/decision", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    letter = sara.get(response.location).get_data(as_text=True)
    assert "vil bringe dig tættere på arbejde eller uddannelse: Sanktionen skaber" in letter
    assert "du er lige flyttet i egen bolig" in letter
    assert "Vi mener alligevel" in letter
    assert "med Digital Post. Vejledningen lød: »Du skal møde op" in letter
    decision = db.session.scalar(select(Decision))
    assert decision.closer_to_work is True and decision.progression_reasoning


def test_unreported_illness_can_be_weighed_and_the_letter_says_it_was_not_reported(
        app, client, make_user):
    case_id, sara = _contact_case(app, client, make_user)
    data = {**SANCTION, **CLOSER, "absence_reason": "illness"}
    refused = fill(sara, f"/cases/{case_id}/decision", data)
    assert 'id="illness_report-error">Årsagen er sygdom' in refused.get_data(as_text=True)
    response = fill(sara, f"/cases/{case_id}/decision", {**data, "illness_report": "not_reported",
                                                         "reasoning": "Sygdom blev ikke meldt."})
    assert response.status_code == 302, response.get_data(as_text=True)
    letter = sara.get(response.location).get_data(as_text=True)
    assert "Du meldte dig ikke syg, før du skulle være mødt." in letter
    assert db.session.scalar(select(Decision.illness_report)) == "not_reported"


def test_letter_states_the_open_deduction_and_a_reassessment_closes_the_period(
        app, client, make_user):
    make_user("kim", "coordinator")
    make_user("sara", "caseworker")
    client.login("kim")
    case_id = case_id_from(register(client, "D-1", no_show=days_ago(30), las35=days_ago(60),
                                    citizen_ref="P-D1"))
    sara = app.test_client()
    sara.login("sara")
    # Contact achieved by phone, but the deduction runs until the citizen contacts the office.
    step(client, case_id, "hearing_letter", on=days_ago(29), outcome="sent", partner_id="0",
         letter_channel="digital_post", reply_days="7")
    step(client, case_id, "phone_call", on=days_ago(20), outcome="contact", notes="Glemte det.")
    refused = fill(sara, f"/cases/{case_id}/decision", {
        **SANCTION, **CLOSER, "contact_reestablished_on": days_ago(31), "daily_rate": "400"})
    assert refused.status_code == 400
    assert 'id="contact_reestablished_on-error">Kontakten kan ikke være genoprettet' in \
        refused.get_data(as_text=True)
    response = fill(sara, f"/cases/{case_id}/decision", {
        **SANCTION, **CLOSER, "contact_reestablished_on": days_ago(20), "daily_rate": "400"})
    assert response.status_code == 302, response.get_data(as_text=True)
    letter = sara.get(response.location).get_data(as_text=True)
    assert "Fradragets periode og størrelse" in letter
    assert ": 10 dage." in letter and "400,00 kr. pr. dag, i alt 4.000,00 kr." in letter
    decision = db.session.scalar(select(Decision))
    assert (decision.deduction_days, str(decision.deduction_amount)) == (10, "4000.00")
    response = fill(sara, f"/decisions/{decision.id}/reassessment", {
        "outcome": "maintained", "on": days_ago(0), "contact_reestablished_on": days_ago(15),
        "new_information": "Borgeren ringede først igen senere."})
    assert response.status_code == 302, response.get_data(as_text=True)
    from outreach_app.models import Reassessment
    row = db.session.scalar(select(Reassessment))
    assert (row.deduction_days, str(row.deduction_amount)) == (15, "6000.00")
