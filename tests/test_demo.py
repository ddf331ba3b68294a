"""The demo tells the truth: who does what, through the pages' services, on working days."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from outreach_app.domain.calendar import public_holiday
from outreach_app.extensions import db
from outreach_app.models import AuditEvent, Case, Citizen, RoutePlan, SmsMessage, User, Visit
from outreach_app.services import clock
from outreach_app.services.demo import DEMO_USERS, DemoRefused, seed_demo

PASSWORDS = {username: password for username, _r, _n, password, _t in DEMO_USERS}


def _working(day) -> bool:
    return day.weekday() < 5 and public_holiday(day) is None


def _actors(action: str) -> set[tuple[str, str]]:
    rows = db.session.execute(select(User.username, User.role).join(
        AuditEvent, AuditEvent.user_id == User.id).where(AuditEvent.action == action))
    return {tuple(r) for r in rows}


def test_caseworker_decides_and_the_teams_outreach_workers_record_the_visits(app):
    seed_demo(clock.today())
    assert _actors("decision.create") == {("sagsbehandler", "caseworker")}
    recorders = _actors("visit.outcome")
    assert recorders and {role for _u, role in recorders} == {"outreach"}
    assert ("vaegter", "outreach") in recorders
    assert _actors("case.create") == {("koordinator", "coordinator")}
    # Each outcome came from a worker on the team that went (the case's team).
    for visit in db.session.scalars(select(Visit).where(Visit.outcome.is_not(None))):
        worker = db.session.get(User, visit.recorded_by_id)
        assert worker.team_id == visit.case.team_id


def test_every_demo_case_has_a_team_and_the_open_visits_spread_over_working_days(app):
    today = clock.today()
    seed_demo(today)
    assert db.session.scalar(select(Case.id).where(Case.team_id.is_(None))) is None
    coming = list(db.session.scalars(select(RoutePlan).where(RoutePlan.day >= today)))
    days = {r.day for r in coming if r.stops}
    assert len(days) >= 5 and all(_working(d) for d in days)
    published = sorted(r.day for r in coming if r.status == "published")
    assert published and published[0] == min(days)


class FormFields(HTMLParser):
    """The values a browser sends back from the page's form, unchanged."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._textarea = self._select = None
        self._option_value = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button"):
                self.data.setdefault(name, []).append(a.get("value", "on"))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data.setdefault(self._select, []).append(a.get("value", ""))

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            # A browser drops the newline that follows <textarea> (HTML spec).
            value = self.data[self._textarea][-1]
            self.data[self._textarea][-1] = value.removeprefix("\r\n").removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None


def test_every_demo_citizen_saves_unchanged_from_its_edit_form(app, client):
    seed_demo(clock.today())
    assert client.login("koordinator", PASSWORDS["koordinator"]).status_code == 302
    ids = list(db.session.scalars(select(Citizen.id).order_by(Citizen.id)))
    assert len(ids) == 60
    for citizen_id in ids:
        url = f"/coordinator/citizens/{citizen_id}/edit"
        fields = FormFields()
        fields.feed(client.get(url).get_data(as_text=True))
        response = client.post(url, data=fields.data)
        assert response.status_code == 302, (citizen_id, response.get_data(as_text=True)[-800:])
    # Nothing changed, so nothing was recorded as changed.
    changed = [e.details for e in db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "citizen.update", AuditEvent.user_id.is_not(None)))]
    assert changed == []


def test_demo_sms_went_through_the_outbox_with_receipts_a_reply_and_opt_outs(app, client):
    seed_demo(clock.today())
    sent = list(db.session.scalars(select(SmsMessage).where(SmsMessage.direction == "out")))
    assert {"delivered", "undelivered"} <= {m.status for m in sent}
    # Each prompt was queued on the day its ladder step was taken, not all at seeding.
    assert len({m.created_at.date() for m in sent}) > 1
    replies = list(db.session.scalars(select(SmsMessage).where(SmsMessage.direction == "in")))
    assert any(r.case_id is not None and "ringer" in r.body for r in replies)
    assert db.session.scalar(select(Citizen.id).where(Citizen.sms_opt_out.is_(True)))
    client.login("koordinator", PASSWORDS["koordinator"])
    page = client.get("/sms/").get_data(as_text=True)
    assert "ringer i morgen" in page


def test_the_demo_refuses_a_sending_sms_backend(app_factory):
    app = app_factory(SMS_BACKEND="twilio", TWILIO_ACCOUNT_SID="AC" + "0" * 32,
                      TWILIO_AUTH_TOKEN="x" * 32, TWILIO_FROM_NUMBER="+4533663366",
                      PUBLIC_BASE_URL="https://outreach.example.dk")
    with app.app_context(), pytest.raises(DemoRefused):
        seed_demo(clock.today())


def _last(weekday: int):
    day = clock.today()
    while day.weekday() != weekday:
        day -= timedelta(days=1)
    return day


@pytest.mark.parametrize("weekday", [5, 6], ids=["saturday", "sunday"])
def test_on_a_weekend_the_field_app_shows_the_next_working_days_route(
        app, client, monkeypatch, weekday):
    day = _last(weekday)
    monkeypatch.setattr(clock, "now", lambda: datetime.combine(day, time(9), clock.zone()))
    seed_demo(day)
    client.login("vaegter", PASSWORDS["vaegter"])
    route = client.get("/api/v1/route").get_json()
    assert route["day"] == day.isoformat() and route["today"] is None
    next_route = route["tomorrow"]
    assert next_route is not None and next_route["stops"]
    next_day = datetime.fromisoformat(next_route["day"]).date()
    assert next_day > day and _working(next_day)
    page = client.get("/field/").get_data(as_text=True)
    assert "Rute for %(day)s" in page
