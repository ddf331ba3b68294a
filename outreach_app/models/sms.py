"""Outbound and inbound SMS, every provider callback, templates and the forbidden-term list."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..domain.sms_states import SmsStatus
from ..extensions import db
from ._base import UtcDateTime, one_of, utcnow

SMS_STATUSES = tuple(s.value for s in SmsStatus)
SMS_PURPOSES = ("contact_prompt", "reminder_days", "reminder_hours", "reply")


class SmsMessage(db.Model):
    """One SMS. Outbound rows are written in the same transaction as the step that caused
    them (transactional outbox) and delivered by `flask outbox-run` workers."""

    __tablename__ = "sms_messages"
    __table_args__ = (
        one_of("direction", ("out", "in")),
        one_of("status", SMS_STATUSES),
        one_of("purpose", SMS_PURPOSES),
        Index("ix_sms_messages_status_due_at", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[str] = mapped_column(String(3))
    purpose: Mapped[str] = mapped_column(String(20))
    # (case or appointment, purpose, due time): the same prompt cannot be queued twice.
    enqueue_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointments.id"),
                                                       index=True)
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("contact_attempts.id"))
    to_number: Mapped[str] = mapped_column(String(20))
    from_number: Mapped[str | None] = mapped_column(String(40))
    # Removed after the retention period; state and times stay.
    body: Mapped[str | None] = mapped_column(Text)
    body_purged_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(16), default=SmsStatus.QUEUED.value)
    status_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # When the request to the provider left: the start of the reconciliation window.
    sending_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    tries: Mapped[int] = mapped_column(Integer, default=0)
    provider_sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    error_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # Inbound: the coordinator has seen the reply.
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    read_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class SmsEvent(db.Model):
    """Every provider callback as it arrived (without message text or numbers)."""

    __tablename__ = "sms_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("sms_messages.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # status | inbound | reconcile
    provider_sid: Mapped[str | None] = mapped_column(String(64), index=True)
    provider_status: Mapped[str | None] = mapped_column(String(20))
    error_code: Mapped[int | None] = mapped_column(Integer)
    # Whether the event moved the message (False: repeated, out of order, unknown SID).
    applied: Mapped[bool] = mapped_column(Boolean, default=False)
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class SmsTemplate(db.Model):
    """An admin-edited Danish template; reminders also carry how long before the meeting."""

    __tablename__ = "sms_templates"
    __table_args__ = (UniqueConstraint("key", "locale", name="uq_sms_templates_key_locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40))
    locale: Mapped[str] = mapped_column(String(8), default="da")
    body: Mapped[str] = mapped_column(Text)
    lead_minutes: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class SmsForbiddenTerm(db.Model):
    """A word or {placeholder} no template may contain (maintained by admins)."""

    __tablename__ = "sms_forbidden_terms"

    id: Mapped[int] = mapped_column(primary_key=True)
    term: Mapped[str] = mapped_column(String(60), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
