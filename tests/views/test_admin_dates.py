"""Finding 10: dates an administrator or a desk role types stay inside a sane window, and a
suspension period covering today is saved only after confirming how many open cases it
blocks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from outreach_app.extensions import db
from outreach_app.models import Exemption, SuspensionPeriod
from outreach_app.services import clock


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
