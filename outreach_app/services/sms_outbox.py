"""Queuing SMS in the caller's unit of work: the contact prompt, appointment reminders.

Nothing here sends. A message is an SmsMessage row written in the same transaction as
the ladder step or appointment that caused it (transactional outbox); `flask outbox-run`
delivers it. The enqueue key (case or appointment, purpose, due time) is unique in the
database, so the same prompt or reminder cannot be queued twice.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from ..domain import sms_content
from ..domain.dates import implausible
from ..domain.sms_content import TemplateKey
from ..domain.sms_states import PENDING, QuietHours, SmsStatus
from ..extensions import db
from ..models import (
    Appointment,
    Case,
    Citizen,
    ContactAttempt,
    Office,
    SmsMessage,
    SmsTemplate,
    User,
)
from . import audit, case_facts, clock
from .refusal import Refusal
from .unit_of_work import unit_of_work

# A prompt nobody could send for three days is stale: the ladder has moved on.
PROMPT_USEFUL_FOR = timedelta(days=3)
# A reminder is useless once the meeting is this close.
REMINDER_STOPS_BEFORE = timedelta(minutes=30)


def _settings():
    return current_app.config["SETTINGS"]


def quiet_hours() -> QuietHours:
    s = _settings()
    return QuietHours.parse(s.sms_quiet_hours, s.timezone)


def template(key: TemplateKey) -> SmsTemplate:
    row = db.session.scalar(select(SmsTemplate).where(SmsTemplate.key == key.value,
                                                      SmsTemplate.locale == "da"))
    if row is None:
        raise LookupError(f"SMS template {key.value!r} is not installed (run init-db)")
    return row


def office_name() -> str:
    name = db.session.scalar(select(Office.name).order_by(Office.id).limit(1))
    return name or "Jobcenteret"


def placeholder_values(**extra: str) -> dict[str, str]:
    return {"office_phone": _settings().office_phone, "office": office_name(), **extra}


def enqueue(*, purpose: str, key: str, citizen: Citizen, body: str, due_at: datetime,
            expires_at: datetime | None, case_id: int | None = None,
            appointment_id: int | None = None, attempt_id: int | None = None,
            queued_at: datetime | None = None) -> SmsMessage:
    """Add one outbound message to the session (the caller commits it with its change).

    The same enqueue key returns the message already queued instead of a second one.
    A message due in the quiet hours is deferred to the morning, not dropped.
    `queued_at` is when the step that queued it was taken (default: now).
    """
    existing = db.session.scalar(select(SmsMessage).where(SmsMessage.enqueue_key == key))
    if existing is not None:
        return existing
    quiet = quiet_hours()
    status = SmsStatus.DEFERRED if quiet.is_quiet(due_at) else SmsStatus.QUEUED
    message = SmsMessage(
        direction="out", purpose=purpose, enqueue_key=key, citizen_id=citizen.id,
        case_id=case_id, appointment_id=appointment_id, attempt_id=attempt_id,
        to_number=citizen.phone_mobile or "", body=body, status=status.value,
        due_at=quiet.next_allowed(due_at).astimezone(UTC),
        expires_at=expires_at.astimezone(UTC) if expires_at else None,
        **({"created_at": queued_at.astimezone(UTC)} if queued_at else {}),
    )
    db.session.add(message)
    return message


def _voluntary(case: Case) -> bool:
    return any(p.meetings_voluntary and p.covers(case.no_show_date)
               for p in case_facts.suspension_periods())


def queue_contact_prompt(case: Case, attempt: ContactAttempt, now: datetime) -> SmsMessage:
    """The nem-SMS rung: queue the neutral "please contact us" prompt with the ladder step.

    Inside a suspension period where meetings are voluntary, the voluntary wording is used.
    """
    key = (TemplateKey.CONTACT_PROMPT_VOLUNTARY if _voluntary(case)
           else TemplateKey.CONTACT_PROMPT)
    body = sms_content.render_message(template(key).body, placeholder_values())
    return enqueue(
        purpose="contact_prompt", key=f"case:{case.id}:contact_prompt:{attempt.occurred_on}",
        citizen=case.citizen, body=body, due_at=now, expires_at=now + PROMPT_USEFUL_FOR,
        case_id=case.id, attempt_id=attempt.id, queued_at=now)


def clear_pending(*, case_id: int | None = None, appointment_id: int | None = None,
                  purpose: str | None = None) -> int:
    """Messages not yet handed to the provider that are no longer needed become cleared."""
    query = select(SmsMessage).where(SmsMessage.direction == "out",
                                     SmsMessage.status.in_([s.value for s in PENDING]))
    if case_id is not None:
        query = query.where(SmsMessage.case_id == case_id)
    if appointment_id is not None:
        query = query.where(SmsMessage.appointment_id == appointment_id)
    if purpose is not None:
        query = query.where(SmsMessage.purpose == purpose)
    now = datetime.now(UTC)
    rows = list(db.session.scalars(query.with_for_update()))
    for row in rows:
        row.status = SmsStatus.CLEARED.value
        row.status_at = now
    return len(rows)


# -- appointments and their reminders ---------------------------------------------------------

def _reminders(appointment: Appointment, citizen: Citizen, now: datetime) -> list[SmsMessage]:
    starts_at = clock.as_utc(appointment.starts_at)
    local = starts_at.astimezone(ZoneInfo(quiet_hours().zone))
    values = placeholder_values(date=_danish_date(local), time=local.strftime("%H:%M"))
    queued = []
    for key in (TemplateKey.REMINDER_DAYS, TemplateKey.REMINDER_HOURS):
        row = template(key)
        if not row.lead_minutes:
            continue
        due = starts_at - timedelta(minutes=row.lead_minutes)
        if due <= now:
            continue  # booked too late for this reminder
        queued.append(enqueue(
            purpose=key.value,
            key=f"appointment:{appointment.id}:{key.value}:{due.astimezone(UTC).isoformat()}",
            citizen=citizen, body=sms_content.render_message(row.body, values), due_at=due,
            expires_at=starts_at - REMINDER_STOPS_BEFORE,
            case_id=appointment.case_id, appointment_id=appointment.id))
    return queued


_WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
_MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
           "september", "oktober", "november", "december")


def _danish_date(local: datetime) -> str:
    return f"{_WEEKDAYS[local.weekday()]} den {local.day}. {_MONTHS[local.month - 1]}"


@unit_of_work()
def book_appointment(citizen: Citizen, starts_at: datetime, user: User,
                     case_id: int | None = None) -> Appointment:
    """Record a job-centre meeting and queue its reminders, in one unit of work.

    Refused (Refusal "meeting_past" on starts_at, "reminder_too_long" when a reminder would
    not fit one SMS); nothing is saved then.
    """
    now = datetime.now(UTC)
    starts_at = starts_at.astimezone(UTC)  # stored in UTC on every database
    if starts_at <= now:
        raise Refusal("meeting_past", "starts_at")
    if implausible(starts_at.astimezone(clock.zone()).date(), clock.today()):
        raise Refusal("outside_window", "starts_at")
    appointment = Appointment(citizen_id=citizen.id, case_id=case_id, starts_at=starts_at,
                              created_by_id=user.id if user else None)
    db.session.add(appointment)
    db.session.flush()
    reminders = []
    if citizen.phone_mobile and not citizen.sms_opt_out:
        try:
            reminders = _reminders(appointment, citizen, now)
        except sms_content.MessageTooLong as error:  # the meeting is rolled back with it
            raise Refusal("reminder_too_long", "starts_at") from error
    audit.record("appointment.create", object_type="appointment", object_id=appointment.id,
                 citizen_id=citizen.id, user=user, details={"reminders": len(reminders)})
    return appointment


@unit_of_work()
def cancel_appointment(appointment: Appointment, user: User) -> int:
    """Cancel the meeting; reminders not yet sent are cleared. Returns how many."""
    if appointment.status == "cancelled":
        return 0
    appointment.status = "cancelled"
    appointment.cancelled_at = datetime.now(UTC)
    cleared = clear_pending(appointment_id=appointment.id)
    audit.record("appointment.cancel", object_type="appointment", object_id=appointment.id,
                 citizen_id=appointment.citizen_id, user=user, details={"cleared": cleared})
    return cleared


def view_appointments(citizen_id: int) -> list[Appointment]:
    """The citizen's meetings for their page; the read is audited."""
    with unit_of_work():
        audit.record("appointment.list", object_type="citizen", object_id=citizen_id,
                     citizen_id=citizen_id)
        return appointments_of(citizen_id)


def appointments_of(citizen_id: int) -> list[Appointment]:
    return list(db.session.scalars(select(Appointment)
                                   .where(Appointment.citizen_id == citizen_id)
                                   .order_by(Appointment.starts_at.desc())))
