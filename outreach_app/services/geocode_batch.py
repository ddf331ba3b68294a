"""Batch geocoding as a background job: every address without a position, with progress.

The job runs on the task queue, like planning (services/queue.py: a Huey consumer in
its own process). The job row (BackgroundJob, kind "geocode") is written as the work
goes, so the page shows how far it got. Only one geocoding job is queued or running at
a time, and the database says so (a partial unique index, models/job.py): two
coordinators clicking at the same moment start one job. Each address goes through the
same chain as everywhere (cache, hand-set, provider) at the provider's rate limit
(Nominatim: one a second). A failure is noted on the citizen for the coordinator's list.

Each address is a unit of work of its own (services.unit_of_work), not the whole batch:
the page follows the job's progress while it runs, and a job stopped or failed half-way
keeps the positions it found.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import BackgroundJob, Citizen, User
from ..models._base import utcnow
from ..models.job import GEOCODE_KIND
from . import geocoding
from .queue import task
from .unit_of_work import after_commit, unit_of_work

KIND = GEOCODE_KIND
ACTIVE = ("queued", "running")


def _stale(job: BackgroundJob) -> bool:
    # A worker that died mid-job leaves it "running"; after this long it blocks no one.
    allowed = max(timedelta(hours=1), timedelta(seconds=3 * job.total))
    created = job.created_at if job.created_at.tzinfo else job.created_at.replace(
        tzinfo=utcnow().tzinfo)
    return utcnow() - created > allowed


def active_job() -> BackgroundJob | None:
    """The geocoding job that is queued or running (a stale one is marked failed)."""
    job = db.session.scalar(select(BackgroundJob).where(
        BackgroundJob.kind == KIND, BackgroundJob.status.in_(ACTIVE)))
    if job is not None and _stale(job):
        with unit_of_work():
            job.status, job.finished_at, job.message = "failed", utcnow(), "stale"
        return None
    return job


def latest_job() -> BackgroundJob | None:
    return db.session.scalar(select(BackgroundJob).where(BackgroundJob.kind == KIND)
                             .order_by(BackgroundJob.id.desc()).limit(1))


def _missing_ids() -> list[int]:
    return list(db.session.scalars(select(Citizen.id).where(Citizen.lat.is_(None))
                                   .order_by(Citizen.id)))


def start(user: User | None = None) -> tuple[BackgroundJob, bool]:
    """Queue a job for every address without a position; (job, True) when started,
    (the running job, False) when one already runs (a second click starts nothing)."""
    job = _new_job(user, then=run_geocoding)
    if job is None:
        return active_job(), False
    return job, True


def start_if_useful(user: User | None = None) -> BackgroundJob | None:
    """Start the job after addresses arrived in bulk (a CSV import), when a geocoder is
    configured and some address has no position; None when nothing was started."""
    if geocoding.configured_provider() is None or not _missing_ids():
        return None
    job, started = start(user)
    return job if started else None


def create_job(user: User | None = None) -> BackgroundJob | None:
    """A queued job row for the caller to run in the foreground (the ``geocode-missing``
    command), or None when a geocoding job is already queued or running."""
    return _new_job(user)


def _new_job(user: User | None, *, then: Callable[[int], object] | None = None
             ) -> BackgroundJob | None:
    """The job's row, committed; `then(job_id)` runs once it is (the task queue's turn)."""
    try:
        with unit_of_work():
            if active_job() is not None:
                return None
            job = BackgroundJob(kind=KIND, status="queued", total=len(_missing_ids()),
                                created_by_id=user.id if user is not None else None)
            db.session.add(job)
            # Another click may queue one between our check and our insert: the index
            # refuses this second row, and the first job does the work.
            db.session.flush()
            if then is not None:
                job_id = job.id
                after_commit(lambda: then(job_id))
    except IntegrityError:
        return None
    return job


@task()
def run_geocoding(job_id: int) -> None:
    """The worker's side of :func:`start` (on the task queue)."""
    run(job_id)


def run(job_id: int, provider: Any = None, *,
        progress: Callable[[BackgroundJob], None] | None = None,
        **options: Any) -> BackgroundJob:
    """Geocode the addresses without a position, recording progress after each one."""
    with unit_of_work():
        job = db.session.get(BackgroundJob, job_id)
        if job is None or job.status not in ACTIVE:
            return job
        ids = _missing_ids()
        job.status, job.started_at, job.total = "running", utcnow(), len(ids)
    options.setdefault("min_delay_seconds",
                       current_app.config.get("GEOCODER_MIN_DELAY", 1.0))
    try:
        chain = geocoding.chain(provider, **options)
        for citizen_id in ids:
            with unit_of_work():  # one address (see the module's docstring)
                db.session.refresh(job)
                if job.status == "cancelled":
                    return job
                _locate(chain, job, citizen_id)
            if progress is not None:
                progress(job)
    except Exception as error:  # the job must end as failed, never hang as "running"
        with unit_of_work():
            job = db.session.get(BackgroundJob, job_id)
            job.status, job.finished_at = "failed", utcnow()
            job.message = type(error).__name__  # the type only: a message may hold an address
        raise
    with unit_of_work():
        job.status, job.finished_at = "done", utcnow()
    return job


def _locate(chain: geocoding.GeocoderChain, job: BackgroundJob, citizen_id: int) -> None:
    citizen = db.session.get(Citizen, citizen_id)
    if citizen is not None and citizen.lat is None:
        geocoding.apply_outcome(citizen, chain.geocode(citizen.full_address))
        if citizen.lat is None:
            job.failed += 1
    job.done += 1


@unit_of_work()
def cancel(job_id: int) -> None:
    """Stop a running job after the address it is working on (what is done stays)."""
    job = db.session.get(BackgroundJob, job_id)
    if job is not None and job.status in ACTIVE:
        job.status, job.finished_at = "cancelled", utcnow()


def job(job_id: int) -> BackgroundJob | None:
    row = db.session.get(BackgroundJob, job_id)
    return row if row is not None and row.kind == KIND else None
