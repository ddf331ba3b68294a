"""One unit of work: a service call commits once, or rolls back and saves nothing.

How changes reach the database
------------------------------
A command (a change a user or the system asks for: record a step, decide a case,
take in an SMS reply) runs its writes inside ``with unit_of_work():``. The block
commits when it ends normally and rolls back when anything raises. So a refusal found
half-way, after the first row was written, leaves nothing behind, and a change, its
audit event, the case's stored step and any outbox row commit together or not at all.

Units nest. A unit opened inside another joins it and does not commit; only the
outermost commits. A caller that composes several changes opens one unit around them
and the whole commits once: an SMS reply that is also a ladder step, a one-time form
token claimed together with the change it guards (services.submissions.once). An
exception that leaves an inner unit spoils the outer one: should the caller catch it
and carry on, the outer unit still rolls back
(and raises UnitRolledBack) rather than commit what the failed command half-wrote.

Functions documented as steps (case_commands.record_attempt, case_state.refresh,
sms_outbox.queue_contact_prompt, ...) never commit: they write into their caller's
unit. Nothing takes a ``commit=`` flag.

Work for another session (a background task that reads the job row this unit writes) is
handed over with :func:`after_commit`: it starts once the outermost unit has committed,
and never when the unit rolls back.

A command that works through a whole municipality's history (case_state.refresh_all,
volume.seed_volume) opens one unit per batch, the batch's audit event in it: memory
stays flat and an interrupted run keeps what it finished. Such a command is never
called inside a unit (:func:`batch_commands_allowed`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ..extensions import db

_DEPTH = "unit_of_work_depth"
_SPOILT = "unit_of_work_spoilt"
_AFTER = "unit_of_work_after_commit"


class UnitRolledBack(RuntimeError):
    """An inner unit failed and its caller carried on: nothing of the whole unit was saved."""


@contextmanager
def unit_of_work() -> Iterator[None]:
    """Commit the block's writes once at the end of the outermost unit; roll back on error."""
    info = db.session.info
    depth = info.get(_DEPTH, 0)
    info[_DEPTH] = depth + 1
    handed_over: list[Callable[[], object]] = []
    try:
        yield
    except BaseException:
        if depth:
            info[_SPOILT] = True
        else:
            db.session.rollback()
        raise
    else:
        if depth:
            return
        if info.pop(_SPOILT, False):
            db.session.rollback()
            raise UnitRolledBack()
        try:
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
    finally:
        info[_DEPTH] = depth
        if not depth:
            info.pop(_SPOILT, None)
            handed_over = info.pop(_AFTER, [])
    # Reached only when the outermost unit committed, outside it: the work may open units.
    for work in handed_over:
        work()


def after_commit(work: Callable[[], object]) -> None:
    """Run `work` when the current unit's outermost unit has committed (not on rollback):
    a task queued for a row this unit writes must not look for it before it is there."""
    if not db.session.info.get(_DEPTH):
        raise RuntimeError("after_commit() belongs inside a unit_of_work()")
    db.session.info.setdefault(_AFTER, []).append(work)


def batch_commands_allowed() -> None:
    """Refuse to start a batch command inside a unit: its batches would join that unit,
    and emptying the session after each batch would drop what the unit has not written."""
    if db.session.info.get(_DEPTH, 0):
        raise RuntimeError("a batch command commits per batch: run it outside a unit of work")
