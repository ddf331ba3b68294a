"""Planning a period as a background job: start it, follow it, cancel it.

The page asks :func:`start`, which checks the request (a bad one is refused at once,
with what is missing), records a PlanningRun with its BackgroundJob, and queues
:func:`run_planning` on the task queue. The worker plans with
:func:`.planning.plan_period` and writes the new routes in one transaction at the
end, so a failed or cancelled job leaves the previous plan as it was.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import BackgroundJob, PlanningRun, User
from ..models._base import utcnow
from . import audit, planning
from .clock import today as local_today
from .planning_checks import PeriodRequest, PlanningRefused, Problem, prepare
from .queue import task

log = logging.getLogger(__name__)

KIND = "plan_period"
ACTIVE = ("queued", "running")
# Steps the page shows: check and load, search for routes, store.
STEPS = 3


@dataclass(frozen=True)
class RunView:
    """What the page shows of a run (no personal data)."""

    id: int
    job_id: int
    status: str
    start: date
    end: date
    mode: str
    step: int
    steps: int
    #: What the finished job says, as (code, params) pairs the views word.
    messages: list[tuple[str, dict]]
    planned: int
    unplaced: int
    active: bool


def view(run: PlanningRun) -> RunView:
    job = run.job
    return RunView(id=run.id, job_id=job.id, status=job.status, start=run.starts_on,
                   end=run.ends_on, mode=run.mode, step=job.done, steps=job.total,
                   messages=messages_of(job.message), planned=run.planned, unplaced=run.unplaced,
                   active=job.status in ACTIVE)


def _overlapping(start: date, end: date) -> PlanningRun | None:
    return db.session.scalar(
        select(PlanningRun).join(PlanningRun.job)
        .where(BackgroundJob.status.in_(ACTIVE), PlanningRun.starts_on <= end,
               PlanningRun.ends_on >= start).limit(1))


def busy_problem(run: PlanningRun, request: PeriodRequest | None = None) -> Problem:
    """The refusal while `run` is active: the same period, or one sharing days with it."""
    same = request is None or (request.start, request.end) == (run.starts_on, run.ends_on)
    return Problem("busy" if same else "busy_overlap", dict(
        start=run.starts_on.isoformat(), end=run.ends_on.isoformat(), job=run.job_id))


def start(request: PeriodRequest, *, user: User | None = None) -> PlanningRun:
    """Check `request` and queue it; raises PlanningRefused (nothing queued) when the
    request is bad or an overlapping period is being planned right now.

    Two runs sharing a day would each replace the other's routes of that day. The check
    here words the refusal; the database makes it hold when two coordinators start at the
    same moment (models.PlanningRun: the second insert fails, and is refused the same way).
    """
    prepare(request, today=local_today())  # refuse a bad request before queueing it
    running = _overlapping(request.start, request.end)
    if running is not None:
        raise PlanningRefused([busy_problem(running, request)])
    job = BackgroundJob(kind=KIND, status="queued", total=STEPS, done=0,
                        created_by_id=user.id if user else None)
    teams = ",".join(str(t) for t in request.teams) if request.teams is not None else ""
    run = PlanningRun(job=job, starts_on=request.start, ends_on=request.end, mode=request.mode,
                      team_ids=teams, active_key=f"{request.start}:{request.end}")
    db.session.add(run)
    audit.record("plan.start", object_type="planning_run", user=user, details={
        "start": request.start.isoformat(), "end": request.end.isoformat(),
        "mode": request.mode})
    try:
        db.session.commit()
    except IntegrityError:
        # Another coordinator queued an overlapping period a moment ago.
        db.session.rollback()
        running = _overlapping(request.start, request.end)
        raise PlanningRefused([busy_problem(running, request)] if running else [
            Problem("busy_unknown")]) from None
    run_planning(run.id)
    return run


def cancel(run: PlanningRun, *, user: User | None = None) -> bool:
    """Ask a queued or running job to stop; its plan is then never stored."""
    if run.job.status not in ACTIVE:
        return False
    # Finished at once, so a worker that died cannot keep the period blocked; a live
    # worker sees the flag before it stores and stores nothing.
    run.cancel_requested = True
    _finish(run, "cancelled", _coded(("run_cancelled", {})))
    audit.record("plan.cancel", object_type="planning_run", object_id=run.id, user=user)
    db.session.commit()
    return True


def _coded(*entries: tuple[str, dict]) -> str:
    """What the job says, stored as codes and parameters: the page words it in the
    reader's language (views/issue_text.py), whoever's worker wrote it."""
    return json.dumps([[code, params] for code, params in entries])


def messages_of(stored: str) -> list[tuple[str, dict]]:
    """The (code, params) pairs a job stored; words stored by older versions are kept."""
    try:
        entries = json.loads(stored or "[]")
        return [(str(code), dict(params)) for code, params in entries]
    except (ValueError, TypeError):
        return [("stored_text", {"text": stored})]


def _finish(run: PlanningRun, status: str, message: str) -> None:
    run.job.status = status
    run.job.message = message
    run.job.finished_at = utcnow()
    run.active_key = None


def _step(run: PlanningRun, step: int, message: str) -> None:
    run.job.done = step
    run.job.message = message
    db.session.commit()


@task()
def run_planning(run_id: int) -> None:
    """The worker's side: plan the run's period, unless it was cancelled meanwhile."""
    run = db.session.get(PlanningRun, run_id)
    if run is None or run.job.status != "queued" or run.cancel_requested:
        return
    run.job.status, run.job.started_at = "running", utcnow()
    user = db.session.get(User, run.job.created_by_id) if run.job.created_by_id else None
    request = PeriodRequest(run.starts_on, run.ends_on, tuple(run.teams) or None, run.mode)

    def still_wanted() -> bool:
        _step(run, 2, _coded(("run_storing", {})))
        db.session.refresh(run, with_for_update=db.engine.dialect.name == "postgresql")
        return not run.cancel_requested

    try:
        _step(run, 1, _coded(("run_searching", {})))
        result = planning.plan_period(request, today=local_today(), user=user,
                                      before_store=still_wanted)
    except PlanningRefused as refused:
        # Something changed since the page checked it (a team lost its start point).
        db.session.rollback()
        run = db.session.get(PlanningRun, run_id)
        _finish(run, "failed", _coded(*((p.code, p.params) for p in refused.problems)))
        db.session.commit()
        return
    except Exception as error:
        # The type only: a message may carry personal data into the log.
        log.error("planning run %s failed: %s", run_id, type(error).__name__)
        db.session.rollback()
        run = db.session.get(PlanningRun, run_id)
        _finish(run, "failed", _coded(("run_failed", {})))
        db.session.commit()
        return
    if run.cancel_requested:
        db.session.rollback()  # cancel() has finished the job already
        return
    run.planned, run.unplaced = result.planned, result.unplaced
    run.job.done = STEPS
    _finish(run, "done", _coded(("run_done", {"n": result.planned, "m": result.unplaced}),
                                *result.notes))
    db.session.commit()  # the new routes and the job's end, together


def latest(start: date | None = None, end: date | None = None) -> PlanningRun | None:
    """The newest run (overlapping the period, when given)."""
    query = select(PlanningRun).order_by(PlanningRun.id.desc()).limit(1)
    if start is not None and end is not None:
        query = query.where(PlanningRun.starts_on <= end, PlanningRun.ends_on >= start)
    return db.session.scalar(query)
