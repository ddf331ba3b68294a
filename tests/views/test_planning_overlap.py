"""Two planning runs whose periods share a day would each replace the other's routes of
that day: while one is queued or running, a run of an overlapping period is refused with
a message on the planning page, also when two coordinators start at the same moment."""

from __future__ import annotations

import threading
from datetime import timedelta

from babel.dates import format_date
from sqlalchemy import func, select

from outreach_app.extensions import db
from outreach_app.models import PlanningRun
from outreach_app.services import planning_jobs, queue
from tests.conftest import Client
from tests.views.concurrency import needs_postgresql
from tests.views.planning_helpers import make_team, make_visits, next_monday, plan_form


def _runs() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(PlanningRun))


def _queue_only():
    """Jobs wait in the real queue (no consumer): a started run stays queued."""
    queue.huey.immediate = False
    queue.huey.flush()


def _back_to_immediate():
    queue.huey.flush()
    queue.huey.immediate = True


def test_a_day_inside_a_queued_week_is_refused_with_the_week_named(
        app, coordinator, make_case, make_citizen):
    monday = next_monday()
    make_team("Nord")
    make_visits(make_case, make_citizen, 2, earliest=monday, deadline=monday + timedelta(4))
    _queue_only()
    try:
        assert plan_form(coordinator, monday).status_code == 302  # the week, queued
        wednesday = plan_form(coordinator, monday + timedelta(days=2), span="day")
    finally:
        _back_to_immediate()
    assert wednesday.status_code == 409
    page = wednesday.get_data(as_text=True)
    assert "som har dage fælles med den du valgte, bliver allerede planlagt" in page
    sunday = monday + timedelta(days=6)
    assert f"{format_date(monday, 'medium', locale='da')} til " \
        f"{format_date(sunday, 'medium', locale='da')}" in page
    assert _runs() == 1


def test_the_refusal_reads_in_english_for_an_english_coordinator(
        app, coordinator, make_case, make_citizen):
    monday = next_monday()
    make_team("Nord")
    _queue_only()
    try:
        assert plan_form(coordinator, monday + timedelta(days=3), span="day").status_code == 302
        coordinator.submit("/language", {"lang": "en", "next": "/planning/"},
                           form_url="/planning/")
        week = plan_form(coordinator, monday)
    finally:
        _back_to_immediate()
    assert week.status_code == 409
    assert "which shares days with the one you chose, is being planned already" in \
        week.get_data(as_text=True)
    assert _runs() == 1


@needs_postgresql
def test_two_coordinators_starting_overlapping_periods_at_once_start_one_run(
        app, make_user, make_case, make_citizen, monkeypatch):
    monday = next_monday()
    make_team("Nord")
    make_visits(make_case, make_citizen, 2, earliest=monday, deadline=monday + timedelta(4))
    browsers = []
    for name in ("anne", "bo"):
        make_user(name, "coordinator")
        app.test_client_class = Client
        browser = app.test_client()
        browser.login(name)
        browsers.append(browser)
    # Both requests have found no active run before either inserts its own: the moment
    # a check-then-insert lets two runs through.
    both_checked = threading.Barrier(2, timeout=20)
    waited = threading.local()
    real_overlapping = planning_jobs._overlapping

    def overlapping_then_wait(start, end):
        found = real_overlapping(start, end)
        if not getattr(waited, "done", False):
            waited.done = True
            both_checked.wait()
        return found

    monkeypatch.setattr(planning_jobs, "_overlapping", overlapping_then_wait)
    responses: dict[str, object] = {}
    errors: list[BaseException] = []

    def start(browser, name, day, span):
        try:
            responses[name] = plan_form(browser, day, span=span)
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)

    _queue_only()
    try:
        threads = [threading.Thread(target=start, args=(browsers[0], "week", monday, "week")),
                   threading.Thread(target=start, args=(browsers[1], "day",
                                                        monday + timedelta(days=2), "day"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        _back_to_immediate()
    assert errors == []
    codes = sorted(r.status_code for r in responses.values())
    assert codes == [302, 409]
    refused = next(r for r in responses.values() if r.status_code == 409)
    assert "bliver allerede planlagt" in refused.get_data(as_text=True)
    assert _runs() == 1
