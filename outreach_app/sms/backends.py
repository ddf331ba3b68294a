"""SMS backends behind one interface: `outbox` (stores, sends nothing) and `twilio`.

A backend answers each send with a :class:`SendOutcome` that says exactly what is known:
accepted (with the provider's id), not sent (safe to retry later), refused for good, or
**unknown**: the request left and no answer came, so the message may or may not exist at
the provider. The worker never re-sends an unknown message; it asks :meth:`find`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

import requests
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

log = logging.getLogger(__name__)

TWILIO_API = "https://api.twilio.com"
# Twilio error codes that will not get better by trying again.
UNSUBSCRIBED = 21610  # the recipient replied STOP: also opts the citizen out here
INVALID_NUMBER = 21211
TOO_MANY_REQUESTS = 20429


class OutcomeKind(StrEnum):
    ACCEPTED = "accepted"
    NOT_SENT = "not_sent"  # temporary: the provider did not take it; try again later
    REFUSED = "refused"  # permanent: the provider will never take it
    UNKNOWN = "unknown"  # the request left; no answer


@dataclass(frozen=True)
class OutboundSms:
    message_id: int
    to: str
    body: str
    status_callback: str | None
    validity_seconds: int


@dataclass(frozen=True)
class SendOutcome:
    kind: OutcomeKind
    provider_sid: str | None = None
    provider_status: str | None = None
    error_code: int | None = None
    error: str = ""

    @property
    def opted_out(self) -> bool:
        return self.error_code == UNSUBSCRIBED


@dataclass(frozen=True)
class FoundMessage:
    provider_sid: str
    provider_status: str


class LookupFailed(Exception):
    """The provider could not be asked; the message stays unknown until the next pass."""


class SmsBackend(Protocol):
    name: str
    sender: str  # shown as the message's sender: a number, a service id or "outbox"

    def send(self, sms: OutboundSms) -> SendOutcome: ...

    def find(self, to: str, body: str, sent_after: datetime) -> FoundMessage | None: ...


class OutboxBackend:
    """The default: the message stays in the database and the app shows it; nothing leaves."""

    name = "outbox"
    sender = "outbox"

    def send(self, sms: OutboundSms) -> SendOutcome:
        return SendOutcome(OutcomeKind.ACCEPTED, provider_sid=f"OUTBOX{sms.message_id}",
                           provider_status="accepted")

    def find(self, to: str, body: str, sent_after: datetime) -> FoundMessage | None:
        return None


class RebasedHttpClient(TwilioHttpClient):
    """The SDK's own HTTP client, pointed at a Twilio-compatible stand-in (tests, benchmarks)."""

    def __init__(self, base_url: str, **kwargs):
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")

    def request(self, method, url, *args, **kwargs):
        if url.startswith(TWILIO_API):
            url = self.base_url + url[len(TWILIO_API):]
        return super().request(method, url, *args, **kwargs)


def _request_left(error: Exception) -> bool:
    """Whether a failed request may have reached the provider.

    Only a connect timeout or a refused / unresolvable connection proves that nothing
    left; a read timeout or a dropped connection means the provider may have the message.
    """
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return False
    if isinstance(error, requests.exceptions.ConnectionError):
        text = repr(error.args[0]) if error.args else ""
        if any(marker in text for marker in ("NewConnectionError", "NameResolutionError",
                                             "Failed to resolve", "Connection refused")):
            return False
    return True


class TwilioBackend:
    """Twilio's Programmable Messaging through the official SDK's REST client."""

    name = "twilio"

    def __init__(self, account_sid: str, auth_token: str, *, from_number: str | None = None,
                 messaging_service_sid: str | None = None, http_client=None,
                 api_url: str | None = None, timeout: float = 10.0):
        if http_client is None:
            http_client = (RebasedHttpClient(api_url, timeout=timeout) if api_url
                           else TwilioHttpClient(timeout=timeout))
        self.client = Client(account_sid, auth_token, http_client=http_client)
        self.from_number = from_number
        self.messaging_service_sid = messaging_service_sid
        self.sender = messaging_service_sid or from_number or ""

    def _sender_args(self) -> dict:
        # A Messaging Service picks the number itself; otherwise our own number sends.
        if self.messaging_service_sid:
            return {"messaging_service_sid": self.messaging_service_sid}
        return {"from_": self.from_number}

    def send(self, sms: OutboundSms) -> SendOutcome:
        args = dict(to=sms.to, body=sms.body, validity_period=sms.validity_seconds,
                    **self._sender_args())
        if sms.status_callback:
            args["status_callback"] = sms.status_callback
        try:
            message = self.client.messages.create(**args)
        except TwilioRestException as error:
            code = int(error.code) if error.code else None
            temporary = error.status == 429 or code == TOO_MANY_REQUESTS or error.status >= 500
            log.warning("sms %s: Twilio answered %s (code %s)", sms.message_id,
                        error.status, code)
            return SendOutcome(OutcomeKind.NOT_SENT if temporary else OutcomeKind.REFUSED,
                               error_code=code, error=f"{error.status} {code or ''}".strip())
        except requests.exceptions.RequestException as error:
            left = _request_left(error)
            log.warning("sms %s: %s (%s)", sms.message_id, type(error).__name__,
                        "request left" if left else "request did not leave")
            return SendOutcome(OutcomeKind.UNKNOWN if left else OutcomeKind.NOT_SENT,
                               error=type(error).__name__)
        return SendOutcome(OutcomeKind.ACCEPTED, provider_sid=message.sid,
                           provider_status=message.status)

    def find(self, to: str, body: str, sent_after: datetime) -> FoundMessage | None:
        """Look the message up in Twilio's message list (To, From, time window, body)."""
        args = {"to": to, "limit": 100}
        if self.from_number and not self.messaging_service_sid:
            args["from_"] = self.from_number
        try:
            messages = self.client.messages.list(**args)
        except (TwilioRestException, requests.exceptions.RequestException) as error:
            raise LookupFailed(type(error).__name__) from error
        earliest = sent_after - timedelta(minutes=2)  # clocks differ a little
        for m in sorted(messages, key=lambda m: m.date_created or earliest):
            if m.direction and not m.direction.startswith("outbound"):
                continue
            if self.messaging_service_sid and m.messaging_service_sid not in (
                    None, self.messaging_service_sid):
                continue
            if m.date_created is not None and m.date_created < earliest:
                continue
            if (m.body or "") == body:
                return FoundMessage(m.sid, m.status)
        return None


def backend_from_settings(settings, http_client=None) -> SmsBackend:
    """The configured backend; switching is configuration only (SMS_BACKEND)."""
    if settings.sms_backend == "twilio":
        return TwilioBackend(
            settings.twilio_account_sid, settings.twilio_auth_token,
            from_number=settings.twilio_from_number,
            messaging_service_sid=settings.twilio_messaging_service_sid,
            http_client=http_client, api_url=settings.twilio_api_url,
        )
    return OutboxBackend()
