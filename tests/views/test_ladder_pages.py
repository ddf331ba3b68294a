"""The ladder's pages refuse bad input with a message saying exactly why, save nothing, and
never answer 500; searches stay out of URLs and in the audit trail."""

from __future__ import annotations

import io
import re
from datetime import timedelta

from sqlalchemy import func, select

from outreach_app.extensions import db
from outreach_app.models import AuditEvent, Case, ContactAttempt, SuspensionPeriod, Visit
from outreach_app.services import clock
from tests.views.ladder_helpers import (
    case_id_from,
    days_ago,
    fill,
    register,
    step,
    version_on,
)

HEADER = "case_ref;citizen_ref;name;address;postcode;city;target_group;no_show_date;no_show_kind"


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _csv(*rows):
    return ("\n".join((HEADER, *rows)) + "\n").encode("utf-8")


def _upload(client, content: bytes):
    return fill(client, "/noshows/import",
                {"file": (io.BytesIO(content), "liste.csv")},
                content_type="multipart/form-data")


def _rows():
    return (f"JC-1;P-1;Anna Eksempel;Nørrebrogade 1;2200;København N;aktivitetsparat;"
            f"{days_ago(3)};interview",
            f"JC-2;P-2;Bo Eksempel;Jagtvej 2;2200;København N;jobparat;{days_ago(3)};offer")


def test_csv_with_one_bad_row_imports_nothing_and_the_page_names_line_and_column(
        client, make_user):
    make_user("kim", "coordinator")
    client.login("kim")
    bad = "JC-3;P-3;Cecilie;Istedgade 3;1650;København V;aktivitetsparat;i går;interview"
    response = _upload(client, _csv(*_rows(), bad))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Intet er importeret" in page
    assert '<td data-label="Linje">4</td><td data-label="Kolonne">no_show_date</td>' in page
    assert "i går" in page and "er ikke en dato" in page
    assert "Importér alle rækker" not in page
    assert _count(Case) == 0


def test_csv_preview_then_import_and_the_same_file_again_imports_nothing(client, make_user):
    make_user("kim", "coordinator")
    client.login("kim")
    content = _csv(*_rows())
    preview = _upload(client, content)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Importér alle rækker" in page
    assert _count(Case) == 0  # the preview writes nothing
    response = fill(client, "/noshows/import", {"confirm": "1",
                                                "content": content.decode("utf-8")})
    assert response.status_code == 302
    assert _count(Case) == 2
    again = fill(client, "/noshows/import", {"confirm": "1", "content": content.decode("utf-8")})
    assert "0 sager er importeret; 2 var allerede registreret" in client.get(
        again.location).get_data(as_text=True)
    assert _count(Case) == 2


def test_an_import_overtaken_by_a_colleagues_import_says_so_and_imports_nothing(
        client, make_user, monkeypatch):
    from outreach_app.services import csv_import

    make_user("kim", "coordinator")
    colleague = make_user("lis", "coordinator")
    client.login("kim")
    checked = csv_import.preview

    def colleague_meanwhile(text, today):
        found = checked(text, today)
        monkeypatch.setattr(csv_import, "preview", checked)
        csv_import.import_csv(_csv(_rows()[1]).decode("utf-8"), colleague, today)
        return found

    content = _csv(*_rows()).decode("utf-8")
    monkeypatch.setattr(csv_import, "preview", colleague_meanwhile)
    response = fill(client, "/noshows/import", {"confirm": "1", "content": content})
    assert response.status_code == 303
    assert ("En anden import registrerede nogle af de samme sager samtidig. Intet er "
            "importeret; indlæs filen igen.") in client.get(response.location).get_data(
        as_text=True)
    assert set(db.session.scalars(select(Case.case_ref))) == {"JC-2"}


def test_two_coordinators_on_one_case_the_second_save_is_refused_with_409(client, app,
                                                                          make_user):
    make_user("kim", "coordinator")
    make_user("kaj", "coordinator")
    client.login("kim")
    case_id = case_id_from(register(client, "L-1", no_show=days_ago(10), las35=days_ago(40),
                                    citizen_ref="P-1"))
    # Kaj opens the hearing-letter form ...
    kaj = app.test_client()
    kaj.login("kaj")
    stale_page = kaj.get(f"/cases/{case_id}/steps/hearing_letter").get_data(as_text=True)
    # ... while Kim records the letter.
    assert step(client, case_id, "hearing_letter", on=days_ago(9), outcome="sent",
                partner_id="0", letter_channel="digital_post", reply_days="7").status_code == 302


    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', stale_page).group(1)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', stale_page).group(1)
    once = re.search(r'name="form_token" type="hidden" value="([^"]+)"', stale_page).group(1)
    response = kaj.post(f"/cases/{case_id}/steps/hearing_letter", data={
        "csrf_token": token, "form_token": once, "version": version, "on": days_ago(8),
        "outcome": "sent",
        "partner_id": "0", "letter_channel": "paper", "reply_days": "7"})
    assert response.status_code == 409
    assert "En anden bruger har ændret sagen" in response.get_data(as_text=True)
    assert _count(ContactAttempt) == 1


def test_a_step_out_of_order_says_which_step_is_missing(client, make_user):
    make_user("kim", "coordinator")
    client.login("kim")
    case_id = case_id_from(register(client, "L-2", no_show=days_ago(10), las35=days_ago(40),
                                    citizen_ref="P-2"))
    response = step(client, case_id, "phone_call", on=days_ago(5), outcome="no_answer")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Intet er gemt." in page
    assert "Telefonopkald kan ikke registreres, før Partshøringsbrev er gennemført." in page
    assert _count(ContactAttempt) == 0


def test_a_date_in_the_future_is_refused_beside_the_date_field(client, make_user):
    make_user("kim", "coordinator")
    client.login("kim")
    case_id = case_id_from(register(client, "L-3", no_show=days_ago(10), las35=days_ago(40),
                                    citizen_ref="P-3"))
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    response = step(client, case_id, "hearing_letter", on=tomorrow, outcome="sent",
                    partner_id="0", letter_channel="digital_post", reply_days="7")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="on-error"' in page and "ligger i fremtiden" in page
    assert _count(ContactAttempt) == 0


def test_a_correction_keeps_the_old_entry_marked_as_corrected(client, make_user):
    make_user("kim", "coordinator")
    client.login("kim")
    case_id = case_id_from(register(client, "L-4", no_show=days_ago(10), las35=days_ago(40),
                                    citizen_ref="P-4"))
    step(client, case_id, "hearing_letter", on=days_ago(9), outcome="sent", partner_id="0",
         letter_channel="digital_post", reply_days="7")
    first = db.session.scalar(select(ContactAttempt.id))
    form = client.get(f"/cases/{case_id}/steps/hearing_letter?corrects={first}")
    assert "bliver stående i historikken" in form.get_data(as_text=True)
    response = fill(client, f"/cases/{case_id}/steps/hearing_letter?corrects={first}", {
        "on": days_ago(8), "outcome": "sent", "partner_id": "0", "letter_channel": "paper",
        "reply_days": "10"})
    assert response.status_code == 302
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert 'class="tag">rettet<' in page and "retter en tidligere registrering" in page
    assert _count(ContactAttempt) == 2


def test_the_no_show_form_refuses_a_taken_reference_and_a_future_date_beside_the_fields(
        client, make_user):
    make_user("kim", "coordinator")
    client.login("kim")
    case_id_from(register(client, "L-5", no_show=days_ago(10), las35=None, citizen_ref="P-5"))
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    response = register(client, "L-5", no_show=tomorrow, las35=None, citizen_ref="P-6")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="case_ref-error"' in page and "allerede registreret en sag" in page
    assert 'id="no_show_date-error"' in page and "ligger i fremtiden" in page
    assert _count(Case) == 1


def test_search_is_posted_audited_with_its_term_and_filters_stay_in_the_query(
        client, make_user):
    make_user("kim", "coordinator")
    client.login("kim")
    case_id_from(register(client, "L-6", no_show=days_ago(10), las35=days_ago(40),
                          citizen_ref="P-7", full_name="Ida Fiktivsen"))
    response = fill(client, "/coordinator/", {"q": "fiktiv"})
    assert response.status_code == 200 and "L-6" in response.get_data(as_text=True)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "case.search"))
    assert event.details["query"] == "fiktiv" and event.details["count"] == 1
    page = client.get("/coordinator/?rung=phone_call").get_data(as_text=True)
    assert "L-6" not in page
    page = client.get("/coordinator/?rung=hearing_letter").get_data(as_text=True)
    assert "L-6" in page and 'method="post" class="card" role="search"' in page


def test_an_exemption_blocks_a_sanction_and_shows_on_the_case(client, make_user):
    make_user("kim", "coordinator")
    client.login("kim")
    case_id = case_id_from(register(client, "L-7", no_show=days_ago(10), las35=days_ago(40),
                                    citizen_ref="P-8"))
    citizen_id = db.session.get(Case, case_id).citizen_id
    response = fill(client, f"/citizens/{citizen_id}/exemptions", {
        "reason": "hospitalised", "starts_on": days_ago(12), "note": "Indlagt på Bispebjerg."})
    assert response.status_code == 302
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Ingen sanktion er mulig" in page and "Borgeren er fritaget (Indlagt)" in page


def test_outreach_workers_and_admins_do_not_reach_case_or_health_data(client, make_user,
                                                                      make_case):
    case = make_case()
    make_user("villy", "outreach")
    make_user("ali", "admin")
    client.login("villy")
    for url in (f"/cases/{case.id}", f"/cases/{case.id}/decision", "/noshows/import",
                f"/citizens/{case.citizen_id}/exemptions"):
        assert client.get(url).status_code == 403
    client.post("/logout", data={"csrf_token": client.csrf_token("/field/")})
    client.login("ali")
    assert client.get(f"/citizens/{case.citizen_id}/exemptions").status_code == 403
    assert client.get(f"/cases/{case.id}").status_code == 403


def test_admin_sees_rule_sets_with_the_draft_and_manages_suspension_periods(client, make_user):
    make_user("ali", "admin")
    client.login("ali")
    page = client.get("/admin/rule-sets").get_data(as_text=True)
    assert "Enklere og skærpede sanktioner" in page and ">udkast<" in page
    # The law as law, in Danish: no internal keys or documents, notes cite the statute.
    assert "dk-2020" not in page and "dk-2027-draft" not in page and "domain.md" not in page
    assert "lov om aktiv socialpolitik § 35" in page and "hvert halve år" in page
    assert "6 måneder" in page
    page = client.get("/admin/suspension-periods").get_data(as_text=True)
    assert "COVID-19" in page and "BEK nr. 2050" in page
    assert "Rådighedspligten suspenderet" in page and "Samtaler frivillige" in page
    bad = fill(client, "/admin/suspension-periods", {
        "name": "Strejke", "starts_on": "2026-03-10", "ends_on": "2026-03-01"})
    assert bad.status_code == 400 and 'id="ends_on-error"' in bad.get_data(as_text=True)
    ok = fill(client, "/admin/suspension-periods", {
        "name": "Strejke", "starts_on": "2026-03-01", "ends_on": "2026-03-10",
        "meetings_voluntary": "y"})
    assert ok.status_code == 302
    assert _count(SuspensionPeriod) == 5
    assert _count(AuditEvent, AuditEvent.action == "suspension.create") == 1


GARBAGE = ("", "x" * 5000, "-1", "99999999999", "2026-13-45", "1e309", "NaN", "🙂\u0000")


def test_garbage_in_every_ladder_form_of_a_real_case_gives_no_server_error(client, app,
                                                                            make_user):
    make_user("kim", "coordinator")
    make_user("sara", "caseworker")
    client.login("kim")
    case_id = case_id_from(register(client, "L-9", no_show=days_ago(10), las35=days_ago(40),
                                    citizen_ref="P-9"))
    sara = app.test_client()
    sara.login("sara")
    urls = [(client, f"/cases/{case_id}/steps/{rung}") for rung in (
        "hearing_letter", "case_file_check", "phone_call", "sms_prompt", "partner_contact")]
    urls += [(client, f"/cases/{case_id}/visits/new"), (client, "/noshows/new"),
             (sara, f"/cases/{case_id}/decision")]
    names = ("on", "outcome", "partner_id", "letter_channel", "reply_days", "notes", "version",
             "earliest_on", "window_start", "window_end", "priority", "absence_reason",
             "meeting_channel", "progression_factors", "reasoning", "overall_situation",
             "case_ref", "citizen_reference", "no_show_date", "team_id", "hearing_reply_days")
    failures = []
    for who, url in urls:
        for value in GARBAGE:
            response = fill(who, url, {name: value for name in names})
            if response.status_code >= 500:
                failures.append((url, value, response.status_code))
    assert failures == []
    assert _count(ContactAttempt) == 0


def test_the_home_visit_rung_has_no_step_form_and_its_entry_no_correct_link(client, make_user):
    make_user("kim", "coordinator")
    client.login("kim")
    case_id = case_id_from(register(client, "L-10", no_show=days_ago(25), las35=days_ago(60),
                                    citizen_ref="P-10"))
    step(client, case_id, "hearing_letter", on=days_ago(24), outcome="sent", partner_id="0",
         letter_channel="digital_post", reply_days="7")
    step(client, case_id, "case_file_check", on=days_ago(23), outcome="no_contact")
    step(client, case_id, "phone_call", on=days_ago(22), outcome="no_answer")
    step(client, case_id, "sms_prompt", on=days_ago(22), outcome="sent")
    assert fill(client, f"/cases/{case_id}/visits/new",
                {"earliest_on": days_ago(0), "priority": "0"}).status_code == 302
    page = client.get(f"/cases/{case_id}/steps/phone_call").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    # The generic step form cannot close the rung while the visit stays requested.
    assert client.get(f"/cases/{case_id}/steps/home_visit").status_code == 404
    assert client.post(f"/cases/{case_id}/steps/home_visit", data={
        "csrf_token": token.group(1) if token else "", "on": days_ago(0),
        "outcome": "no_contact", "version": version_on(page)}).status_code == 404
    assert _count(ContactAttempt, ContactAttempt.rung == "home_visit") == 0

    visit = db.session.scalar(select(Visit))
    assert fill(client, f"/cases/{case_id}/visits/{visit.id}/outcome", {
        "outcome": "not_at_home", "on": days_ago(0), "card_left": "y"}).status_code == 302
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    entry = db.session.scalar(select(ContactAttempt).where(ContactAttempt.rung == "home_visit"))
    assert f"corrects={entry.id}" not in page and "/steps/home_visit" not in page
    phone = db.session.scalar(select(ContactAttempt).where(ContactAttempt.rung == "phone_call"))
    assert f"corrects={phone.id}" in page  # other entries keep their "Correct" link
