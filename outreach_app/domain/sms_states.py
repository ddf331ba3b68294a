"""The life of an outbound SMS, the quiet hours, and what a citizen's reply means.

States (see the README's "never twice" section)::

    queued -> claimed -> sending -> accepted -> sent -> delivered | undelivered | failed
    deferred (quiet hours, daily cap: waits for its time, then is claimed like queued)
    skipped (opt-out, no mobile), cleared (no longer needed), expired (too late)
    unknown: the request left and no answer came; never re-sent blindly, reconciled
    no_receipt: still "sent" 72 hours later

A final state is never left: repeated and out-of-order provider callbacks can only move
a message forward.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

__all__ = [
    "CLAIMABLE",
    "FINAL",
    "InboundKind",
    "QuietHours",
    "SmsStatus",
    "classify_inbound",
    "status_after_callback",
]


class SmsStatus(StrEnum):
    QUEUED = "queued"
    DEFERRED = "deferred"
    CLAIMED = "claimed"
    SENDING = "sending"
    UNKNOWN = "unknown"
    ACCEPTED = "accepted"
    SENT = "sent"
    NO_RECEIPT = "no_receipt"
    DELIVERED = "delivered"
    UNDELIVERED = "undelivered"
    FAILED = "failed"
    SKIPPED = "skipped"
    CLEARED = "cleared"
    EXPIRED = "expired"
    RECEIVED = "received"  # inbound


#: A worker may claim these once they are due.
CLAIMABLE = frozenset({SmsStatus.QUEUED, SmsStatus.DEFERRED})
#: Not yet handed to the provider: such a message can still be cleared.
PENDING = frozenset({SmsStatus.QUEUED, SmsStatus.DEFERRED})
#: The request may have reached the provider: these count against the daily cap.
LEFT = frozenset({SmsStatus.SENDING, SmsStatus.UNKNOWN, SmsStatus.ACCEPTED, SmsStatus.SENT,
                  SmsStatus.NO_RECEIPT, SmsStatus.DELIVERED, SmsStatus.UNDELIVERED})
FINAL = frozenset({SmsStatus.DELIVERED, SmsStatus.UNDELIVERED, SmsStatus.FAILED,
                   SmsStatus.SKIPPED, SmsStatus.CLEARED, SmsStatus.EXPIRED,
                   SmsStatus.RECEIVED})

# How far along a message is; a callback may only move it further.
_RANK = {
    SmsStatus.CLAIMED: 1, SmsStatus.SENDING: 2, SmsStatus.UNKNOWN: 2,
    SmsStatus.ACCEPTED: 3, SmsStatus.SENT: 4, SmsStatus.NO_RECEIPT: 5,
    SmsStatus.DELIVERED: 6, SmsStatus.UNDELIVERED: 6, SmsStatus.FAILED: 6,
}

#: Twilio's message statuses, as our states.
PROVIDER_STATUS = {
    "queued": SmsStatus.ACCEPTED, "accepted": SmsStatus.ACCEPTED,
    "scheduled": SmsStatus.ACCEPTED, "sending": SmsStatus.ACCEPTED,
    "sent": SmsStatus.SENT, "delivered": SmsStatus.DELIVERED, "read": SmsStatus.DELIVERED,
    "undelivered": SmsStatus.UNDELIVERED, "failed": SmsStatus.FAILED,
    "canceled": SmsStatus.FAILED,
}


def status_after_callback(current: SmsStatus, provider_status: str) -> SmsStatus | None:
    """The state a provider callback moves a message to, or None to leave it as it is.

    Final states are kept; a late "sent" after "delivered" changes nothing; a callback
    for a message in ``unknown`` (or still marked ``sending``) settles it, since the
    provider evidently has it. ``no_receipt`` still accepts a late final receipt.
    """
    new = PROVIDER_STATUS.get(provider_status.strip().lower())
    if new is None or current in FINAL:
        return None
    if current in (SmsStatus.QUEUED, SmsStatus.DEFERRED, SmsStatus.CLAIMED):
        # The provider has a message that we thought unsent (e.g. reconciled as not
        # found): believe the provider, so it is never sent a second time.
        return new
    if _RANK[new] > _RANK[current]:
        return new
    return None


class InboundKind(StrEnum):
    OPT_OUT = "opt_out"
    OPT_IN = "opt_in"
    REPLY = "reply"


_OPT_OUT = frozenset({"STOP", "AFMELD", "STOPALL", "UNSUBSCRIBE", "END", "QUIT", "CANCEL",
                      "OPTOUT", "REVOKE"})
_OPT_IN = frozenset({"START", "TILMELD", "UNSTOP", "YES"})


def classify_inbound(body: str) -> InboundKind:
    """STOP / AFMELD (any case, surrounding spaces and a final full stop ignored) opt out;
    START opts back in; anything else is a reply for the coordinator."""
    word = re.sub(r"[\s.!]+$", "", body.strip()).upper()
    if word in _OPT_OUT:
        return InboundKind.OPT_OUT
    if word in _OPT_IN:
        return InboundKind.OPT_IN
    return InboundKind.REPLY


@dataclass(frozen=True)
class QuietHours:
    """No SMS between ``start`` and ``end`` local time (the window may cross midnight)."""

    start: time = time(20, 0)
    end: time = time(8, 0)
    zone: str = "Europe/Copenhagen"

    @classmethod
    def parse(cls, text: str, zone: str = "Europe/Copenhagen") -> QuietHours:
        """``"20:00-08:00"``; an empty string means no quiet hours."""
        text = text.strip()
        if not text:
            return cls(time(0, 0), time(0, 0), zone)
        start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
        return cls(start, end, zone)

    def _local(self, at: datetime) -> datetime:
        return at.astimezone(ZoneInfo(self.zone))

    def is_quiet(self, at: datetime) -> bool:
        if self.start == self.end:
            return False
        t = self._local(at).time()
        if self.start < self.end:
            return self.start <= t < self.end
        return t >= self.start or t < self.end

    def next_allowed(self, at: datetime) -> datetime:
        """``at`` itself when sending is allowed then, else the end of the quiet hours."""
        if not self.is_quiet(at):
            return at
        local = self._local(at)
        day: date = local.date()
        if self.start > self.end and local.time() >= self.start:
            day = day + timedelta(days=1)
        return datetime.combine(day, self.end, tzinfo=ZoneInfo(self.zone))

    def next_start(self, at: datetime) -> datetime | None:
        """When the next quiet period begins after ``at`` (None without quiet hours)."""
        if self.start == self.end:
            return None
        local = self._local(at)
        candidate = datetime.combine(local.date(), self.start, tzinfo=ZoneInfo(self.zone))
        if candidate <= local:
            candidate = datetime.combine(local.date() + timedelta(days=1), self.start,
                                         tzinfo=ZoneInfo(self.zone))
        return candidate

    def local_day(self, at: datetime) -> date:
        return self._local(at).date()


def retry_delay(attempt: int, base_seconds: int = 30, cap_seconds: int = 3600) -> timedelta:
    """Exponential backoff for temporary provider errors: 30 s, 60 s, 120 s, ... <= 1 h."""
    return timedelta(seconds=min(cap_seconds, base_seconds * 2 ** max(0, attempt - 1)))
