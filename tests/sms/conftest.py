"""Fixtures for the SMS tests: an app configured for Twilio, the real SDK with a recording
fake as its http_client, and a worker on the test database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from outreach_app.extensions import db
from outreach_app.models import SmsMessage
from outreach_app.services.reference_data import ensure_reference_data
from outreach_app.services.sms_worker import OutboxWorker
from outreach_app.sms.backends import TwilioBackend
from tests.sms.fake_twilio import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, RecordingHttpClient

PUBLIC = "https://outreach.example.dk"
TWILIO_SETTINGS = dict(SMS_BACKEND="twilio", TWILIO_ACCOUNT_SID=ACCOUNT_SID,
                       TWILIO_AUTH_TOKEN=AUTH_TOKEN, TWILIO_FROM_NUMBER=FROM_NUMBER,
                       PUBLIC_BASE_URL=PUBLIC, SMS_QUIET_HOURS="", SMS_DAILY_CAP="5")


@pytest.fixture
def app(app_factory):
    """The shared `app` fixture, configured for Twilio (factories and client use it)."""
    app = app_factory(**TWILIO_SETTINGS)
    with app.app_context():
        ensure_reference_data()
        yield app
        db.session.remove()


@pytest.fixture
def sms_app(app):
    return app


@pytest.fixture
def twilio():
    return RecordingHttpClient()


@pytest.fixture
def make_worker(sms_app, twilio):
    def make(clock=None, **kw) -> OutboxWorker:
        settings = sms_app.config["SETTINGS"]
        backend = TwilioBackend(ACCOUNT_SID, AUTH_TOKEN, from_number=FROM_NUMBER,
                                http_client=twilio,
                                messaging_service_sid=kw.pop("service", None))
        return OutboxWorker(backend, settings, clock=clock or (lambda: datetime.now(UTC)),
                            **kw)
    return make


@pytest.fixture
def queue_message(sms_app, make_citizen):
    """One outbound message queued directly, as a service would (due now)."""
    counter = {"n": 0}

    def queue(citizen=None, body="Hej. Ring til os på +45 33 66 33 66.", **kw) -> SmsMessage:
        counter["n"] += 1
        citizen = citizen or make_citizen()
        data = dict(direction="out", purpose="contact_prompt",
                    enqueue_key=f"test:{counter['n']}", citizen_id=citizen.id,
                    to_number=citizen.phone_mobile, body=body,
                    due_at=datetime.now(UTC))
        data.update(kw)
        message = SmsMessage(**data)
        db.session.add(message)
        db.session.commit()
        return message

    return queue


def reload(message: SmsMessage) -> SmsMessage:
    db.session.expire_all()
    return db.session.get(SmsMessage, message.id)
