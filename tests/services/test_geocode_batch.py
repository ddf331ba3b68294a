"""Batch geocoding is a job on the task queue: one at a time, even when two coordinators
start it at the same moment, and a consumer in its own thread does the lookups."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select

from outreach_app.extensions import db
from outreach_app.models import AuditEvent, BackgroundJob, Citizen
from outreach_app.services import geocode_batch, geocoding, queue
from tests.views.test_teams_admin import FakeGeocoder


def _jobs() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(BackgroundJob))


def test_two_starts_at_the_same_moment_queue_one_job(app, make_citizen, make_user):
    make_citizen(lat=None, lon=None, position_source=None)
    users = [make_user("anne", "coordinator"), make_user("bo", "coordinator")]
    queued: list[bool] = []
    errors: list[BaseException] = []
    both_checked = threading.Barrier(2, timeout=10)
    real_missing = geocode_batch._missing_ids

    def after_the_check():
        # Both requests have found no running job before either inserts its own: the
        # moment a check-then-insert lets two jobs through.
        both_checked.wait()
        return real_missing()

    def click(user_id: int) -> None:
        try:
            with app.app_context():
                from outreach_app.models import User

                job = geocode_batch.create_job(db.session.get(User, user_id))
                queued.append(job is not None)
                db.session.remove()
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)

    geocode_batch._missing_ids = after_the_check
    try:
        threads = [threading.Thread(target=click, args=(u.id,)) for u in users]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    finally:
        geocode_batch._missing_ids = real_missing
    assert errors == []
    assert sorted(queued) == [False, True]
    assert _jobs() == 1


def test_a_consumer_takes_the_queued_lookup_and_the_page_sees_its_progress(
        app, make_citizen, make_user):
    found = make_citizen(lat=None, lon=None, position_source=None, address="Jagtvej 1")
    make_citizen(lat=None, lon=None, position_source=None, address="Ingen Vej 9")
    app.config["GEOCODER_PROVIDER"] = FakeGeocoder({found.full_address: (55.69, 12.55)})
    app.config["GEOCODER_MIN_DELAY"] = 0
    queue.huey.immediate = False  # the SQLite queue, as in the demo
    queue.huey.flush()
    consumer = queue.huey.create_consumer(workers=1, periodic=False, initial_delay=0.05,
                                          check_worker_health=False)
    try:
        job, started = geocode_batch.start(make_user("kim", "coordinator"))
        assert started and job.status == "queued" and len(queue.huey) == 1
        again, started_again = geocode_batch.start()
        assert not started_again and again.id == job.id and len(queue.huey) == 1
        consumer.start()
        for _ in range(300):
            db.session.expire_all()
            if db.session.get(BackgroundJob, job.id).status not in geocode_batch.ACTIVE:
                break
            time.sleep(0.1)
        done = db.session.get(BackgroundJob, job.id)
        assert (done.status, done.total, done.done, done.failed) == ("done", 2, 2, 1)
        assert db.session.get(Citizen, found.id).position_source == "geocoder"
    finally:
        consumer.stop(graceful=True)
        queue.huey.flush()
        queue.huey.immediate = True


def test_a_lookup_that_fails_half_way_keeps_the_addresses_before_and_nothing_of_the_one_at_hand(
        app, make_citizen, monkeypatch):
    # One unit of work per address, on purpose (the page follows the progress): a failure
    # keeps what was found before it, and nothing of the address it was working on.
    first = make_citizen(lat=None, lon=None, position_source=None, address="Jagtvej 1")
    second = make_citizen(lat=None, lon=None, position_source=None, address="Jagtvej 2")
    geocoder = FakeGeocoder({first.full_address: (55.69, 12.55),
                             second.full_address: (55.70, 12.56)})
    real_apply = geocoding.apply_outcome

    def apply_then_fail(citizen, outcome):
        real_apply(citizen, outcome)  # the position is written in the session ...
        if citizen.id == second.id:
            raise RuntimeError("the disk is full")  # ... and the unit fails after it

    monkeypatch.setattr(geocoding, "apply_outcome", apply_then_fail)
    job = geocode_batch.create_job()
    with pytest.raises(RuntimeError):
        geocode_batch.run(job.id, geocoder, min_delay_seconds=0)
    db.session.expire_all()
    assert db.session.get(Citizen, first.id).position_source == "geocoder"
    assert db.session.get(Citizen, second.id).lat is None
    failed = db.session.get(BackgroundJob, job.id)
    assert (failed.status, failed.done, failed.message) == ("failed", 1, "RuntimeError")
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "citizen.geocode", AuditEvent.citizen_id == second.id)) == 0
