"""What comes back from Twilio: status callbacks and the citizens' replies.

Every callback is stored as an SmsEvent. A callback can only move a message forward
(domain.sms_states.status_after_callback), so repeated and out-of-order callbacks keep a
final state. A reply is matched to the citizen by the normalised number and attached to
the open case as contact on the SMS rung; STOP / AFMELD opt out, START opts back in. A
reply from an unknown number is kept for the coordinator. Nothing is ever answered
automatically.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import or_, select

from .. import domain
from ..domain.lifecycle import ACTIVE_CASE_STATUSES
from ..domain.phones import InvalidPhoneNumber, normalise_phone
from ..domain.sms_states import InboundKind, SmsStatus, classify_inbound, status_after_callback
from ..domain.vocabulary import AttemptOutcome, Rung
from ..extensions import db
from ..models import Case, Citizen, SmsEvent, SmsMessage, User
from ..sms.backends import UNSUBSCRIBED
from . import audit, case_commands, case_state, clock
from .sms_worker import opt_out
from .unit_of_work import unit_of_work

log = logging.getLogger(__name__)



class MalformedCallback(ValueError):
    """The request lacks what Twilio always sends; answered with 400."""


def _error_code(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


@unit_of_work()
def apply_status_callback(form: dict[str, str], message_id: str | None,
                          idempotency_token: str | None = None) -> bool:
    """Apply one status callback; True when it moved a message. Unknown messages are
    logged and stored, nothing else changes (the caller answers 200 all the same)."""
    form = {k: v.replace("\x00", "") for k, v in form.items()}
    sid = form.get("MessageSid") or form.get("SmsSid")
    status = form.get("MessageStatus") or form.get("SmsStatus")
    if not sid or not status:
        raise MalformedCallback("MessageSid and MessageStatus are required")
    code = _error_code(form.get("ErrorCode"))
    message = None
    if message_id and message_id.isdigit():
        message = db.session.scalar(select(SmsMessage).where(SmsMessage.id == int(message_id))
                                    .with_for_update())
        if message is not None and message.provider_sid not in (None, sid):
            log.warning("status callback: SID does not match message %s; ignored", message.id)
            message = None
    if message is None:
        message = db.session.scalar(select(SmsMessage).where(SmsMessage.provider_sid == sid)
                                    .with_for_update())
    event = SmsEvent(message_id=message.id if message else None, kind="status",
                     provider_sid=sid[:64], provider_status=status[:20], error_code=code,
                     details={"idempotency_token": (idempotency_token or "")[:80]})
    db.session.add(event)
    if message is None or message.direction != "out":
        log.warning("status callback for an unknown message SID; stored, nothing changed")
        return False
    now = datetime.now(UTC)
    if message.provider_sid is None:
        message.provider_sid = sid
    new = status_after_callback(SmsStatus(message.status), status)
    if new is not None:
        message.status = new.value
        message.status_at = now
        if code:
            message.error_code = code
        event.applied = True
    if code == UNSUBSCRIBED and message.citizen_id is not None:
        opt_out(db.session.get(Citizen, message.citizen_id), "twilio_21610", now)
    return event.applied


@dataclass(frozen=True)
class InboundResult:
    message: SmsMessage
    kind: InboundKind
    citizen_id: int | None
    case_id: int | None
    duplicate: bool = False


def _citizen_for(number: str) -> Citizen | None:
    matches = list(db.session.scalars(select(Citizen).where(
        or_(Citizen.phone_mobile == number, Citizen.phone_other == number)).limit(2)))
    # Two citizens on one number: the coordinator decides, the system does not guess.
    return matches[0] if len(matches) == 1 else None


def _open_case(citizen: Citizen) -> Case | None:
    return db.session.scalar(select(Case).where(Case.citizen_id == citizen.id,
                                                Case.status.in_(ACTIVE_CASE_STATUSES))
                             .order_by(Case.no_show_date.desc(), Case.id.desc()).limit(1))


@unit_of_work()
def receive_inbound(form: dict[str, str]) -> InboundResult:
    """Store a citizen's SMS and act on it (opt-out, opt-in, or contact on the open case).

    One unit of work: the message, its event and the ladder step it may be commit once.
    """
    # PostgreSQL text cannot hold NUL: a stray one must not lose the reply.
    form = {k: v.replace("\x00", "") for k, v in form.items()}
    sid = (form.get("MessageSid") or form.get("SmsSid") or "").strip()
    raw_from = (form.get("From") or "").strip()
    body = form.get("Body")
    if not sid or not raw_from or body is None:
        raise MalformedCallback("MessageSid, From and Body are required")
    try:
        number = normalise_phone(raw_from)
    except InvalidPhoneNumber as error:
        raise MalformedCallback("From is not a phone number") from error
    existing = db.session.scalar(select(SmsMessage).where(SmsMessage.provider_sid == sid))
    if existing is not None:  # Twilio retried the webhook: the first delivery counts
        return InboundResult(existing, classify_inbound(existing.body or ""),
                             existing.citizen_id, existing.case_id, duplicate=True)
    citizen = _citizen_for(number)
    kind = classify_inbound(body)
    now = datetime.now(UTC)
    message = SmsMessage(direction="in", purpose="reply", citizen_id=citizen.id if citizen
                         else None, to_number=(form.get("To") or "")[:20],
                         from_number=number, body=body[:1600], status=SmsStatus.RECEIVED.value,
                         provider_sid=sid[:64], due_at=now)
    db.session.add(message)
    event = SmsEvent(kind="inbound", provider_sid=sid[:64], applied=True,
                     details={"kind": kind.value, "matched": citizen is not None})
    db.session.add(event)
    case = None
    if citizen is not None:
        if kind == InboundKind.OPT_OUT:
            opt_out(citizen, "sms_reply", now)
            message.read_at = now  # nothing for the coordinator to answer
        elif kind == InboundKind.OPT_IN and citizen.sms_opt_out:
            citizen.sms_opt_out = False
            audit.record("citizen.sms_opt_in", object_type="citizen", object_id=citizen.id,
                         citizen_id=citizen.id, username="sms", details={"source": "sms_reply"})
            message.read_at = now
        elif kind == InboundKind.REPLY:
            case = _open_case(citizen)
            if case is not None:
                message.case_id = case.id
                _record_contact(case)
    db.session.flush()
    event.message_id = message.id
    return InboundResult(message, kind, citizen.id if citizen else None,
                         case.id if case else None)


def _record_contact(case: Case) -> None:
    """The reply is contact with the citizen on the SMS rung, when the ladder allows it
    (e.g. not before a prompt was sent); otherwise it stays a reply on the case."""
    today = clock.today()
    try:
        case_commands.record_attempt(case, case_commands.NewAttempt(
            Rung.SMS_PROMPT, AttemptOutcome.CONTACT, today,
            notes="The citizen replied by SMS."), None, today)
    except domain.Refused:
        return
    case_state.refresh(case, today)


# -- the coordinator's lists -------------------------------------------------------------------

@dataclass(frozen=True)
class Desk:
    """The coordinator's SMS desk: new replies, messages whose fate is unknown, recent sends."""

    replies: list[SmsMessage]
    unknown: list[SmsMessage]
    recent: list[SmsMessage]

    @property
    def messages(self) -> list[SmsMessage]:
        return [*self.replies, *self.unknown, *self.recent]


def desk() -> Desk:
    """The desk's lists. They show message texts and names: a read of those citizens'
    data, audited."""
    with unit_of_work():
        shown = Desk(new_replies(), unknown_messages(), recent_outbound())
        for citizen_id in sorted({m.citizen_id for m in shown.messages if m.citizen_id}):
            audit.record("sms.list", object_type="citizen", object_id=citizen_id,
                         citizen_id=citizen_id)
    return shown


def new_replies(limit: int = 200) -> list[SmsMessage]:
    return list(db.session.scalars(
        select(SmsMessage).where(SmsMessage.direction == "in", SmsMessage.read_at.is_(None))
        .order_by(SmsMessage.created_at.desc()).limit(limit)))


@unit_of_work()
def mark_read(message_id: int, user: User) -> bool:
    message = db.session.get(SmsMessage, message_id)
    if message is None or message.direction != "in":
        return False
    if message.read_at is None:
        message.read_at = datetime.now(UTC)
        message.read_by_id = user.id
        audit.record("sms.reply_read", object_type="sms", object_id=message.id,
                     citizen_id=message.citizen_id, user=user)
    return True


def unknown_messages() -> list[SmsMessage]:
    return list(db.session.scalars(
        select(SmsMessage).where(SmsMessage.status == SmsStatus.UNKNOWN.value)
        .order_by(SmsMessage.sending_at)))


def recent_outbound(limit: int = 100) -> list[SmsMessage]:
    return list(db.session.scalars(
        select(SmsMessage).where(SmsMessage.direction == "out")
        .order_by(SmsMessage.id.desc()).limit(limit)))


def messages_of_case(case_id: int) -> list[SmsMessage]:
    return list(db.session.scalars(select(SmsMessage).where(SmsMessage.case_id == case_id)
                                   .order_by(SmsMessage.id)))
