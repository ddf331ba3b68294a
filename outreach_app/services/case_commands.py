"""The commands that change one case: the coordinator's steps up the ladder and the home visit.

Every command is one unit of work (services.unit_of_work): it commits once or saves
nothing. It loads the case at the version the form was loaded with (optimistic
locking), asks the domain (with the facts from services.case_facts) whether the step
is allowed, writes the step, its audit event and the case's new status, and bumps the
case's version so that a second coordinator working from an older page is refused
instead of silently overwriting. What the case page shows is services.case_page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy.orm.exc import StaleDataError

from .. import domain
from ..domain import (
    OPEN_VISIT_STATUSES,
    AttemptOutcome,
    CaseEvent,
    LetterChannel,
    Rung,
    VisitEvent,
    VisitOutcome,
    sms_content,
    transition,
)
from ..domain.safety import needs_pair
from ..extensions import db
from ..models import Case, ContactAttempt, User, Visit
from . import audit, case_facts, case_state, clock, sms_outbox
from .refusal import Conflict, Refusal
from .unit_of_work import unit_of_work


class StaleCase(Conflict):
    """Someone else changed the case after this form was loaded; nothing was saved."""

    def __init__(self) -> None:
        super().__init__("stale_case")


@dataclass(frozen=True)
class NewAttempt:
    rung: Rung
    outcome: AttemptOutcome
    on: date
    partner_id: int | None = None
    letter_channel: LetterChannel | None = None
    reply_days: int | None = None
    notes: str = ""
    client_id: str | None = None
    # The attempt this entry corrects: it stands in the history, replaced by this one.
    corrects_id: int | None = None


def record_attempt(case: Case, new: NewAttempt, user: User | None, today: date
                   ) -> ContactAttempt:
    """Write one rung's attempt and its audit event if the domain accepts it, else raise
    domain.Refused before writing anything. A step inside the caller's unit of work: it
    neither refreshes the case's stored state nor commits (record_step does both)."""
    is_letter = new.rung == Rung.HEARING_LETTER
    facts = case_facts.for_case(case, today, without=new.corrects_id)
    domain.ensure_attempt_valid(facts, domain.Attempt(
        rung=new.rung, outcome=new.outcome, on=new.on,
        partner=None if is_letter else new.partner_id,
        recipient=new.partner_id if is_letter else None,
        channel=new.letter_channel, reply_days=new.reply_days,
    ))
    row = ContactAttempt(
        case=case, rung=new.rung.value, outcome=new.outcome.value, occurred_on=new.on,
        partner_id=new.partner_id,
        letter_channel=new.letter_channel.value if new.letter_channel else None,
        reply_days=new.reply_days, notes=new.notes, client_id=new.client_id,
        recorded_by_id=user.id if user else None, corrects_id=new.corrects_id,
    )
    db.session.add(row)
    db.session.flush()
    audit.record("attempt.create", object_type="case", object_id=case.id,
                 citizen_id=case.citizen_id, user=user,
                 details={"rung": new.rung.value, "outcome": new.outcome.value,
                          **({"corrects": new.corrects_id} if new.corrects_id else {})})
    return row


def lock_case(case_id: int, expected_version: int | None) -> Case:
    """Load the case for a change, as it is now; refuse when a person changed it since
    the form was loaded.

    The row stays locked until the unit of work ends: a system write (a step refresh, a
    planned visit) waits for the change instead of failing it, and one that came first
    is seen here, so the step stored with the change is assessed on the current facts.
    """
    case = db.session.scalar(case_facts.case_with_facts(case_id).with_for_update(of=Case)
                             .execution_options(populate_existing=True))
    if case is None:
        raise LookupError(case_id)
    if expected_version is not None and case.version != expected_version:
        raise StaleCase()
    return case


def store_case(case: Case, today: date) -> None:
    """Store the case's state as the domain now sees it, with a new case version (a step:
    the command's unit of work commits).

    Every change a person makes to a case ends here: its status, current step and planned
    visit are stored in the same transaction (case_state.refresh), the version a form
    carries moves on, and a concurrent writer makes the whole unit fail (StaleCase)
    instead of overwriting.
    """
    case_state.refresh(case, today)
    # Only a person's change moves the version (models.Case.version); the UPDATE checks
    # the version loaded.
    case.version = case.version + 1
    try:
        db.session.flush()
    except StaleDataError as error:
        raise StaleCase() from error


@unit_of_work()
def record_step(case_id: int, expected_version: int | None, new: NewAttempt,
                user: User, today: date, *, now: datetime | None = None) -> ContactAttempt:
    """Record one rung's attempt (or a correction of an earlier one) if the domain accepts it.

    Raises domain.Refused with every reason (also when the lifecycle refuses: the case
    is decided or closed), StaleCase on a concurrent change, and Refusal for a
    correction of an entry corrected already, for the home-visit rung (only
    record_visit_outcome writes that rung, together with its Visit), and when the SMS
    prompt the step queues would not fit one SMS. Nothing is saved
    when it raises. `now` is when the step was taken (default: the clock), the moment
    an SMS it queues is due; the demo replays past days with it.
    """
    if Rung(new.rung) == Rung.HOME_VISIT:
        raise Refusal("home_visit_via_visit")
    case = lock_case(case_id, expected_version)
    transition(case.status, CaseEvent.RECORD_STEP)
    if new.corrects_id is not None:
        old = next((a for a in case.attempts if a.id == new.corrects_id), None)
        if old is None or old.id in {a.corrects_id for a in case.attempts}:
            raise Refusal("not_correctable")
    row = record_attempt(case, new, user, today)
    if (Rung(new.rung) == Rung.SMS_PROMPT and new.outcome == AttemptOutcome.SENT
            and new.corrects_id is None):
        # The nem-SMS rung queues the prompt in the same transaction as the step.
        try:
            sms_outbox.queue_contact_prompt(case, row, now or clock.now())
        except sms_content.MessageTooLong as error:
            raise Refusal("prompt_too_long") from error
    store_case(case, today)
    return row


@dataclass(frozen=True)
class VisitRequest:
    earliest_on: date
    window_start: time | None = None
    window_end: time | None = None
    priority: int = 0
    needs_pair: bool = False


@unit_of_work()
def request_visit(case_id: int, expected_version: int | None, req: VisitRequest, user: User,
                  today: date) -> Visit:
    """Ask for a home visit; its deadline is the domain's latest home-visit day.

    Refused (domain.Refused) when the case is decided or closed, an earlier rung is still
    open or contact was already achieved, and (Refusal) when a visit is already waiting
    or the deadline has passed.
    """
    case = lock_case(case_id, expected_version)
    transition(case.status, CaseEvent.REQUEST_VISIT)
    facts = case_facts.for_case(case, today)
    # Whether a home visit may start now is the domain's order rule for that rung.
    probe = domain.Attempt(Rung.HOME_VISIT, AttemptOutcome.NO_CONTACT, today)
    blocking = [i for i in domain.validate_attempt(facts, probe)
                if i.code in (domain.IssueCode.RUNG_OUT_OF_ORDER, domain.IssueCode.SEARCH_ENDED)]
    if blocking:
        raise domain.Refused(tuple(blocking))
    if any(v.status in OPEN_VISIT_STATUSES for v in case_state.visits_of(case.id)):
        raise Refusal("visit_open")
    deadline = domain.compute_deadlines(facts).latest_home_visit_day
    if req.earliest_on < today:
        raise Refusal("earliest_past", "earliest_on")
    if deadline < req.earliest_on:
        raise Refusal("deadline_passed", "earliest_on")
    if (req.window_start is None) != (req.window_end is None) or (
            req.window_start and req.window_start >= req.window_end):
        raise Refusal("window", "window_start")
    visit = Visit(case_id=case.id, earliest_on=req.earliest_on, deadline_on=deadline,
                  window_start=req.window_start, window_end=req.window_end,
                  service_minutes=facts.rule_set.visit_service_minutes,
                  priority=req.priority,
                  needs_pair=req.needs_pair or needs_pair(case.citizen.safety_flags or ()))
    db.session.add(visit)
    db.session.flush()
    audit.record("visit.request", object_type="visit", object_id=visit.id,
                 citizen_id=case.citizen_id, user=user,
                 details={"case": case.id, "deadline": deadline.isoformat()})
    store_case(case, today)
    return visit


@dataclass(frozen=True)
class VisitOutcomeDetails:
    """What the field app adds to an outcome: the phone's own time stamp and, when the
    citizen was met, the reason category, an updated phone number and the next step; and
    whether the phone found itself within 100 m of the address (None: not checked)."""

    at: datetime | None = None
    reason_category: domain.AbsenceReason | None = None
    updated_phone: str | None = None
    next_step: str = ""
    near_address: bool | None = None


@unit_of_work()
def record_visit_outcome(case_id: int, expected_version: int | None, visit_id: int,
                         outcome: VisitOutcome, on: date, explanation: str, card_left: bool,
                         user: User, today: date, *,
                         details: VisitOutcomeDetails | None = None) -> Visit:
    """Record how a home visit ended, and the home-visit rung with the matching outcome.

    Refused (domain.Refused) when the case is decided or closed, or the visit is done or
    cancelled already; nothing is saved then. `details` carries what the field app adds.
    """
    case = lock_case(case_id, expected_version)
    transition(case.status, CaseEvent.RECORD_VISIT_OUTCOME)
    visit = db.session.get(Visit, visit_id)
    if visit is None or visit.case_id != case.id:
        raise LookupError(visit_id)
    done = transition(visit.status, VisitEvent.RECORD_OUTCOME)
    new = NewAttempt(Rung.HOME_VISIT, domain.attempt_outcome_for_visit(outcome), on,
                     notes=explanation)
    record_attempt(case, new, user, today)
    visit.status = done
    visit.outcome = outcome.value
    visit.outcome_at = (clock.now() if on == today
                        else datetime.combine(on, time(12), tzinfo=clock.zone()))
    visit.explanation = explanation
    visit.card_left = card_left
    visit.recorded_by_id = user.id
    if details is not None:
        visit.outcome_at = details.at or visit.outcome_at
        visit.reason_category = (details.reason_category.value
                                 if details.reason_category else None)
        visit.updated_phone = details.updated_phone
        visit.next_step = details.next_step
        visit.near_address = details.near_address
    audit.record("visit.outcome", object_type="visit", object_id=visit.id,
                 citizen_id=case.citizen_id, user=user, details={"outcome": outcome.value})
    store_case(case, today)
    return visit
