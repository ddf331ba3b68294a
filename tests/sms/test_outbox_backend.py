"""The default `outbox` backend: stores and shows, sends nothing, needs no account."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from outreach_app.config import ConfigError, Settings, flask_config
from outreach_app.extensions import db
from outreach_app.models import SmsMessage
from outreach_app.services.reference_data import ensure_reference_data


@pytest.fixture
def app(app_factory):
    """Here the shared `app` is configured as shipped: SMS_BACKEND unset, the outbox."""
    app = app_factory(SMS_QUIET_HOURS="")
    with app.app_context():
        ensure_reference_data()
        yield app
        db.session.remove()


@pytest.fixture
def outbox_app(app):
    assert app.config["SETTINGS"].sms_backend == "outbox"
    return app


def test_outbox_run_once_keeps_the_message_without_sending(outbox_app, make_citizen):
    citizen = make_citizen()
    db.session.add(SmsMessage(direction="out", purpose="contact_prompt", enqueue_key="o:1",
                              citizen_id=citizen.id, to_number=citizen.phone_mobile,
                              body="Hej", due_at=datetime.now(UTC)))
    db.session.commit()
    result = outbox_app.test_cli_runner().invoke(args=["outbox-run", "--once"])
    assert result.exit_code == 0, result.output
    assert "1 accepted" in result.output
    db.session.expire_all()
    message = db.session.scalar(select(SmsMessage))
    assert message.status == "accepted" and message.from_number == "outbox"
    assert message.provider_sid == f"OUTBOX{message.id}"


def test_twilio_backend_is_configuration_only_and_refuses_half_a_configuration(tmp_path):
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL"):
        flask_config(Settings.from_env({
            "SMS_BACKEND": "twilio", "TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t",
            "TWILIO_FROM_NUMBER": "+4570707070"}), str(tmp_path))
    config = flask_config(Settings.from_env({
        "SMS_BACKEND": "twilio", "TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t",
        "TWILIO_MESSAGING_SERVICE_SID": "MG1", "PUBLIC_BASE_URL": "https://x.dk/"}),
        str(tmp_path))
    assert config["SETTINGS"].public_base_url == "https://x.dk"
    with pytest.raises(ConfigError, match="SMS_QUIET_HOURS"):
        flask_config(Settings.from_env({"SMS_QUIET_HOURS": "late"}), str(tmp_path))
