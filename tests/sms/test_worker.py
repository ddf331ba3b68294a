"""The outbox worker against the real twilio SDK, whose http_client is a recording fake."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from outreach_app.extensions import db
from outreach_app.models import AuditEvent, Citizen, SmsEvent, SmsMessage
from outreach_app.services.sms_worker import MAX_TRIES, RECONCILE_AFTER
from tests.sms.conftest import PUBLIC, reload
from tests.sms.fake_twilio import ACCOUNT_SID, FROM_NUMBER, SERVICE_SID

CPH = ZoneInfo("Europe/Copenhagen")


def test_send_makes_exactly_the_request_twilio_expects(make_worker, queue_message, twilio):
    message = queue_message()
    result = make_worker().run_once()
    assert result.counts == {"accepted": 1}
    [request] = twilio.state.creates
    assert request.path == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    assert request.data["To"] == "+4520123456"
    assert request.data["From"] == FROM_NUMBER
    assert "MessagingServiceSid" not in request.data
    assert request.data["Body"] == "Hej. Ring til os på +45 33 66 33 66."
    assert request.data["StatusCallback"] == (
        f"{PUBLIC}/webhooks/twilio/status?message={message.id}")
    # No quiet hours and no expiry in this test: the configured 4 hours.
    assert request.data["ValidityPeriod"] == 4 * 3600
    sent = reload(message)
    assert sent.status == "accepted"
    assert sent.provider_sid == twilio.state.messages[0]["sid"]
    assert sent.tries == 1 and sent.from_number == FROM_NUMBER


def test_messaging_service_is_sent_instead_of_a_from_number(make_worker, queue_message,
                                                             twilio):
    queue_message()
    make_worker(service=SERVICE_SID).run_once()
    [request] = twilio.state.creates
    assert request.data["MessagingServiceSid"] == SERVICE_SID
    assert "From" not in request.data


def test_validity_period_never_outlives_the_message(make_worker, queue_message, twilio):
    queue_message(expires_at=datetime.now(UTC) + timedelta(minutes=30))
    make_worker().run_once()
    validity = int(twilio.state.creates[0].data["ValidityPeriod"])
    assert 25 * 60 <= validity <= 30 * 60


def test_a_second_pass_sends_nothing_again(make_worker, queue_message, twilio):
    queue_message()
    worker = make_worker()
    worker.run_once()
    worker.run_once()
    make_worker().run_once()
    assert len(twilio.state.creates) == 1


def test_timeout_after_the_request_left_is_unknown_and_never_resent(
        make_worker, queue_message, twilio):
    message = queue_message()
    twilio.state.script = ["timeout_after_send"]
    worker = make_worker()
    assert worker.run_once().counts == {"unknown": 1}
    assert reload(message).status == "unknown"
    for _ in range(3):
        worker.run_once()
    assert len(twilio.state.creates) == 1
    assert reload(message).status == "unknown"


def test_reconciliation_finds_the_message_twilio_has(make_worker, queue_message, twilio):
    message = queue_message()
    twilio.state.script = ["timeout_after_send"]
    make_worker().run_once()
    later = datetime.now(UTC) + RECONCILE_AFTER + timedelta(minutes=1)
    result = make_worker(clock=lambda: later).run_once()
    assert result.counts.get("reconciled_found") == 1
    found = reload(message)
    assert found.status == "accepted"
    assert found.provider_sid == twilio.state.messages[0]["sid"]
    lookups = [r for r in twilio.state.requests if r.method == "GET"]
    assert lookups and lookups[0].params["To"] == "+4520123456"
    assert lookups[0].params["From"] == FROM_NUMBER
    assert len(twilio.state.creates) == 1  # found: never sent again
    assert db.session.scalar(select(SmsEvent.details).where(
        SmsEvent.message_id == message.id, SmsEvent.kind == "reconcile")) == {"found": True}


def test_reconciliation_requeues_only_when_twilio_has_no_such_message(
        make_worker, queue_message, twilio):
    message = queue_message()
    twilio.state.script = ["timeout_after_send"]
    make_worker().run_once()
    twilio.state.messages.clear()  # Twilio never created it
    later = datetime.now(UTC) + RECONCILE_AFTER + timedelta(minutes=1)
    result = make_worker(clock=lambda: later).run_once()
    assert result.counts.get("reconciled_missing") == 1
    assert result.counts.get("accepted") == 1  # sendable again, and sent in the same pass
    assert len(twilio.state.creates) == 2
    assert reload(message).status == "accepted"


def test_reconciliation_waits_before_asking(make_worker, queue_message, twilio):
    message = queue_message()
    twilio.state.script = ["timeout_after_send"]
    make_worker().run_once()
    make_worker().run_once()
    assert not [r for r in twilio.state.requests if r.method == "GET"]
    assert reload(message).status == "unknown"


def test_a_different_message_to_the_same_number_is_not_taken_for_ours(
        make_worker, queue_message, twilio, make_citizen):
    citizen = make_citizen()
    queue_message(citizen, body="Første besked")
    make_worker().run_once()
    second = queue_message(citizen, body="Anden besked")
    twilio.state.script = ["timeout_after_send"]
    twilio.state.messages.clear()
    make_worker().run_once()
    twilio.state.messages.clear()
    twilio.state._accept(ACCOUNT_SID, {"To": "+4520123456", "From": FROM_NUMBER,
                                       "Body": "Første besked"})
    later = datetime.now(UTC) + RECONCILE_AFTER + timedelta(minutes=1)
    make_worker(clock=lambda: later).reconcile_unknown(
        __import__("outreach_app.services.sms_worker", fromlist=["PassResult"]).PassResult())
    assert reload(second).status == "queued"


def test_timeout_before_the_request_left_is_retried_with_backoff(
        make_worker, queue_message, twilio):
    message = queue_message()
    twilio.state.script = ["connect_timeout"]
    assert make_worker().run_once().counts == {"retry": 1}
    queued = reload(message)
    assert queued.status == "queued"
    assert queued.due_at.replace(tzinfo=UTC) > datetime.now(UTC)
    later = datetime.now(UTC) + timedelta(minutes=5)
    make_worker(clock=lambda: later).run_once()
    assert reload(message).status == "accepted"
    # The connect timeout reached nobody; the retry is the one request Twilio saw.
    assert len(twilio.state.messages) == 1


def test_rate_limit_and_server_errors_are_temporary(make_worker, queue_message, twilio):
    message = queue_message()
    twilio.state.script = [(429, 20429), (503, 20503)]
    make_worker().run_once()
    assert reload(message).error_code == 20429
    make_worker(clock=lambda: datetime.now(UTC) + timedelta(minutes=5)).run_once()
    assert reload(message).status == "queued"
    make_worker(clock=lambda: datetime.now(UTC) + timedelta(minutes=30)).run_once()
    assert reload(message).status == "accepted"


def test_temporary_errors_give_up_after_the_last_try(make_worker, queue_message, twilio):
    message = queue_message()
    twilio.state.script = [(503, 20503)] * MAX_TRIES
    for hour in range(MAX_TRIES):
        make_worker(clock=lambda h=hour: datetime.now(UTC) + timedelta(hours=2 * h)).run_once()
    failed = reload(message)
    assert failed.status == "failed" and failed.tries == MAX_TRIES
    assert len(twilio.state.creates) == MAX_TRIES


def test_invalid_number_fails_for_good_and_the_batch_goes_on(
        make_worker, queue_message, twilio):
    bad = queue_message()
    good = queue_message()
    twilio.state.script = [(400, 21211)]
    result = make_worker().run_once()
    assert result.counts == {"failed": 1, "accepted": 1}
    assert reload(bad).status == "failed" and reload(bad).error_code == 21211
    assert reload(good).status == "accepted"
    make_worker(clock=lambda: datetime.now(UTC) + timedelta(hours=2)).run_once()
    assert len(twilio.state.creates) == 2


def test_unsubscribed_recipient_fails_and_opts_the_citizen_out(
        make_worker, queue_message, twilio):
    message = queue_message()
    twilio.state.script = [(400, 21610)]
    make_worker().run_once()
    assert reload(message).status == "failed"
    citizen = db.session.get(Citizen, message.citizen_id)
    assert citizen.sms_opt_out is True
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.citizen_id == citizen.id)) == "citizen.sms_opt_out"
    later = queue_message(citizen)
    make_worker().run_once()
    assert reload(later).status == "skipped"
    assert len(twilio.state.creates) == 1


def test_quiet_hours_defer_to_the_morning(app_factory, make_worker, queue_message, twilio):
    message = queue_message()
    clock = {"now": datetime(2026, 11, 30, 21, 30, tzinfo=CPH)}
    worker = make_worker(clock=lambda: clock["now"])
    worker.quiet = worker.quiet.parse("20:00-08:00")
    assert worker.run_once().counts == {"deferred": 1}
    deferred = reload(message)
    assert deferred.status == "deferred"
    assert deferred.due_at.replace(tzinfo=UTC) == datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
    assert not twilio.state.creates
    clock["now"] = datetime(2026, 12, 1, 8, 1, tzinfo=CPH)
    # The morning's validity stops at the next evening's quiet hours at the latest.
    assert worker.run_once().counts == {"accepted": 1}


def test_validity_stops_before_the_quiet_hours(make_worker, queue_message, twilio):
    queue_message()
    worker = make_worker(clock=lambda: datetime(2026, 11, 30, 19, 0, tzinfo=CPH))
    worker.quiet = worker.quiet.parse("20:00-08:00")
    worker.run_once()
    assert twilio.state.creates[0].data["ValidityPeriod"] == 3600


def test_daily_cap_defers_the_rest_to_tomorrow(make_worker, queue_message, make_citizen,
                                               twilio, sms_app):
    citizen = make_citizen()
    messages = [queue_message(citizen, body=f"Besked {i}") for i in range(7)]
    make_worker().run_once()
    cap = sms_app.config["SETTINGS"].sms_daily_cap
    assert len(twilio.state.creates) == cap
    statuses = [reload(m).status for m in messages]
    assert statuses.count("accepted") == cap
    assert statuses.count("deferred") == 7 - cap


def test_expired_message_is_not_sent(make_worker, queue_message, twilio):
    message = queue_message(expires_at=datetime.now(UTC) - timedelta(minutes=1))
    assert make_worker().run_once().counts == {"expired": 1}
    assert reload(message).status == "expired"
    assert not twilio.state.creates


def test_worker_that_died_after_the_request_left_leaves_unknown(
        make_worker, queue_message, twilio):
    message = queue_message()
    worker = make_worker()
    [claimed] = worker.claim(__import__("outreach_app.services.sms_worker",
                                        fromlist=["PassResult"]).PassResult())
    # The worker marks 'sending', the request leaves, and the process dies.
    from sqlalchemy import update
    db.session.execute(update(SmsMessage).where(SmsMessage.id == claimed)
                       .values(status="sending", sending_at=datetime.now(UTC)))
    db.session.commit()
    later = datetime.now(UTC) + timedelta(minutes=3)
    make_worker(clock=lambda: later).run_once()
    assert reload(message).status == "unknown"
    assert not twilio.state.creates


def test_claim_of_a_dead_worker_is_released_and_sent_once(make_worker, queue_message, twilio):
    message = queue_message()
    from outreach_app.services.sms_worker import PassResult
    make_worker(worker_id="dead").claim(PassResult())
    assert reload(message).status == "claimed"
    make_worker().run_once()
    assert not twilio.state.creates  # the lease has not run out yet
    later = datetime.now(UTC) + timedelta(minutes=6)
    make_worker(clock=lambda: later).run_once()
    assert reload(message).status == "accepted"
    # The dead worker wakes up: its claim is gone, the guard stops it.
    result = PassResult()
    make_worker(worker_id="dead").deliver(message.id, result)
    assert result.counts == {"lost_claim": 1}
    assert len(twilio.state.creates) == 1


def test_sent_for_72_hours_becomes_no_receipt(make_worker, queue_message, twilio):
    message = queue_message()
    make_worker().run_once()
    make_worker(clock=lambda: datetime.now(UTC) + timedelta(hours=73)).run_once()
    assert reload(message).status == "no_receipt"


def test_bodies_are_removed_after_retention_keeping_state_and_time(
        make_worker, queue_message, twilio):
    message = queue_message()
    make_worker().run_once()
    make_worker(clock=lambda: datetime.now(UTC) + timedelta(days=91)).run_once()
    purged = reload(message)
    assert purged.body is None and purged.body_purged_at is not None
    assert purged.status == "no_receipt" and purged.sending_at is not None


def test_refused_connection_through_the_real_sdk_client_is_retried_not_unknown(
        sms_app, queue_message):
    from socket import socket

    from outreach_app.services.sms_worker import OutboxWorker
    from outreach_app.sms.backends import TwilioBackend
    from tests.sms.fake_twilio import AUTH_TOKEN

    with socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    message = queue_message()
    backend = TwilioBackend(ACCOUNT_SID, AUTH_TOKEN, from_number=FROM_NUMBER,
                            api_url=f"http://127.0.0.1:{port}", timeout=2)
    result = OutboxWorker(backend, sms_app.config["SETTINGS"]).run_once()
    assert result.counts == {"retry": 1}
    assert reload(message).status == "queued"
