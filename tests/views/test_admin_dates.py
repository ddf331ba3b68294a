"""Finding 10: dates an administrator or a desk role types stay inside a sane window, and a
suspension period covering today is saved only after confirming how many open cases it
blocks."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from outreach_app.extensions import db
from outreach_app.models import Absence, Appointment, Exemption, SmsMessage, SuspensionPeriod
from outreach_app.services import clock, sms_outbox, teams
from outreach_app.services.refusal import Refusal


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def admin(client, make_user):
    make_user("ali", "admin")
    client.login("ali")
    return client


@pytest.mark.parametrize("starts,ends", [("0001-01-01", "9999-12-31"), ("1900-01-01",
                                                                        "1900-02-01"),
                                         ("2026-01-01", "9999-01-01")])
def test_a_suspension_period_outside_the_sane_window_is_refused(admin, starts, ends):
    before = _count(SuspensionPeriod)
    response = admin.submit("/admin/suspension-periods", {
        "name": "Alt", "starts_on": starts, "ends_on": ends, "meetings_voluntary": "y"})
    assert response.status_code == 400
    assert _count(SuspensionPeriod) == before


def test_a_period_covering_today_asks_first_with_the_number_of_open_cases(admin, make_case):
    today = clock.today()
    for days in (3, 5, 40):
        make_case(no_show_date=today - timedelta(days=days))
    make_case(no_show_date=today - timedelta(days=4), status="decided")
    before = _count(SuspensionPeriod)
    data = {"name": "Systemnedbrud", "starts_on": str(today - timedelta(days=10)),
            "ends_on": str(today + timedelta(days=2)), "meetings_voluntary": "y"}
    tokens = admin.form_tokens("/admin/suspension-periods")
    first = admin.post("/admin/suspension-periods", data={**tokens, **data})
    page = first.get_data(as_text=True)
    assert first.status_code == 200
    assert "2 åbne sager" in page  # the two open cases inside the period, not the decided one
    assert _count(SuspensionPeriod) == before
    confirmed = admin.post("/admin/suspension-periods",
                           data={**tokens, **data, "confirm_open_cases": "2"})
    assert confirmed.status_code == 302
    assert _count(SuspensionPeriod) == before + 1


def test_a_past_period_is_saved_without_asking(admin):
    response = admin.submit("/admin/suspension-periods", {
        "name": "Strejke", "starts_on": "2025-03-01", "ends_on": "2025-03-10",
        "meetings_voluntary": "y"})
    assert response.status_code == 302


@pytest.mark.parametrize("starts,ends", [("9999-01-01", ""), ("0001-01-01", ""),
                                         ("{today}", "9999-12-31")])
def test_an_exemption_outside_the_sane_window_is_refused(client, make_user, make_citizen,
                                                         starts, ends):
    make_user("kim", "coordinator")
    citizen = make_citizen()
    client.login("kim")
    today = str(clock.today())
    response = client.submit(f"/citizens/{citizen.id}/exemptions", {
        "reason": "hospitalised", "starts_on": starts.format(today=today),
        "ends_on": ends.format(today=today)})
    assert response.status_code == 400
    assert _count(Exemption) == 0


# -- the same window on every date a user types -------------------------------------------

IMPLAUSIBLE = "Datoen er ikke sandsynlig"


def _error_beside(page: str, field: str) -> str:
    found = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', page)
    return found.group(1) if found else ""


@pytest.mark.parametrize("starts,ends,field", [
    ("9999-01-05", "9999-01-06", "starts_on"), ("0001-01-01", "", "starts_on"),
    ("{today}", "9999-12-31", "ends_on"), ("{far_back}", "{today}", "starts_on")])
def test_an_absence_outside_the_sane_window_is_refused_beside_the_field(
        admin, make_user, starts, ends, field):
    vera = make_user("vera", "outreach")
    today = clock.today()
    days = {"today": str(today), "far_back": str(today.replace(year=today.year - 11))}
    response = admin.submit("/admin/absences", {
        "user_id": str(vera.id), "starts_on": starts.format(**days),
        "ends_on": ends.format(**days)})
    assert response.status_code == 400
    assert IMPLAUSIBLE in _error_beside(response.get_data(as_text=True), field)
    assert _count(Absence) == 0


def test_an_absence_inside_the_window_is_still_recorded(admin, make_user):
    vera = make_user("vera", "outreach")
    start = clock.today() + timedelta(days=400)
    response = admin.submit("/admin/absences", {
        "user_id": str(vera.id), "starts_on": str(start),
        "ends_on": str(start + timedelta(days=4))})
    assert response.status_code == 302 and _count(Absence) == 1


def test_the_absence_service_refuses_an_implausible_day_too(app, make_user):
    vera = make_user("vera", "outreach")
    with pytest.raises(Refusal) as refused:
        teams.add_absence(vera.id, date(9999, 1, 1), date(9999, 1, 2))
    assert refused.value.field == "starts_on" and _count(Absence) == 0


@pytest.mark.parametrize("on", ["9999-06-01", "{three_years}"])
def test_a_meeting_far_in_the_future_is_refused_beside_the_date(client, make_user,
                                                                make_citizen, on):
    make_user("kim", "coordinator")
    client.login("kim")
    citizen = make_citizen()
    today = clock.today()
    on = on.format(three_years=str(today.replace(year=today.year + 3)))
    response = client.submit(f"/citizens/{citizen.id}/appointments", {"on": on, "at": "10:00"})
    assert response.status_code == 400
    assert IMPLAUSIBLE in _error_beside(response.get_data(as_text=True), "on")
    assert _count(Appointment) == 0 and _count(SmsMessage) == 0


def test_the_meeting_service_refuses_an_implausible_day_too(app, make_user, make_citizen):
    kim = make_user("kim", "coordinator")
    citizen = make_citizen()
    with pytest.raises(Refusal) as refused:
        sms_outbox.book_appointment(citizen, datetime(9999, 1, 1, 10, tzinfo=clock.zone()), kim)
    assert refused.value.code == "outside_window" and _count(Appointment) == 0


def test_a_no_show_in_year_one_is_refused_beside_the_date(client, make_user):
    """Every typed date gets the window, not only the ones named in the finding."""
    make_user("kim", "coordinator")
    client.login("kim")
    response = client.submit("/noshows/new", {
        "case_ref": "S-1", "citizen_reference": "P-1", "full_name": "Test Person",
        "address": "Testvej 1", "postcode": "2200", "city": "København N",
        "target_group": "jobparat", "no_show_kind": "interview",
        "no_show_date": "0001-01-01", "team_id": "0"})
    assert response.status_code == 400
    assert IMPLAUSIBLE in _error_beside(response.get_data(as_text=True), "no_show_date")


def test_planning_from_a_day_in_9999_is_refused_beside_the_date(client, make_user):
    make_user("kim", "coordinator")
    client.login("kim")
    response = client.submit("/planning/plan", {"day": "9999-01-04", "span": "week",
                                                "mode": "keep_locked"},
                             form_url="/planning/")
    assert response.status_code == 400
    assert IMPLAUSIBLE in _error_beside(response.get_data(as_text=True), "day")
