"""Finding 6, the remaining creating forms: teams, absences, job-centre meetings, SMS
templates, forbidden SMS words and planning runs save once per form token. A repeated
identical POST (double click, reload) creates nothing new and says so."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from outreach_app.extensions import db
from outreach_app.models import (
    Absence,
    Appointment,
    AuditEvent,
    PlanningRun,
    SmsForbiddenTerm,
    SmsMessage,
    Team,
)
from outreach_app.services import clock
from tests.views.concurrency import needs_postgresql, post_at_once
from tests.views.planning_helpers import make_team, next_monday

ALREADY = "Formularen var allerede sendt"


def _count(model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _events(action: str) -> int:
    return _count(AuditEvent, AuditEvent.action == action)


def _twice(client, url: str, data: dict, form_url: str | None = None):
    """The same form sent twice, as a double click or a reload sends it."""
    tokens = client.form_tokens(form_url or url)
    first = client.post(url, data={**tokens, **data})
    second = client.post(url, data={**tokens, **data})
    return first, second


def _said_already(client, response) -> bool:
    return ALREADY in client.get(response.location).get_data(as_text=True)


@pytest.fixture
def admin(client, make_user):
    make_user("boss", "admin")
    client.login("boss")
    return client


TEAM = {"name": "Nord", "member_1": "0", "member_2": "0", "travel_mode": "bicycle",
        "start_address": "Hovedbrandstationen", "start_lat": "55.6745", "start_lon": "12.5660",
        "shift_start": "08:00", "shift_end": "16:00", "weekdays": ["0", "1", "2", "3", "4"],
        "active": "y"}


def test_a_new_team_sent_twice_is_created_once(admin):
    first, second = _twice(admin, "/admin/teams/new", TEAM)
    assert (first.status_code, second.status_code) == (302, 302)
    assert _count(Team) == 1 and _events("team.create") == 1
    assert _said_already(admin, second)


def test_editing_a_team_still_saves_without_a_new_token(admin):
    admin.submit("/admin/teams/new", TEAM)
    team = db.session.scalar(select(Team))
    url = f"/admin/teams/{team.id}"
    assert admin.submit(url, {**TEAM, "name": "Nordvest"}).status_code == 302
    assert admin.submit(url, {**TEAM, "name": "Nordvest 2"}).status_code == 302
    db.session.expire_all()
    assert _count(Team) == 1 and db.session.get(Team, team.id).name == "Nordvest 2"


def test_an_absence_sent_twice_is_recorded_once(admin, make_user):
    vera = make_user("vera", "outreach")
    day = clock.today() + timedelta(days=3)
    first, second = _twice(admin, "/admin/absences", {
        "user_id": str(vera.id), "starts_on": day.isoformat(),
        "ends_on": (day + timedelta(days=2)).isoformat()})
    assert (first.status_code, second.status_code) == (302, 302)
    assert _count(Absence) == 1 and _events("absence.create") == 1
    assert _said_already(admin, second)


def test_a_meeting_sent_twice_is_booked_once_with_one_set_of_reminders(coordinator,
                                                                       make_citizen):
    citizen = make_citizen()
    url = f"/citizens/{citizen.id}/appointments"
    on = (clock.today() + timedelta(days=6)).isoformat()
    first, second = _twice(coordinator, url, {"on": on, "at": "10:00"})
    assert (first.status_code, second.status_code) == (302, 302)
    assert _count(Appointment) == 1
    assert _count(SmsMessage) == 2  # one reminder days before, one hours before
    assert _said_already(coordinator, second)


def test_a_refused_meeting_can_be_corrected_with_the_same_token(coordinator, make_citizen):
    citizen = make_citizen()
    url = f"/citizens/{citizen.id}/appointments"
    tokens = coordinator.form_tokens(url)
    past = (clock.today() - timedelta(days=1)).isoformat()
    assert coordinator.post(url, data={**tokens, "on": past, "at": "10:00"}).status_code == 400
    future = (clock.today() + timedelta(days=6)).isoformat()
    assert coordinator.post(url, data={**tokens, "on": future, "at": "10:00"}
                            ).status_code == 302
    assert _count(Appointment) == 1


def test_a_forbidden_word_sent_twice_is_added_once_without_an_error(admin):
    before = _count(SmsForbiddenTerm)
    first, second = _twice(admin, "/admin/sms/terms", {"term": "kontanthjælpssag"})
    assert (first.status_code, second.status_code) == (302, 302)  # not "already on the list"
    assert _count(SmsForbiddenTerm) == before + 1 and _events("sms_term.add") == 1
    assert _said_already(admin, second)


def test_an_sms_template_sent_twice_is_saved_once(admin):
    url = "/admin/sms/templates/contact_prompt"
    first, second = _twice(admin, url, {"body": "Hej, ring til {office} på {office_phone}."})
    assert (first.status_code, second.status_code) == (302, 302)
    assert _events("sms_template.update") == 1
    assert _said_already(admin, second)


def test_a_planning_request_sent_twice_starts_one_run(coordinator):
    make_team("Nord")
    monday = next_monday(clock.today())
    first, second = _twice(coordinator, "/planning/plan",
                           {"day": monday.isoformat(), "span": "week", "mode": "keep_locked"},
                           form_url="/planning/")
    assert (first.status_code, second.status_code) == (302, 302)
    assert _count(PlanningRun) == 1 and _events("plan.start") == 1


@pytest.mark.parametrize("url", ["/admin/teams/new", "/admin/sms/terms"])
def test_a_creating_post_without_its_form_token_is_refused(admin, url):
    tokens = admin.form_tokens(url)
    response = admin.post(url, data={"csrf_token": tokens["csrf_token"], **TEAM,
                                     "term": "hash"})
    assert response.status_code == 400
    assert _count(Team) == 0 and _events("sms_term.add") == 0


@needs_postgresql
def test_twenty_concurrent_meeting_posts_book_one_meeting(app, make_user, make_citizen):
    make_user("kim", "coordinator")
    citizen = make_citizen()
    url = f"/citizens/{citizen.id}/appointments"
    codes = post_at_once(app, "kim", url, lambda browser: {
        **browser.form_tokens(url), "on": (clock.today() + timedelta(days=6)).isoformat(),
        "at": "10:00"})
    assert codes == [302] * 20
    assert _count(Appointment, Appointment.citizen_id == citizen.id) == 1
    assert _count(SmsMessage) == 2
    assert _events("appointment.create") == 1
