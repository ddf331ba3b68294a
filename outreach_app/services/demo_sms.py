"""The demo's SMS, through the real SMS services with the outbox backend (nothing leaves).

The contact prompts are queued by the ladder's SMS step (services.case_commands) on the day
the coordinator took it; the outbox worker hands each one to the outbox backend on that
day. Delivery receipts and replies come in through the webhook services, as Twilio's
callbacks would: a few prompts delivered, one undelivered, a citizen's reply, and an
opt-out by "STOP".
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import select

from ..domain.sms_states import SmsStatus
from ..extensions import db
from ..models import Citizen, SmsMessage
from ..sms.backends import OutboxBackend
from . import sms_inbox
from .sms_worker import OutboxWorker

# Twilio's code for "unreachable destination handset" (the phone was off for days).
UNREACHABLE = "30003"
REPLY = "Hej. Jeg så jeres besked og ringer i morgen formiddag."


def _settings():
    return current_app.config["SETTINGS"]


def worker_pass(at: datetime) -> None:
    """One pass of the outbox worker as it ran at `at` (the day the prompt was queued)."""
    OutboxWorker(OutboxBackend(), _settings(), worker_id="demo", clock=lambda: at).run_once()


def _office_number() -> str:
    return _settings().office_phone


def opt_out(citizen: Citizen) -> None:
    """The citizen answered an earlier text with STOP: no more SMS to them."""
    sms_inbox.receive_inbound({"MessageSid": f"SMDEMO{citizen.reference}STOP",
                               "From": citizen.phone_mobile, "To": _office_number(),
                               "Body": "STOP"})


def receipts_and_replies() -> None:
    """Delivery receipts for the prompts handed over, one undelivered, and one reply."""
    accepted = list(db.session.scalars(
        select(SmsMessage).where(SmsMessage.direction == "out",
                                 SmsMessage.status == SmsStatus.ACCEPTED.value)
        .order_by(SmsMessage.id)))
    if not accepted:
        return  # receipts came in on an earlier run
    for n, message in enumerate(accepted):
        failed = n == 1
        sms_inbox.apply_status_callback(
            {"MessageSid": message.provider_sid,
             "MessageStatus": "undelivered" if failed else "delivered",
             **({"ErrorCode": UNREACHABLE} if failed else {})},
            str(message.id))
    # The most recent delivered prompt gets an answer: contact on the SMS rung.
    newest = max((m for m in accepted if m.status == SmsStatus.DELIVERED.value),
                 key=lambda m: m.due_at, default=None)
    if newest is not None:
        citizen = db.session.get(Citizen, newest.citizen_id)
        sms_inbox.receive_inbound({"MessageSid": f"SMDEMO{citizen.reference}REPLY",
                                   "From": citizen.phone_mobile, "To": _office_number(),
                                   "Body": REPLY})
