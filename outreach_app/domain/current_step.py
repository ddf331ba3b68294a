"""A case's current step, as stored on the case so lists filter, sort and page in SQL.

:func:`current_step` reduces the case's status and the ladder's assessment to what a
work queue needs: which step the case stands at, the day that step is due, and the
legal deadline. A list never assesses cases itself: the service that changes a case
stores this in the same transaction, and ``overdue`` is then just ``due_on < today``.
Two steps move on with the calendar alone, and :func:`step_on` reads them so (lists do
the same in SQL) without a stored step being rewritten: the wait for the hearing deadline
is due the day it ends, so a waiting case whose ``due_on <= today`` stands at the
decision; and once the last deduction day has passed no sanction is possible, so any
active case with ``deadline_on < today`` stands at the decision (no sanction). A case
moved on so is due by the decision's own day, ``decision_due_on``, stored with the step.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from .ladder import LadderAssessment, StepAction
from .lifecycle import CaseStatus
from .vocabulary import LADDER_ORDER, Rung

__all__ = ["CaseStep", "CurrentStep", "QUEUE_STEPS", "current_step", "step_on"]


class CaseStep(StrEnum):
    """Where a case stands in the work queue: a rung to carry out, the hearing deadline to
    wait for, a decision to take, or decided (decided or closed: nothing left to do)."""

    HEARING_LETTER = Rung.HEARING_LETTER.value
    CASE_FILE_CHECK = Rung.CASE_FILE_CHECK.value
    PHONE_CALL = Rung.PHONE_CALL.value
    SMS_PROMPT = Rung.SMS_PROMPT.value
    PARTNER_CONTACT = Rung.PARTNER_CONTACT.value
    HOME_VISIT = Rung.HOME_VISIT.value
    WAIT = "wait"
    DECIDE = "decide"
    DECIDED = "decided"


#: The steps of an active case, in the order a case passes them.
QUEUE_STEPS = (*(CaseStep(r.value) for r in LADDER_ORDER), CaseStep.WAIT, CaseStep.DECIDE)


@dataclass(frozen=True)
class CurrentStep:
    """``due_on``: the day the step must be done by (None once decided). Rungs without a
    date of their own are due by the latest home-visit day: everything before the visit
    must be done before it. ``deadline_on``: the last day a deduction may be made.
    ``decision_due_on``: the day the decision must be taken by, the due day of a case the
    calendar alone moves on to the decision (:func:`step_on`)."""

    step: CaseStep
    due_on: date | None
    deadline_on: date
    decision_due_on: date


def current_step(status: str, assessment: LadderAssessment) -> CurrentStep:
    """The step ``assessment`` puts a case with ``status`` at."""
    deadlines = assessment.deadlines
    dates = (deadlines.last_deduction_day, deadlines.latest_decision_day)
    if not CaseStatus(status).active:
        return CurrentStep(CaseStep.DECIDED, None, *dates)
    first = assessment.next_steps[0]
    if first.action == StepAction.WAIT_FOR_HEARING_DEADLINE:
        # A wait is due the day it ends, the day after the hearing deadline: from then on
        # (`due_on <= today`) the case needs its decision, with nothing rewritten.
        return CurrentStep(CaseStep.WAIT, first.due + timedelta(days=1), *dates)
    if first.action == StepAction.DECIDE:
        step = CaseStep.DECIDE
    else:
        step = CaseStep(first.rung.value)
    dues = [s.due for s in assessment.next_steps if s.due is not None]
    due = min(dues) if dues else deadlines.latest_home_visit_day
    return CurrentStep(step, due, *dates)


def _moved_to_decision(stored: CurrentStep, today: date) -> bool:
    """Whether the calendar alone has moved a stored active step on to the decision by
    ``today``: a wait whose due day has come, or any step after the last deduction day."""
    if stored.step == CaseStep.DECIDED:
        return False
    waited = (stored.step == CaseStep.WAIT and stored.due_on is not None
              and stored.due_on <= today)
    return waited or stored.deadline_on < today


def step_on(stored: CurrentStep, today: date) -> CurrentStep:
    """Where a stored step stands on ``today``: moved on to the decision (due by the
    decision's day) or as stored.

    Lists apply the same rule in SQL (services.case_list), so a case surfaces on the
    caseworker's desk, due and counted as the domain says, the day its hearing deadline
    or its deduction deadline has passed.
    """
    if _moved_to_decision(stored, today):
        return replace(stored, step=CaseStep.DECIDE, due_on=stored.decision_due_on)
    return stored
