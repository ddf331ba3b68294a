"""The task queue is real: a job queued by the page waits in Huey's SQLite storage until a
consumer (the separate worker process in production) takes it and plans the period."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from outreach_app.extensions import db
from outreach_app.models import BackgroundJob, RouteStop
from outreach_app.services import queue
from outreach_app.services.planning_checks import PeriodRequest
from tests.views.planning_helpers import make_team, make_visits, next_monday


def test_queue_from_the_environment():
    assert type(queue.make_huey({"TASK_QUEUE_URL": "redis://127.0.0.1:6379/7"})).__name__ \
        == "RedisHuey"
    assert queue.make_huey({"TASK_QUEUE_URL": "immediate"}).immediate
    with pytest.raises(ValueError):
        queue.make_huey({"TASK_QUEUE_URL": "ftp://nowhere"})


def test_a_consumer_takes_the_queued_planning_job_and_stores_the_plan(
        app, make_case, make_citizen, make_user):
    from outreach_app.services import planning_jobs

    monday = next_monday()
    make_team("Nord", 1)
    make_visits(make_case, make_citizen, 5, earliest=monday, deadline=monday + timedelta(4))
    user = make_user("koord", "coordinator")
    queue.huey.immediate = False  # the SQLite queue, as in the demo
    queue.huey.flush()
    consumer = queue.huey.create_consumer(workers=1, periodic=False, initial_delay=0.05,
                                          check_worker_health=False)
    try:
        run = planning_jobs.start(PeriodRequest(monday, monday + timedelta(days=4)), user=user)
        job_id = run.job_id
        assert db.session.get(BackgroundJob, job_id).status == "queued"
        assert len(queue.huey) == 1
        consumer.start()
        for _ in range(600):
            db.session.expire_all()
            if db.session.get(BackgroundJob, job_id).status not in ("queued", "running"):
                break
            time.sleep(0.1)
        assert db.session.get(BackgroundJob, job_id).status == "done"
        assert db.session.scalar(select(func.count()).select_from(RouteStop)) == 5
    finally:
        consumer.stop(graceful=True)
        queue.huey.flush()
        queue.huey.immediate = True
