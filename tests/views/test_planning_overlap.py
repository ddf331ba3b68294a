"""Two planning runs whose periods share a day would each replace the other's routes of
that day: while one is queued or running, a run of an overlapping period is refused with
a message on the planning page, also when two coordinators start at the same moment."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
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


@needs_postgresql
def test_a_start_that_postgresql_ends_as_a_deadlock_is_refused_as_busy(
        app, make_case, make_citizen, make_user):
    """Two inserts checking the exclusion constraint at once can wait for each other;
    PostgreSQL then aborts one as a deadlock. Built here on purpose: the other
    transaction holds an overlapping run, this one holds a team name the other then
    wants. The aborted start is a refusal like any lost race, not a 500."""
    from sqlalchemy import text
    from sqlalchemy.orm import Session

    from outreach_app.models import BackgroundJob, Team
    from outreach_app.services.planning_checks import PeriodRequest, PlanningRefused
    from outreach_app.services.unit_of_work import unit_of_work

    monday = next_monday()
    nord = make_team("Nord")
    make_visits(make_case, make_citizen, 2, earliest=monday, deadline=monday + timedelta(4))
    user = make_user("anne", "coordinator")
    engine = db.engine
    other = engine.connect()
    other_tx = other.begin()
    # Only this test's transaction looks for the deadlock, so it is the one aborted.
    other.execute(text("SET LOCAL deadlock_timeout = '60s'"))
    other_session = Session(bind=other)
    other_session.add(PlanningRun(
        job=BackgroundJob(kind="planning", status="queued", total=3, done=0),
        starts_on=monday, ends_on=monday + timedelta(4), mode="keep_locked", team_ids="",
        active_key="other"))
    other_session.flush()
    this_pid = db.session.scalar(text("SELECT pg_backend_pid()"))

    def close_the_circle():
        # Once this test's insert waits for the other transaction, the other wants the
        # team name this test's transaction holds: each now waits for the other.
        watcher = engine.connect()
        for _ in range(200):
            waiting = watcher.execute(text(
                "SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = :pid"),
                {"pid": this_pid}).scalar()
            if waiting:
                break
            time.sleep(0.05)
        watcher.close()
        other_session.add(Team(name="Circle", start_address=""))
        try:
            other_session.flush()
        except Exception:  # noqa: BLE001 - the test's own side may be the one aborted
            pass

    circle = threading.Thread(target=close_the_circle)
    _queue_only()
    try:
        with pytest.raises(PlanningRefused) as refused, unit_of_work():
            db.session.add(Team(name="Circle", start_address=""))
            db.session.flush()
            circle.start()
            planning_jobs.start(PeriodRequest(monday, monday + timedelta(days=2),
                                              teams=(nord.id,)), user=user)
    finally:
        circle.join(30)
        other_tx.rollback()
        other.close()
        _back_to_immediate()
    assert [r.code for r in refused.value.refusals] == ["busy_unknown"]
    assert _runs() == 0
