"""The lifecycle of a case, a home visit and a route plan: the statuses and the allowed moves.

One vocabulary (the enums the database stores, its CHECK constraints are built from
them) and one function, :func:`transition`, that answers for every status machine
which move is allowed and what status it leads to. A move that is not allowed
raises :class:`~.issues.Refused` with one :class:`~.issues.Issue` whose code says
why (the case is decided, the visit was cancelled, ...), so the app shows the
reason beside the action and saves nothing.

Typical use in a service::

    case.status = transition(case.status, CaseEvent.DECIDE)
    visit.status = transition(visit.status, VisitEvent.RECORD_OUTCOME)

and, where a page only asks whether to offer an action (templates have it as
``allows(case.status, CaseEvent.RECORD_STEP)``)::

    if allowed(case.status, CaseEvent.REQUEST_VISIT): ...

Where a case goes after a ladder step (open, or on the caseworker's desk) is not a
choice of the user but follows from the ladder: :func:`status_after_ladder_step`.
"""

from __future__ import annotations

from enum import StrEnum

from .issues import Issue, IssueCode, Refused
from .ladder import LadderAssessment, StepAction

__all__ = [
    "ACTIVE_CASE_STATUSES",
    "FIELD_ROUTE_STATUSES",
    "OPEN_VISIT_STATUSES",
    "CaseEvent",
    "CaseStatus",
    "RouteEvent",
    "RoutePlanStatus",
    "VisitEvent",
    "VisitStatus",
    "allowed",
    "refusal",
    "status_after_ladder_step",
    "transition",
]


class CaseStatus(StrEnum):
    """Where a case stands.

    ``OPEN``: the contact ladder is being climbed. ``AWAITING_DECISION``: the ladder
    has nothing more to do (contact achieved, the ladder done, or a sanction
    excluded) and the caseworker decides. ``DECIDED``: a decision stands (reassessment
    and appeal may follow). ``CLOSED``: nothing more can happen on the case.
    """

    OPEN = "open"
    AWAITING_DECISION = "awaiting_decision"
    DECIDED = "decided"
    CLOSED = "closed"

    @property
    def active(self) -> bool:
        """True while the ladder may still change (attempts, home visits, a decision)."""
        return self in ACTIVE_CASE_STATUSES


class VisitStatus(StrEnum):
    """A home visit: requested by the coordinator, planned onto a route, done or cancelled."""

    REQUESTED = "requested"
    PLANNED = "planned"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def open(self) -> bool:
        """True while the visit still has to happen (requested or planned)."""
        return self in OPEN_VISIT_STATUSES


class RoutePlanStatus(StrEnum):
    """A team-day's route: a draft the coordinator works on, published to the field app,
    started by the team on the day, finished when the last stop is done."""

    DRAFT = "draft"
    PUBLISHED = "published"
    STARTED = "started"
    FINISHED = "finished"

    @property
    def in_field(self) -> bool:
        """True when the field app shows this route to its team."""
        return self in FIELD_ROUTE_STATUSES


ACTIVE_CASE_STATUSES = (CaseStatus.OPEN, CaseStatus.AWAITING_DECISION)
OPEN_VISIT_STATUSES = (VisitStatus.REQUESTED, VisitStatus.PLANNED)
FIELD_ROUTE_STATUSES = (RoutePlanStatus.PUBLISHED, RoutePlanStatus.STARTED,
                        RoutePlanStatus.FINISHED)


class CaseEvent(StrEnum):
    """What happens to a case."""

    RECORD_STEP = "record_step"  # an attempt on a rung, or its correction
    REQUEST_VISIT = "request_visit"
    RECORD_VISIT_OUTCOME = "record_visit_outcome"
    DECIDE = "decide"
    REMIT = "remit"  # the appeals board sends the case back for a new decision
    CLOSE = "close"


class VisitEvent(StrEnum):
    """What happens to a home visit."""

    PLAN = "plan"  # put on a route (again: a re-plan moves it)
    UNPLAN = "unplan"  # taken off its route; waits to be planned again
    RECORD_OUTCOME = "record_outcome"
    CANCEL = "cancel"  # contact was made elsewhere, or the case was decided


class RouteEvent(StrEnum):
    """What happens to a route plan."""

    PUBLISH = "publish"  # to the field app
    UNPUBLISH = "unpublish"  # back to draft, before the team has started
    START = "start"
    FINISH = "finish"


S, V, R = CaseStatus, VisitStatus, RoutePlanStatus

# (status, event) -> status after the move. Anything not listed is refused.
# RECORD_STEP and RECORD_VISIT_OUTCOME keep an active case active; whether it is open
# or awaiting a decision afterwards comes from the ladder (status_after_ladder_step).
_MOVES: dict[tuple[StrEnum, StrEnum], StrEnum] = {
    **{(s, e): s for s in ACTIVE_CASE_STATUSES
       for e in (CaseEvent.RECORD_STEP, CaseEvent.REQUEST_VISIT,
                 CaseEvent.RECORD_VISIT_OUTCOME)},
    (S.OPEN, CaseEvent.DECIDE): S.DECIDED,
    (S.AWAITING_DECISION, CaseEvent.DECIDE): S.DECIDED,
    (S.DECIDED, CaseEvent.REMIT): S.AWAITING_DECISION,
    (S.DECIDED, CaseEvent.CLOSE): S.CLOSED,
    (V.REQUESTED, VisitEvent.PLAN): V.PLANNED,
    (V.PLANNED, VisitEvent.PLAN): V.PLANNED,
    (V.REQUESTED, VisitEvent.UNPLAN): V.REQUESTED,
    (V.PLANNED, VisitEvent.UNPLAN): V.REQUESTED,
    (V.REQUESTED, VisitEvent.RECORD_OUTCOME): V.DONE,
    (V.PLANNED, VisitEvent.RECORD_OUTCOME): V.DONE,
    (V.REQUESTED, VisitEvent.CANCEL): V.CANCELLED,
    (V.PLANNED, VisitEvent.CANCEL): V.CANCELLED,
    (R.DRAFT, RouteEvent.PUBLISH): R.PUBLISHED,
    (R.PUBLISHED, RouteEvent.UNPUBLISH): R.DRAFT,
    (R.PUBLISHED, RouteEvent.START): R.STARTED,
    (R.STARTED, RouteEvent.FINISH): R.FINISHED,
}

# Why a move from this status is refused: the reason the user can act on.
_REFUSED_BECAUSE = {
    S.DECIDED: IssueCode.CASE_DECIDED,
    S.CLOSED: IssueCode.CASE_CLOSED,
    S.OPEN: IssueCode.CASE_NOT_DECIDED,
    S.AWAITING_DECISION: IssueCode.CASE_NOT_DECIDED,
    V.DONE: IssueCode.VISIT_DONE,
    V.CANCELLED: IssueCode.VISIT_CANCELLED,
}

_STATUS_OF = {CaseEvent: CaseStatus, VisitEvent: VisitStatus, RouteEvent: RoutePlanStatus}


def refusal(status: str, event: StrEnum) -> Issue | None:
    """Why ``event`` may not happen in ``status`` (None when it may).

    ``status`` may be the enum or its stored string (``case.status``); the event's
    type says which status machine it belongs to. The issue's parameters are
    ``status`` and ``event`` (their string values).
    """
    status_type = _STATUS_OF.get(type(event))
    if status_type is None:
        raise TypeError(f"{event!r} is not a lifecycle event")
    status = status_type(status)  # ValueError for a status outside the vocabulary
    if (status, event) in _MOVES:
        return None
    code = _REFUSED_BECAUSE.get(status, IssueCode.TRANSITION_NOT_ALLOWED)
    return Issue(code, {"status": status.value, "event": event.value})


def allowed(status: str, event: StrEnum) -> bool:
    """True when ``event`` may happen in ``status``."""
    return refusal(status, event) is None


def transition(status: str, event: StrEnum) -> StrEnum:
    """The status after ``event``; raises :class:`Refused` (one issue) when not allowed."""
    issue = refusal(status, event)
    if issue is not None:
        raise Refused((issue,))
    return _MOVES[(_STATUS_OF[type(event)](status), event)]


def status_after_ladder_step(assessment: LadderAssessment) -> CaseStatus:
    """Where an active case stands after a ladder step, from the domain's assessment.

    The case goes to the caseworker's desk when the ladder has nothing more for the
    coordinator to do: contact was achieved, a sanction is excluded (a suspension
    period, an exemption, ...), or only the decision, or the hearing deadline
    before it, is left. Otherwise it stays open.
    """
    decision_due = assessment.contact_achieved or assessment.sanction_excluded or any(
        s.action in (StepAction.DECIDE, StepAction.WAIT_FOR_HEARING_DEADLINE)
        for s in assessment.next_steps)
    return CaseStatus.AWAITING_DECISION if decision_due else CaseStatus.OPEN
