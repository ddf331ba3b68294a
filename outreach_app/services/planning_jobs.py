"""Planning a period as a background job: start it, follow it, cancel it.

The page asks :func:`start`, which checks the request (a bad one is refused at once,
with what is missing), records a PlanningRun with its BackgroundJob, and queues
:func:`run_planning` on the task queue. The worker takes the steps of
:func:`.planning.plan_period` one by one, so that the page can follow them, and writes
the new routes in one unit of work at the end, so a failed or cancelled job leaves the
previous plan as it was.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError

from ..extensions import db
from ..models import BackgroundJob, PlanningRun, User
from ..models._base import utcnow
from . import audit, planning
from .clock import today as local_today
from .planning_checks import PeriodRequest, PlanningRefused, Problem, prepare
from .queue import task
from .unit_of_work import after_commit, unit_of_work

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


def _lost_race(error: IntegrityError | OperationalError) -> bool:
    """Whether an insert failed because another run of an overlapping period got in first.
    Two inserts that check the exclusion constraint at the same moment can each wait for
    the other; PostgreSQL then aborts one as a deadlock (SQLSTATE 40P01) instead of
    reporting the conflict: that one lost the same race."""
    return isinstance(error, IntegrityError) or getattr(error.orig, "sqlstate", None) == "40P01"


def start(request: PeriodRequest, *, user: User | None = None) -> PlanningRun:
    """Check `request` and queue it once the unit commits; raises PlanningRefused (nothing
    queued) when the request is bad or an overlapping period is being planned right now.

    Two runs sharing a day would each replace the other's routes of that day. The check
    here words the refusal; the database makes it hold when two coordinators start at the
    same moment (models.PlanningRun: the second insert fails, and is refused too).
    """
    with unit_of_work():
        prepare(request, today=local_today())  # refuse a bad request before queueing it
        running = _overlapping(request.start, request.end)
        if running is not None:
            raise PlanningRefused([busy_problem(running, request)])
        job = BackgroundJob(kind=KIND, status="queued", total=STEPS, done=0,
                            created_by_id=user.id if user else None)
        teams = ",".join(str(t) for t in request.teams) if request.teams is not None else ""
        run = PlanningRun(job=job, starts_on=request.start, ends_on=request.end,
                          mode=request.mode, team_ids=teams,
                          active_key=f"{request.start}:{request.end}")
        db.session.add(run)
        try:
            # A coordinator who queued an overlapping period a moment ago (their unit not
            # yet committed) makes the insert wait here, then fail. This session cannot
            # look up their run before its unit rolls back: the refusal names no period.
            db.session.flush()
        except (IntegrityError, OperationalError) as error:
            if not _lost_race(error):
                raise
            raise PlanningRefused([Problem("busy_unknown")]) from None
        audit.record("plan.start", object_type="planning_run", object_id=run.id, user=user,
                     details={"start": request.start.isoformat(),
                              "end": request.end.isoformat(), "mode": request.mode})
        run_id = run.id
        after_commit(lambda: run_planning(run_id))
    return run


@unit_of_work()
def cancel(run: PlanningRun, *, user: User | None = None) -> bool:
    """Ask a queued or running job to stop; its plan is then never stored."""
    if run.job.status not in ACTIVE:
        return False
    # Finished at once, so a worker that died cannot keep the period blocked; a live
    # worker sees the flag before it stores and stores nothing.
    run.cancel_requested = True
    _finish(run, "cancelled", _coded(("run_cancelled", {})))
    audit.record("plan.cancel", object_type="planning_run", object_id=run.id, user=user)
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


def _progress(run: PlanningRun, step: int, message: str) -> None:
    run.job.done = step
    run.job.message = message


def _still_wanted(run: PlanningRun) -> bool:
    """Lock the run's row (in the caller's unit) and say whether it is still wanted: a
    cancel committed meanwhile is seen here, and one clicked later waits for the unit."""
    db.session.refresh(run, with_for_update=db.engine.dialect.name == "postgresql")
    return not run.cancel_requested


def _fail(run_id: int, *entries: tuple[str, dict]) -> None:
    with unit_of_work():
        _finish(db.session.get(PlanningRun, run_id), "failed", _coded(*entries))


@task()
def run_planning(run_id: int) -> None:
    """The worker's side: plan the run's period, unless it was cancelled meanwhile.

    Three units of work, so that the page follows the job as it goes: the start, the
    search (it writes nothing but its end), and the new routes stored together with the
    job's end. A failed unit leaves the previous plan as it was; the job then ends failed.
    """
    with unit_of_work():
        run = db.session.get(PlanningRun, run_id)
        if run is None or run.job.status != "queued" or run.cancel_requested:
            return
        run.job.status, run.job.started_at = "running", utcnow()
        _progress(run, 1, _coded(("run_searching", {})))
    user = db.session.get(User, run.job.created_by_id) if run.job.created_by_id else None
    request = PeriodRequest(run.starts_on, run.ends_on, tuple(run.teams) or None, run.mode)
    try:
        with unit_of_work():
            prepared = prepare(request, today=local_today())
            plan, owner = planning.compute(prepared)
            if not _still_wanted(run):
                return  # cancel() has finished the job already
            _progress(run, 2, _coded(("run_storing", {})))
        with unit_of_work():
            if not _still_wanted(run):
                return
            result = planning.store(prepared, plan, owner, user=user)
            run.planned, run.unplaced = result.planned, result.unplaced
            run.job.done = STEPS
            _finish(run, "done", _coded(("run_done", {"n": result.planned,
                                                      "m": result.unplaced}), *result.notes))
    except PlanningRefused as refused:
        # Something changed since the page checked it (a team lost its start point).
        _fail(run_id, *((p.code, p.params) for p in refused.refusals))
    except Exception as error:
        # The type only: a message may carry personal data into the log.
        log.error("planning run %s failed: %s", run_id, type(error).__name__)
        _fail(run_id, ("run_failed", {}))


def latest(start: date | None = None, end: date | None = None) -> PlanningRun | None:
    """The newest run (overlapping the period, when given)."""
    query = select(PlanningRun).order_by(PlanningRun.id.desc()).limit(1)
    if start is not None and end is not None:
        query = query.where(PlanningRun.starts_on <= end, PlanningRun.ends_on >= start)
    return db.session.scalar(query)
