"""The nem-SMS rung queues the prompt in the same transaction as the ladder step."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from outreach_app.extensions import db
from outreach_app.models import (
    Appointment,
    Citizen,
    ContactAttempt,
    Office,
    SmsMessage,
    SuspensionPeriod,
)
from outreach_app.services import sms_outbox
from tests.sms.conftest import reload
from tests.views.ladder_helpers import days_ago, step


def outbound() -> list[SmsMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(SmsMessage).where(SmsMessage.direction == "out")))


def up_to_sms(client, case_id: int) -> None:
    step(client, case_id, "hearing_letter", outcome="sent", on=days_ago(3), partner_id="0",
         letter_channel="digital_post", reply_days="7")
    step(client, case_id, "case_file_check", outcome="no_contact", on=days_ago(2))
    step(client, case_id, "phone_call", outcome="no_answer", on=days_ago(1))


def test_recording_the_sms_rung_queues_one_neutral_prompt(client, make_user, make_case):
    make_user("k", "coordinator")
    client.login("k")
    case = make_case()
    up_to_sms(client, case.id)
    response = step(client, case.id, "sms_prompt", outcome="sent", on=days_ago(0))
    assert response.status_code == 302
    [message] = outbound()
    attempt = db.session.scalar(select(ContactAttempt).where(
        ContactAttempt.case_id == case.id, ContactAttempt.rung == "sms_prompt"))
    assert message.attempt_id == attempt.id and message.case_id == case.id
    assert message.to_number == "+4520123456" and message.status == "queued"
    assert "+45 33 66 33 66" in message.body
    assert "sanktion" not in message.body.lower() and "Testperson" not in message.body
    # Recording the same step again the same day queues nothing more.
    step(client, case.id, "sms_prompt", outcome="sent", on=days_ago(0))
    assert len(outbound()) == 1


def test_no_mobile_or_opt_out_is_recorded_as_skipped_and_queues_nothing(
        client, make_user, make_case, make_citizen):
    make_user("k", "coordinator")
    client.login("k")
    for citizen in (make_citizen(phone_mobile=None), make_citizen(sms_opt_out=True)):
        case = make_case(citizen)
        up_to_sms(client, case.id)
        refused = step(client, case.id, "sms_prompt", outcome="sent", on=days_ago(0))
        assert refused.status_code == 400  # refused: the form says to record it skipped
        step(client, case.id, "sms_prompt", outcome="skipped", on=days_ago(0))
        assert db.session.scalar(select(ContactAttempt.outcome).where(
            ContactAttempt.case_id == case.id, ContactAttempt.rung == "sms_prompt")) == "skipped"
    assert outbound() == []


def test_opt_out_before_sending_skips_and_corrects_the_ladder(
        client, make_user, make_case, make_worker, twilio):
    make_user("k", "coordinator")
    client.login("k")
    case = make_case()
    up_to_sms(client, case.id)
    step(client, case.id, "sms_prompt", outcome="sent", on=days_ago(0))
    citizen = db.session.get(Citizen, case.citizen_id)
    citizen.sms_opt_out = True
    db.session.commit()
    make_worker().run_once()
    [message] = outbound()
    assert message.status == "skipped" and not twilio.state.creates
    outcomes = db.session.scalars(select(ContactAttempt.outcome).where(
        ContactAttempt.case_id == case.id, ContactAttempt.rung == "sms_prompt")
        .order_by(ContactAttempt.id)).all()
    assert outcomes == ["sent", "skipped"]
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "sms_prompt" in page or "SMS" in page


def test_contact_made_clears_the_prompt_not_yet_sent(client, make_user, make_case):
    make_user("k", "coordinator")
    client.login("k")
    case = make_case()
    up_to_sms(client, case.id)
    step(client, case.id, "sms_prompt", outcome="sent", on=days_ago(0))
    step(client, case.id, "partner_contact", outcome="contact", on=days_ago(0))
    step(client, case.id, "sms_prompt", outcome="contact", on=days_ago(0))
    [message] = outbound()
    assert message.status == "cleared"


def test_suspension_period_uses_the_voluntary_wording(client, make_user, make_case):
    make_user("k", "coordinator")
    client.login("k")
    no_show = datetime.now(UTC).date() - timedelta(days=5)
    db.session.add(SuspensionPeriod(name="Test suspension", starts_on=no_show - timedelta(1),
                                    ends_on=no_show + timedelta(1), meetings_voluntary=True,
                                    note=""))
    db.session.commit()
    case = make_case(no_show_date=no_show)
    up_to_sms(client, case.id)
    step(client, case.id, "sms_prompt", outcome="sent", on=days_ago(0))
    [message] = outbound()
    assert "frivilligt" in message.body


def test_reminders_are_queued_and_cleared_when_the_meeting_is_cancelled(
        app, make_citizen, make_user):
    user = make_user("k", "coordinator")
    citizen = make_citizen()
    starts = datetime.now(UTC) + timedelta(days=5)
    appointment = sms_outbox.book_appointment(citizen, starts, user)
    reminders = outbound()
    assert sorted(m.purpose for m in reminders) == ["reminder_days", "reminder_hours"]
    days = next(m for m in reminders if m.purpose == "reminder_days")
    assert days.due_at.replace(tzinfo=UTC) <= starts - timedelta(days=2)
    assert days.expires_at.replace(tzinfo=UTC) < starts
    assert "Påmindelse" in days.body and "kl." in days.body
    # Booking the same meeting's reminders again queues nothing twice.
    sms_outbox._reminders(appointment, citizen, datetime.now(UTC))
    db.session.commit()
    assert len(outbound()) == 2
    assert sms_outbox.cancel_appointment(db.session.get(Appointment, appointment.id), user) == 2
    assert {m.status for m in outbound()} == {"cleared"}


def test_enqueue_key_is_unique_in_the_database(app, make_citizen):
    from sqlalchemy.exc import IntegrityError

    citizen = make_citizen()
    for _ in range(2):
        db.session.add(SmsMessage(direction="out", purpose="contact_prompt", enqueue_key="k1",
                                  citizen_id=citizen.id, to_number="+4520123456", body="x"))
    try:
        db.session.commit()
        raise AssertionError("a duplicate enqueue key was stored")
    except IntegrityError:
        db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(SmsMessage)) == 0
    assert reload  # shared helper kept importable


LONG_OFFICE = "Jobcenter København, Ydelsesservice, Afdelingen for opsøgende indsats Nord"


def test_a_prompt_too_long_for_one_sms_refuses_the_step_and_queues_nothing(
        client, make_user, make_case):
    # The template was fine when saved; the office's name is longer than its worst case.
    db.session.add(Office(name=LONG_OFFICE, address="Rådhuspladsen 1", phone="+4533663366"))
    db.session.commit()
    make_user("k", "coordinator")
    client.login("k")
    case = make_case()
    up_to_sms(client, case.id)
    refused = step(client, case.id, "sms_prompt", outcome="sent", on=days_ago(0))
    assert refused.status_code == 400
    assert "ikke være i én SMS" in refused.get_data(as_text=True)
    assert outbound() == []
    assert db.session.scalar(select(func.count(ContactAttempt.id)).where(
        ContactAttempt.case_id == case.id, ContactAttempt.rung == "sms_prompt")) == 0


def test_a_reminder_too_long_for_one_sms_books_nothing(client, make_user, make_citizen):
    db.session.add(Office(name=LONG_OFFICE, address="Rådhuspladsen 1", phone="+4533663366"))
    db.session.commit()
    make_user("k", "coordinator")
    client.login("k")
    citizen = make_citizen()
    on = (datetime.now(UTC) + timedelta(days=5)).date()
    refused = client.submit(f"/citizens/{citizen.id}/appointments",
                            {"on": on.isoformat(), "at": "10:00"})
    assert refused.status_code == 400
    assert "ikke være i én SMS" in refused.get_data(as_text=True)
    assert outbound() == []
    assert db.session.scalar(select(func.count(Appointment.id))) == 0
