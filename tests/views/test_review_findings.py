"""Findings of the outside review (engineer F's probe of the running demo): what a Danish
user sees after bad input, and texts that describe what the app really does."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from babel.dates import format_date
from sqlalchemy import func, select

from outreach_app.extensions import db
from outreach_app.models import AuditEvent, Case, Citizen, PlanningRun, SmsMessage
from outreach_app.services import clock
from tests.views.ladder_helpers import case_id_from, days_ago, fill, register, step
from tests.views.planning_helpers import make_team, make_visits, next_monday, plan_form


def _case_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Case))


def test_empty_required_field_is_explained_in_danish(coordinator):
    response = register(coordinator, "", no_show=days_ago(3), las35=None, citizen_ref="P-1")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert '<p class="error" id="case_ref-error">Feltet skal udfyldes.</p>' in page
    assert "This field is required." not in page
    assert _case_count() == 0


def test_impossible_date_is_explained_in_danish(coordinator):
    response = register(coordinator, "JC-1", no_show="2026-02-31", las35=None,
                        citizen_ref="P-1")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert '<p class="error" id="no_show_date-error">Ikke en gyldig dato.</p>' in page
    assert "Not a valid date value." not in page
    assert _case_count() == 0


def test_wtforms_messages_follow_the_chosen_language(coordinator):
    coordinator.submit("/language", {"lang": "en", "next": "/noshows/new"},
                       form_url="/noshows/new")
    response = register(coordinator, "", no_show="2026-02-31", las35=None, citizen_ref="P-1")
    page = response.get_data(as_text=True)
    assert "This field is required." in page
    assert "Not a valid date value." in page


def test_the_nem_sms_step_says_saving_sent_queues_the_prompt_and_it_is_queued(coordinator):
    case_id = case_id_from(register(coordinator, "JC-2", no_show=days_ago(25),
                                    las35=days_ago(60), citizen_ref="P-2"))
    step(coordinator, case_id, "hearing_letter", on=days_ago(24), outcome="sent",
         partner_id="0", letter_channel="digital_post", reply_days="7")
    step(coordinator, case_id, "case_file_check", on=days_ago(23), outcome="no_contact")
    step(coordinator, case_id, "phone_call", on=days_ago(22), outcome="no_answer")
    page = coordinator.get(f"/cases/{case_id}/steps/sms_prompt").get_data(as_text=True)
    # It used to say that sending from the system "comes later", which was no longer true.
    assert "afsendelse fra systemet kommer senere" not in page
    assert "lægges den neutrale kontakt-SMS i kø til borgerens mobil" in page
    assert step(coordinator, case_id, "sms_prompt", on=days_ago(22),
                outcome="sent").status_code == 302
    prompt = db.session.scalar(select(SmsMessage).where(SmsMessage.case_id == case_id))
    assert prompt.purpose == "contact_prompt"


def test_a_refused_planning_period_shows_its_days_as_dates_not_iso_codes(coordinator):
    today = clock.today()
    response = plan_form(coordinator, today - timedelta(days=21), span="day")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f"planlæg fra i dag ({format_date(today, 'medium', locale='da')})" in page
    assert today.isoformat() not in page.split('<form method="post"', 1)[0]


def test_a_csv_row_with_several_problems_names_each_of_them(coordinator):
    header = "case_ref;citizen_ref;name;address;postcode;city;target_group;no_show_date;" \
             "no_show_kind;lat;lon"
    good = f"JC-1;P-1;Anna Eksempel;Nørrebrogade 1;2200;København N;aktivitetsparat;" \
           f"{days_ago(3)};interview;;"
    bad = "JC-2;P-2;;Nørrebrogade 2;22;København N;fuldtid;31-02-2026;interview;55,7;øst"
    content = "\n".join((header, good, bad)) + "\n"
    response = fill(coordinator, "/noshows/import",
                    {"file": (io.BytesIO(content.encode()), "liste.csv")},
                    content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    named = set(re.findall(r'<td data-label="Linje">3</td><td data-label="Kolonne">(\w+)</td>',
                           page))
    assert named == {"name", "postcode", "target_group", "no_show_date", "lon"}
    assert _case_count() == 0


def _citizen_edit_form(client, citizen_id: int) -> tuple[str, dict]:
    url = f"/coordinator/citizens/{citizen_id}/edit"
    page = client.get(url).get_data(as_text=True)
    held = {name: re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page).group(1)
            for name in ("csrf_token", "version")}
    return url, {**held, "full_name": "Ida Holm", "address": "Vej 2", "postcode": "2200",
                 "city": "København N", "lat": "55.69", "lon": "12.55"}


def test_a_double_click_on_save_in_the_citizen_form_is_saved_once_without_a_conflict(
        coordinator, make_citizen):
    citizen = make_citizen(full_name="Ida Holm", address="Vej 2")
    url, form = _citizen_edit_form(coordinator, citizen.id)
    first = coordinator.post(url, data={**form, "phone_mobile": "20 30 40 50"})
    again = coordinator.post(url, data={**form, "phone_mobile": "20 30 40 50"})
    # The browser shows the answer to the second click: it must not say that another user
    # changed the record and nothing was saved.
    assert (first.status_code, again.status_code) == (302, 302)
    assert again.location.endswith(f"/coordinator/citizens/{citizen.id}")
    updates = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "citizen.update", AuditEvent.citizen_id == citizen.id)).all()
    assert len(updates) == 1


def test_a_stale_citizen_form_that_would_change_something_is_still_refused(
        coordinator, make_citizen):
    citizen = make_citizen(full_name="Ida Holm", address="Vej 2")
    url, form = _citizen_edit_form(coordinator, citizen.id)
    assert coordinator.post(url, data={**form, "phone_mobile": "20 30 40 50"}).status_code \
        == 302
    response = coordinator.post(url, data={**form, "phone_mobile": "20 30 40 51"})
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.get(Citizen, citizen.id).phone_mobile == "+4520304050"


def test_the_move_list_on_a_team_day_names_days_in_words_not_iso_codes(
        coordinator, make_case, make_citizen):
    monday = next_monday()
    team = make_team("Nord", 1)
    make_visits(make_case, make_citizen, 1, earliest=monday, deadline=monday + timedelta(4))
    plan_form(coordinator, monday, span="day")
    page = coordinator.get(f"/planning/{team.id}/{monday.isoformat()}").get_data(as_text=True)
    tuesday = monday + timedelta(days=1)
    spoken = format_date(tuesday, "EEEE d. MMMM", locale="da")
    assert f'<option value="{team.id}:{tuesday.isoformat()}">Nord · {spoken}</option>' in page


def test_a_team_switched_off_while_the_planning_page_was_open_is_named_and_nothing_starts(
        coordinator):
    nord, syd = make_team("Nord", 1), make_team("Syd", 1)
    held = coordinator.form_tokens("/planning/")
    syd.active = False
    db.session.commit()
    response = coordinator.post("/planning/plan", data={
        **held, "day": next_monday().isoformat(), "span": "week", "mode": "keep_locked",
        "teams": [str(nord.id), str(syd.id)]})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert '<p class="error" id="teams-error">Et hold, du valgte, er ikke længere aktivt. ' \
           'Vælg igen.</p>' in page
    assert db.session.scalar(select(func.count()).select_from(PlanningRun)) == 0


def _error_beside(page: str, field: str) -> str:
    found = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', page)
    return found.group(1) if found else ""


def _appointment(client, make_citizen, on: str, at: str = "10:00"):
    url = f"/citizens/{make_citizen().id}/appointments"
    return client.submit(url, {"on": on, "at": at})


def _plan(client, _make_citizen, on: str, at: str = ""):
    return client.submit("/planning/plan", {"day": on, "span": "week", "mode": "keep_locked"},
                         form_url="/planning/")


@pytest.mark.parametrize("send,field", [(_plan, "day"), (_appointment, "on")])
@pytest.mark.parametrize("lang,garbled,missing", [
    ("da", "Ikke en gyldig dato.", "Feltet skal udfyldes."),
    ("en", "Not a valid date value.", "This field is required."),
])
def test_a_garbled_required_date_says_it_is_not_a_date_and_an_empty_one_that_it_is_required(
        coordinator, make_citizen, send, field, lang, garbled, missing):
    coordinator.submit("/language", {"lang": lang, "next": "/"}, form_url="/")
    response = send(coordinator, make_citizen, "31.02.2026")
    assert response.status_code == 400
    assert _error_beside(response.get_data(as_text=True), field) == garbled
    response = send(coordinator, make_citizen, "")
    assert response.status_code == 400
    assert _error_beside(response.get_data(as_text=True), field) == missing
    assert db.session.scalar(select(func.count()).select_from(PlanningRun)) == 0


def test_a_garbled_meeting_time_says_it_is_not_a_time(coordinator, make_citizen):
    day = (clock.today() + timedelta(days=3)).isoformat()
    response = _appointment(coordinator, make_citizen, day, at="25:99")
    assert response.status_code == 400
    assert _error_beside(response.get_data(as_text=True), "at") == "Ikke et gyldigt klokkeslæt."
