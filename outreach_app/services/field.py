"""What an outreach worker sees and sends: only their team's assigned visits, only what a
visit needs at the door, and outcomes that reach the case exactly once.

An outcome from the phone carries a client id made on the phone. It is stored once under a
unique constraint and the constraint decides, not a look-up first: the row is inserted
before the outcome goes into the ladder, in the same unit of work, so a concurrent repeat
waits for the first and then finds it (insert or return). A business conflict (the visit
was cancelled at the office while the worker stood at the door) is stored too, flagged for
the coordinator, and answered as received with a note; only malformed input is refused.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from .. import domain
from ..domain import (
    FIELD_ROUTE_STATUSES,
    AbsenceReason,
    AttemptOutcome,
    CaseStatus,
    RoutePlanStatus,
    VisitOutcome,
    VisitStatus,
)
from ..domain.safety import SafetyFlag, parse_flags
from ..extensions import db
from ..models import Case, FieldOutcome, RoutePlan, RouteStop, User, Visit
from . import audit, case_commands, clock
from .refusal import Refusal
from .unit_of_work import unit_of_work

# Tomorrow's route reaches the phone only once the coordinator published it.
NEXT_DAY_STATUSES = (RoutePlanStatus.PUBLISHED,)
# Easter and Christmas leave at most four days off in a row; a week covers them.
NEXT_ROUTE_WITHIN_DAYS = 7
# A phone clock may run a little fast; more than this is a wrong clock, not drift.
CLOCK_DRIFT = timedelta(minutes=5)


@dataclass(frozen=True)
class FieldStop:
    """The minimum a visit needs at the door. Never health, addiction or case notes."""

    visit_id: int
    seq: int
    eta: time
    name: str
    address: str
    lat: float | None
    lon: float | None
    access_notes: str
    # What the worker must know before ringing the bell (domain/safety.py), never why.
    safety_flags: tuple[SafetyFlag, ...]
    safety_note: str
    needs_pair: bool
    state: str  # todo | done | not_met
    outcome: str | None


@dataclass(frozen=True)
class FieldRoute:
    day: date
    status: str
    stops: list[FieldStop]


def stop_state(outcome: str | None) -> str:
    """A stop's state on the phone for a visit outcome: todo, done (contact) or not_met.
    The phone shows a confirmed outcome with the state the server's receipt names."""
    if outcome is None:
        return "todo"
    contact = domain.attempt_outcome_for_visit(VisitOutcome(outcome)) == AttemptOutcome.CONTACT
    return "done" if contact else "not_met"


def _route(user: User, day: date, statuses: tuple[RoutePlanStatus, ...]) -> FieldRoute | None:
    if user.team_id is None:
        return None
    plan = db.session.scalar(
        select(RoutePlan)
        .where(RoutePlan.team_id == user.team_id, RoutePlan.day == day,
               RoutePlan.status.in_(statuses))
        .options(selectinload(RoutePlan.stops).selectinload(RouteStop.visit)
                 .selectinload(Visit.case).selectinload(Case.citizen))
    )
    if plan is None:
        return None
    stops = []
    for stop in plan.stops:
        if (stop.visit.status == VisitStatus.CANCELLED
                or not CaseStatus(stop.visit.case.status).active):
            continue  # contact was made elsewhere: nobody goes there, nobody sees the address
        citizen = stop.visit.case.citizen
        stops.append(FieldStop(
            visit_id=stop.visit_id, seq=stop.seq, eta=stop.arrival, name=citizen.full_name,
            address=citizen.full_address, lat=citizen.lat, lon=citizen.lon,
            access_notes=citizen.access_notes,
            safety_flags=tuple(parse_flags(citizen.safety_flags or ())),
            safety_note=citizen.door_safety_note, needs_pair=stop.visit.needs_pair,
            state=stop_state(stop.visit.outcome), outcome=stop.visit.outcome,
        ))
        audit.record("citizen.view", object_type="visit", object_id=stop.visit_id,
                     citizen_id=citizen.id, details={"via": "field_route"})
    return FieldRoute(day=day, status=plan.status, stops=stops)


def todays_route(user: User, day: date) -> list[FieldStop]:
    """The stops of the user's team on `day`, in route order; each citizen shown is audited."""
    with unit_of_work():
        route = _route(user, day, FIELD_ROUTE_STATUSES)
    return route.stops if route else []


def _next_day(user: User, today: date) -> date | None:
    """The team's next day after `today` with a published route, within a week."""
    if user.team_id is None:
        return None
    return db.session.scalar(
        select(func.min(RoutePlan.day))
        .where(RoutePlan.team_id == user.team_id, RoutePlan.day > today,
               RoutePlan.day <= today + timedelta(days=NEXT_ROUTE_WITHIN_DAYS),
               RoutePlan.status.in_(NEXT_DAY_STATUSES)))


def worker_routes(user: User, today: date) -> tuple[FieldRoute | None, FieldRoute | None]:
    """Today's route, and the next working day's once it is published (after a weekend or
    a holiday that is not tomorrow); every citizen shown is audited."""
    with unit_of_work():
        next_day = _next_day(user, today)
        return (_route(user, today, FIELD_ROUTE_STATUSES),
                _route(user, next_day, NEXT_DAY_STATUSES) if next_day else None)


def assigned_visit(user: User, visit_id: int) -> Visit | None:
    """The visit if it is on one of the user's team's field routes, else None (a 404)."""
    if user.team_id is None:
        return None
    return db.session.scalar(
        select(Visit).join(RouteStop, RouteStop.visit_id == Visit.id)
        .join(RoutePlan, RoutePlan.id == RouteStop.route_plan_id)
        .where(Visit.id == visit_id, RoutePlan.team_id == user.team_id,
               RoutePlan.status.in_(FIELD_ROUTE_STATUSES))
    )


# -- outcomes from the phone ------------------------------------------------------------------

@dataclass(frozen=True)
class OutcomeSubmission:
    """One outcome as the phone recorded it (already checked for form by the API view)."""

    client_id: str
    visit_id: int
    outcome: VisitOutcome
    recorded_at: datetime
    explanation: str = ""
    reason_category: AbsenceReason | None = None
    updated_phone: str | None = None
    next_step: str = ""
    card_left: bool | None = None
    # The on-phone check "within 100 m of the address": yes/no only, never a position.
    near_address: bool | None = None
    # The user who recorded it on the phone. Not part of the content: it only decides
    # under whose session the outcome may be sent (a shared phone, another login).
    recorded_by: int | None = None

    def canonical(self) -> dict:
        data = asdict(self)
        del data["recorded_by"]
        data["outcome"] = self.outcome.value
        data["reason_category"] = self.reason_category.value if self.reason_category else None
        data["recorded_at"] = self.recorded_at.astimezone(UTC).isoformat()
        return data

    def digest(self) -> str:
        text = json.dumps(self.canonical(), sort_keys=True, ensure_ascii=True)
        return hashlib.sha256(text.encode()).hexdigest()


class ClientIdReused(Exception):
    """The client id was stored before with different content; the first one stands."""


class RecordedByAnother(Exception):
    """The outcome was recorded by another user of the phone; it waits for their login."""


class CaseBusy(Exception):
    """The case changed under this outcome; nothing was stored, a retry will go through."""


@dataclass(frozen=True)
class Receipt:
    """The server's answer for one client id; a repeat of the same outcome gets it again."""

    client_id: str
    visit_id: int
    result: str  # applied | conflict
    note: str | None
    received_at: datetime


def _receipt(row: FieldOutcome) -> Receipt:
    return Receipt(client_id=row.client_id, visit_id=row.visit_id, result=row.result,
                   note=row.note, received_at=clock.as_utc(row.received_at))


def _stored(client_id: str) -> FieldOutcome | None:
    return db.session.scalar(select(FieldOutcome).where(FieldOutcome.client_id == client_id))


def _answer_for_repeat(row: FieldOutcome, digest: str) -> Receipt:
    if row.payload_hash != digest:
        raise ClientIdReused(row.client_id)
    return _receipt(row)


def _conflict_code(error: Exception) -> str:
    if isinstance(error, Refusal):
        return error.code[:40]
    return str(error.issues[0].code)[:40] if error.issues else "refused"


def _row(sub: OutcomeSubmission, digest: str, user: User, visit: Visit, result: str,
         note: str | None) -> FieldOutcome:
    return FieldOutcome(
        client_id=sub.client_id, payload_hash=digest, payload=sub.canonical(),
        user_id=user.id, visit_id=visit.id, case_id=visit.case_id,
        outcome=sub.outcome.value, recorded_at=sub.recorded_at,
        received_at=clock.now().astimezone(UTC),
        result=result, note=note, flagged=result == "conflict",
    )


def submit_outcome(user: User, sub: OutcomeSubmission) -> Receipt:
    """Store the outcome once under its client id and put it into the case's ladder.

    Raises RecordedByAnother when the phone says another user recorded it (it is never
    stored under this user's name), LookupError for a visit that is not on the user's
    routes (nothing stored), ClientIdReused for a known client id with other content,
    CaseBusy when the case changed concurrently (retry). A business refusal is stored as
    a flagged conflict.

    Two units of work at most, both opened here (the ladder's command joins the first):
    the outcome with its ladder step, and, when the ladder refuses it, the conflict in
    its place. So a refused outcome leaves nothing of itself, and its conflict is kept.
    """
    if sub.recorded_by is not None and sub.recorded_by != user.id:
        raise RecordedByAnother(sub.client_id)
    digest = sub.digest()
    known = _stored(sub.client_id)
    if known is not None:  # the common repeat: answered without touching the case
        return _answer_for_repeat(known, digest)
    visit = assigned_visit(user, sub.visit_id)
    if visit is None:
        raise LookupError(sub.visit_id)
    visit_id = visit.id
    try:
        return _store_once(sub, digest, lambda: _apply(user, sub, digest, visit))
    except case_commands.StaleCase as error:
        raise CaseBusy() from error
    except (domain.Refused, Refusal) as error:
        code = _conflict_code(error)
    return _store_once(sub, digest, lambda: _conflict(user, sub, digest, visit_id, code))


def _store_once(sub: OutcomeSubmission, digest: str,
                store: Callable[[], FieldOutcome]) -> Receipt:
    """Run `store` as one unit of work. Its first write is the outcome's row: a concurrent
    request with the same client id blocks on the constraint until the other unit ends,
    then this unit rolls back and the answer is what the other one stored."""
    try:
        with unit_of_work():
            row = store()
    except IntegrityError:
        known = _stored(sub.client_id)
        if known is None:  # another constraint: not a repeat
            raise
        return _answer_for_repeat(known, digest)
    return _receipt(row)


def _insert(row: FieldOutcome) -> FieldOutcome:
    db.session.add(row)
    db.session.flush()  # the insert goes first (see _store_once)
    return row


def _apply(user: User, sub: OutcomeSubmission, digest: str, visit: Visit) -> FieldOutcome:
    """The outcome and its ladder step (case_commands.record_visit_outcome, a command
    that joins this unit): raises the ladder's refusal, with nothing of it saved."""
    case_id, visit_id, citizen_id = visit.case_id, visit.id, visit.case.citizen_id
    row = _insert(_row(sub, digest, user, visit, "applied", None))
    audit.record("visit.field_outcome", object_type="visit", object_id=visit_id,
                 citizen_id=citizen_id, user=user, details={"outcome": sub.outcome.value})
    local = sub.recorded_at.astimezone(clock.zone())
    details = case_commands.VisitOutcomeDetails(
        at=sub.recorded_at, reason_category=sub.reason_category,
        updated_phone=sub.updated_phone, next_step=sub.next_step,
        near_address=sub.near_address)
    case_commands.record_visit_outcome(
        case_id, None, visit_id, sub.outcome, local.date(), sub.explanation,
        bool(sub.card_left), user, clock.today(), details=details)
    return row


def _conflict(user: User, sub: OutcomeSubmission, digest: str, visit_id: int,
              code: str) -> FieldOutcome:
    """Keep the outcome on the case, flagged for the coordinator; the phone is told so."""
    visit = db.session.get(Visit, visit_id)
    row = _insert(_row(sub, digest, user, visit, "conflict", code))
    audit.record("visit.field_conflict", object_type="visit", object_id=visit_id,
                 citizen_id=visit.case.citizen_id, user=user,
                 details={"outcome": sub.outcome.value, "note": code})
    return row


def flagged_outcomes(case_id: int) -> list[FieldOutcome]:
    """Outcomes from the field that could not go into the ladder and wait for the coordinator."""
    return list(db.session.scalars(
        select(FieldOutcome).where(FieldOutcome.case_id == case_id, FieldOutcome.flagged)
        .order_by(FieldOutcome.received_at)))


@unit_of_work()
def mark_handled(outcome_id: int, user: User) -> FieldOutcome:
    """The coordinator has dealt with a flagged field outcome (LookupError: unknown)."""
    row = db.session.get(FieldOutcome, outcome_id)
    if row is None or not row.flagged:
        raise LookupError(outcome_id)
    row.flagged = False
    row.handled_at = clock.now()
    row.handled_by_id = user.id
    case = db.session.get(Case, row.case_id)
    audit.record("visit.field_conflict_handled", object_type="visit", object_id=row.visit_id,
                 citizen_id=case.citizen_id if case else None, user=user)
    return row
