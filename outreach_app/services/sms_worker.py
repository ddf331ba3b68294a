"""The outbox worker: claims due messages, sends each at most once, reconciles the unknown.

Never twice (see the README): a message is marked ``sending`` in a unit of work of its own
(services.unit_of_work), committed *before* the request leaves, guarded by "still claimed
by me". Whatever happens after that, the message is never sent again blindly: a lost
answer leaves it ``unknown`` until the provider's own records (a status callback carrying
our id, or its message list) say whether it exists. On PostgreSQL several workers share
the queue with ``SELECT ... FOR UPDATE SKIP LOCKED``. Each step of a pass (claim, mark,
record the answer, each housekeeping sweep) is one unit; no request to the provider is
made inside a unit except the reconciling look-ups, which hold their rows' locks.

It lives among the services, not in ``sms/`` with the backends it drives: it writes the
ladder's skipped rungs and the audit trail, and commits through the services' units.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update

from ..domain.sms_states import (
    CLAIMABLE,
    FINAL,
    LEFT,
    PROVIDER_STATUS,
    QuietHours,
    SmsStatus,
    retry_delay,
)
from ..domain.vocabulary import AttemptOutcome, Rung
from ..extensions import db
from ..models import AuditEvent, Citizen, ContactAttempt, SmsEvent, SmsMessage
from ..sms.backends import LookupFailed, OutboundSms, OutcomeKind, SendOutcome, SmsBackend
from . import clock
from .unit_of_work import unit_of_work

log = logging.getLogger(__name__)

MAX_TRIES = 8  # temporary errors: about an hour and a half of backoff, then failed
CLAIM_LEASE = timedelta(minutes=5)  # a claim older than this belonged to a dead worker
SENDING_TIMEOUT = timedelta(minutes=2)  # well past the HTTP timeout: the answer is lost
RECONCILE_AFTER = timedelta(minutes=10)  # give Twilio's records time to show the message
NO_RECEIPT_AFTER = timedelta(hours=72)
MIN_VALIDITY = 60


def utcnow() -> datetime:
    return datetime.now(UTC)


def status_callback_url(public_base_url: str | None, message_id: int) -> str | None:
    """Our own id in the callback URL: a callback identifies the message even when the
    answer to the create request was lost."""
    if not public_base_url:
        return None
    return f"{public_base_url}/webhooks/twilio/status?message={message_id}"


def set_status(message: SmsMessage, status: SmsStatus, now: datetime) -> None:
    message.status = status.value
    message.status_at = now


def opt_out(citizen: Citizen, source: str, now: datetime) -> None:
    """The citizen gets no more SMS; audited like any change of personal data."""
    if citizen.sms_opt_out:
        return
    citizen.sms_opt_out = True
    db.session.add(AuditEvent(action="citizen.sms_opt_out", object_type="citizen",
                              object_id=citizen.id, citizen_id=citizen.id,
                              username="sms", details={"source": source}))


def record_skip_on_ladder(message: SmsMessage, now: datetime) -> None:
    """A prompt skipped for opt-out corrects its ladder entry: the rung shows 'skipped'."""
    if message.attempt_id is None:
        return
    attempt = db.session.get(ContactAttempt, message.attempt_id)
    if attempt is None or attempt.outcome != AttemptOutcome.SENT.value:
        return
    already = db.session.scalar(select(ContactAttempt.id)
                                .where(ContactAttempt.corrects_id == attempt.id))
    if already:
        return
    correction = ContactAttempt(case_id=attempt.case_id, rung=Rung.SMS_PROMPT.value,
                                outcome=AttemptOutcome.SKIPPED.value,
                                occurred_on=attempt.occurred_on, corrects_id=attempt.id,
                                notes="SMS not sent: the citizen has opted out of SMS.")
    db.session.add(correction)
    db.session.add(AuditEvent(action="attempt.create", object_type="case",
                              object_id=attempt.case_id, username="sms",
                              details={"rung": Rung.SMS_PROMPT.value,
                                       "outcome": AttemptOutcome.SKIPPED.value,
                                       "corrects": attempt.id}))


@dataclass
class PassResult:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, n: int = 1) -> None:
        if n:
            self.counts[key] = self.counts.get(key, 0) + n


class OutboxWorker:
    """One worker process's loop over the outbox."""

    def __init__(self, backend: SmsBackend, settings, *, worker_id: str | None = None,
                 batch_size: int = 20, clock=utcnow, reconcile_after=RECONCILE_AFTER):
        self.backend = backend
        self.settings = settings
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.batch_size = batch_size
        self._clock = clock
        self.quiet = QuietHours.parse(settings.sms_quiet_hours, settings.timezone)
        self.zone = ZoneInfo(settings.timezone)
        self.reconcile_after = reconcile_after

    def now(self) -> datetime:
        # Always UTC: SQLite would store another zone's wall-clock time as if it were UTC.
        return self._clock().astimezone(UTC)

    # -- one pass ------------------------------------------------------------------------

    def run_once(self) -> PassResult:
        """Housekeeping, then claim and send everything due, batch after batch."""
        result = PassResult()
        self.release_stale(result)
        self.reconcile_unknown(result)
        self.sweep_no_receipt(result)
        self.purge_bodies(result)
        while True:
            ids = self.claim(result)
            for message_id in ids:
                self.deliver(message_id, result)
            if len(ids) < self.batch_size:
                break
        return result

    def run_forever(self, poll_seconds: float = 5.0, should_stop=lambda: False) -> None:
        while not should_stop():
            try:
                result = self.run_once()
                if result.counts:
                    log.info("outbox pass: %s", result.counts)
            except Exception:  # a bad pass must not end the worker; the next one retries
                log.exception("outbox pass failed")  # its unit has rolled back
            deadline = time.monotonic() + poll_seconds
            while time.monotonic() < deadline and not should_stop():
                time.sleep(min(0.2, poll_seconds))

    # -- claiming ------------------------------------------------------------------------

    def _daily_count(self, citizen_id: int, now: datetime) -> int:
        local_midnight = datetime.combine(self.quiet.local_day(now), clock_time(0),
                                          tzinfo=self.zone)
        return db.session.scalar(
            select(func.count(SmsMessage.id)).where(
                SmsMessage.citizen_id == citizen_id,
                SmsMessage.direction == "out",
                SmsMessage.status.in_([s.value for s in LEFT | {SmsStatus.CLAIMED}]),
                func.coalesce(SmsMessage.sending_at, SmsMessage.claimed_at)
                >= local_midnight.astimezone(UTC),
            )) or 0

    @unit_of_work()
    def claim(self, result: PassResult) -> list[int]:
        """Take due messages for this worker; the time rules may defer, skip or expire them."""
        now = self.now()
        rows = list(db.session.scalars(
            select(SmsMessage)
            .where(SmsMessage.direction == "out",
                   SmsMessage.status.in_([s.value for s in CLAIMABLE]),
                   SmsMessage.due_at <= now)
            .order_by(SmsMessage.due_at, SmsMessage.id)
            .limit(self.batch_size)
            .with_for_update(skip_locked=True)))
        if not rows:
            return []
        # Citizens locked in id order: the daily cap holds across workers, without deadlocks.
        citizen_ids = sorted({r.citizen_id for r in rows if r.citizen_id is not None})
        citizens = {c.id: c for c in db.session.scalars(
            select(Citizen).where(Citizen.id.in_(citizen_ids)).order_by(Citizen.id)
            .with_for_update())} if citizen_ids else {}
        claimed: list[int] = []
        for row in rows:
            citizen = citizens.get(row.citizen_id)
            if row.expires_at is not None and clock.as_utc(row.expires_at) <= now:
                set_status(row, SmsStatus.EXPIRED, now)
                result.add("expired")
                continue
            if citizen is not None and citizen.sms_opt_out:
                set_status(row, SmsStatus.SKIPPED, now)
                row.last_error = "opted out"
                record_skip_on_ladder(row, now)
                result.add("skipped")
                continue
            if self.quiet.is_quiet(now):
                set_status(row, SmsStatus.DEFERRED, now)
                row.due_at = self.quiet.next_allowed(now).astimezone(UTC)
                result.add("deferred")
                continue
            if citizen is not None:
                # Counts this batch's claims too: they are flushed before the query.
                sent_today = self._daily_count(citizen.id, now)
                if sent_today >= self.settings.sms_daily_cap:
                    set_status(row, SmsStatus.DEFERRED, now)
                    tomorrow = self.quiet.local_day(now) + timedelta(days=1)
                    row.due_at = self.quiet.next_allowed(datetime.combine(
                        tomorrow, self.quiet.end, tzinfo=self.zone)).astimezone(UTC)
                    row.last_error = "daily cap"
                    result.add("deferred")
                    continue
            set_status(row, SmsStatus.CLAIMED, now)
            row.claimed_by = self.worker_id
            row.claimed_at = now
            claimed.append(row.id)
        return claimed

    # -- sending -------------------------------------------------------------------------

    def _validity(self, message: SmsMessage, now: datetime) -> int | None:
        """Seconds the provider may keep trying: never past the message's use, nor into
        the quiet hours. None when there is no useful time left."""
        limits = [self.settings.sms_validity_seconds]
        if message.expires_at is not None:
            limits.append(int((clock.as_utc(message.expires_at) - now).total_seconds()))
        quiet_starts = self.quiet.next_start(now)
        if quiet_starts is not None:
            limits.append(int((quiet_starts - now).total_seconds()))
        seconds = min(limits)
        return seconds if seconds >= MIN_VALIDITY else None

    def deliver(self, message_id: int, result: PassResult) -> None:
        now = self.now()
        # The status guard: only the worker that still holds the claim may send, and the
        # 'sending' mark is committed (its own unit) before the request leaves.
        with unit_of_work():
            guarded = db.session.execute(
                update(SmsMessage)
                .where(SmsMessage.id == message_id,
                       SmsMessage.status == SmsStatus.CLAIMED.value,
                       SmsMessage.claimed_by == self.worker_id)
                .values(status=SmsStatus.SENDING.value, status_at=now, sending_at=now,
                        tries=SmsMessage.tries + 1, from_number=self.backend.sender[:40])
                .execution_options(synchronize_session=False))
        if guarded.rowcount != 1:
            result.add("lost_claim")
            return
        with unit_of_work():
            message = db.session.get(SmsMessage, message_id, populate_existing=True)
            validity = self._validity(message, now)
            if validity is None:
                set_status(message, SmsStatus.EXPIRED, now)
            else:
                outbound = OutboundSms(
                    message_id=message.id, to=message.to_number, body=message.body or "",
                    status_callback=status_callback_url(self.settings.public_base_url,
                                                        message.id),
                    validity_seconds=validity)
        if validity is None:
            result.add("expired")
            return
        # Outside any unit: no transaction is held open while the provider answers.
        self.apply_outcome(message_id, self.backend.send(outbound), result)

    @unit_of_work()
    def apply_outcome(self, message_id: int, outcome: SendOutcome, result: PassResult) -> None:
        now = self.now()
        message = db.session.scalar(select(SmsMessage).where(SmsMessage.id == message_id)
                                    .with_for_update())
        current = SmsStatus(message.status)
        if outcome.kind == OutcomeKind.ACCEPTED:
            if message.provider_sid is None:
                message.provider_sid = outcome.provider_sid
            # A callback may have overtaken the answer; it only ever moves forward.
            if current in (SmsStatus.SENDING, SmsStatus.UNKNOWN):
                new = PROVIDER_STATUS.get((outcome.provider_status or "").lower(),
                                          SmsStatus.ACCEPTED)
                set_status(message, new, now)
            result.add("accepted")
        elif outcome.kind == OutcomeKind.UNKNOWN:
            if current == SmsStatus.SENDING:
                set_status(message, SmsStatus.UNKNOWN, now)
                message.last_error = outcome.error[:255]
            result.add("unknown")
        elif outcome.kind == OutcomeKind.NOT_SENT and current == SmsStatus.SENDING:
            message.error_code = outcome.error_code
            message.last_error = outcome.error[:255]
            if message.tries >= MAX_TRIES:
                set_status(message, SmsStatus.FAILED, now)
                result.add("failed")
            else:
                set_status(message, SmsStatus.QUEUED, now)
                message.due_at = now + retry_delay(message.tries)
                message.claimed_by = None
                result.add("retry")
        elif outcome.kind == OutcomeKind.REFUSED and current not in FINAL:
            set_status(message, SmsStatus.FAILED, now)
            message.error_code = outcome.error_code
            message.last_error = outcome.error[:255]
            if outcome.opted_out and message.citizen_id is not None:
                opt_out(db.session.get(Citizen, message.citizen_id), "twilio_21610", now)
            result.add("failed")

    # -- housekeeping --------------------------------------------------------------------

    @unit_of_work()
    def release_stale(self, result: PassResult) -> None:
        """A dead worker's claim goes back to the queue (its request never left); a
        'sending' whose answer never came becomes unknown (its request may have left)."""
        now = self.now()
        back = db.session.execute(
            update(SmsMessage)
            .where(SmsMessage.status == SmsStatus.CLAIMED.value,
                   SmsMessage.claimed_at < now - CLAIM_LEASE)
            .values(status=SmsStatus.QUEUED.value, status_at=now, claimed_by=None)
            .execution_options(synchronize_session=False))
        lost = db.session.execute(
            update(SmsMessage)
            .where(SmsMessage.status == SmsStatus.SENDING.value,
                   SmsMessage.sending_at < now - SENDING_TIMEOUT)
            .values(status=SmsStatus.UNKNOWN.value, status_at=now,
                    last_error="no answer (worker stopped)")
            .execution_options(synchronize_session=False))
        result.add("released", back.rowcount)
        result.add("unknown", lost.rowcount)

    @unit_of_work()
    def reconcile_unknown(self, result: PassResult) -> None:
        """Ask the provider about each unknown message: found -> its state; not found ->
        sendable again. A lookup that fails leaves it unknown for the next pass."""
        now = self.now()
        rows = list(db.session.scalars(
            select(SmsMessage)
            .where(SmsMessage.status == SmsStatus.UNKNOWN.value,
                   SmsMessage.sending_at <= now - self.reconcile_after)
            .order_by(SmsMessage.id).limit(50).with_for_update(skip_locked=True)))
        for message in rows:
            try:
                found = self.backend.find(message.to_number, message.body or "",
                                          clock.as_utc(message.sending_at))
            except LookupFailed as error:
                log.warning("sms %s: reconciliation lookup failed (%s)", message.id, error)
                result.add("reconcile_failed")
                continue
            event = SmsEvent(message_id=message.id, kind="reconcile", applied=True)
            if found is not None:
                message.provider_sid = message.provider_sid or found.provider_sid
                set_status(message, PROVIDER_STATUS.get(found.provider_status.lower(),
                                                        SmsStatus.ACCEPTED), now)
                event.provider_sid = found.provider_sid
                event.provider_status = found.provider_status
                event.details = {"found": True}
                result.add("reconciled_found")
            else:
                set_status(message, SmsStatus.QUEUED, now)
                message.due_at = now
                message.claimed_by = None
                message.last_error = "not found at the provider: sendable again"
                event.details = {"found": False}
                result.add("reconciled_missing")
            db.session.add(event)

    @unit_of_work()
    def sweep_no_receipt(self, result: PassResult) -> None:
        """Still 'sent' (or only accepted) after 72 hours: no receipt will come."""
        now = self.now()
        swept = db.session.execute(
            update(SmsMessage)
            .where(SmsMessage.status.in_([SmsStatus.SENT.value, SmsStatus.ACCEPTED.value]),
                   SmsMessage.status_at < now - NO_RECEIPT_AFTER)
            .values(status=SmsStatus.NO_RECEIPT.value, status_at=now)
            .execution_options(synchronize_session=False))
        result.add("no_receipt", swept.rowcount)

    @unit_of_work()
    def purge_bodies(self, result: PassResult) -> None:
        """Message texts go after the retention period; state and times stay."""
        now = self.now()
        cutoff = now - timedelta(days=self.settings.sms_retention_days)
        busy = [s.value for s in (*CLAIMABLE, SmsStatus.CLAIMED, SmsStatus.SENDING,
                                  SmsStatus.UNKNOWN)]
        purged = db.session.execute(
            update(SmsMessage)
            .where(SmsMessage.body.is_not(None), SmsMessage.created_at < cutoff,
                   SmsMessage.status.not_in(busy))
            .values(body=None, body_purged_at=now)
            .execution_options(synchronize_session=False))
        result.add("purged", purged.rowcount)
