"""Twilio's webhooks, signed with the SDK's RequestValidator as Twilio signs them."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

from outreach_app.domain.lifecycle import CaseStatus
from outreach_app.extensions import db
from outreach_app.models import AuditEvent, Case, Citizen, ContactAttempt, SmsEvent, SmsMessage
from tests.sms.conftest import PUBLIC, reload
from tests.sms.fake_twilio import AUTH_TOKEN

STATUS = "/webhooks/twilio/status"
INBOUND = "/webhooks/twilio/inbound"


def signed_post(client, path: str, form: dict, *, url: str | None = None,
                token: str = AUTH_TOKEN, headers: dict | None = None):
    signature = RequestValidator(token).compute_signature(url or PUBLIC + path, form)
    return client.post(path, data=form, headers={"X-Twilio-Signature": signature,
                                                 **(headers or {})})


def accepted(queue_message, sid="SM" + "a" * 32) -> SmsMessage:
    message = queue_message(status="accepted", provider_sid=sid)
    return message


def callback(message: SmsMessage, status: str, **extra) -> tuple[str, dict]:
    return (f"{STATUS}?message={message.id}",
            {"MessageSid": message.provider_sid, "MessageStatus": status,
             "AccountSid": "AC" + "0" * 32, **extra})


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_status_callback_moves_the_message_and_is_stored(client, queue_message):
    message = accepted(queue_message)
    path, form = callback(message, "delivered")
    response = signed_post(client, path, form)
    assert response.status_code == 200
    assert reload(message).status == "delivered"
    event = db.session.scalar(select(SmsEvent))
    assert event.message_id == message.id and event.applied
    assert event.provider_status == "delivered"


def test_repeated_and_out_of_order_callbacks_keep_the_final_state(client, queue_message):
    message = accepted(queue_message)
    for status in ("sent", "delivered", "sent", "delivered", "sending", "undelivered"):
        path, form = callback(message, status)
        assert signed_post(client, path, form).status_code == 200
    assert reload(message).status == "delivered"
    assert count(SmsEvent) == 6  # every callback stored, applied or not
    applied = db.session.scalars(select(SmsEvent.provider_status)
                                 .where(SmsEvent.applied)).all()
    assert applied == ["sent", "delivered"]


def test_callback_identifies_an_unknown_message_by_our_id(client, queue_message):
    message = queue_message(status="unknown")
    path = f"{STATUS}?message={message.id}"
    form = {"MessageSid": "SM" + "b" * 32, "MessageStatus": "sent"}
    signed_post(client, path, form)
    settled = reload(message)
    assert settled.status == "sent" and settled.provider_sid == "SM" + "b" * 32


def test_wrong_signature_wrong_url_and_missing_header_change_nothing(client, queue_message):
    message = accepted(queue_message)
    path, form = callback(message, "delivered")
    assert signed_post(client, path, form, token="another-token").status_code == 403
    assert signed_post(client, path, form,
                       url="https://attacker.example" + path).status_code == 403
    assert client.post(path, data=form).status_code == 403
    tampered = RequestValidator(AUTH_TOKEN).compute_signature(PUBLIC + path, form)
    assert client.post(path, data={**form, "MessageStatus": "failed"},
                       headers={"X-Twilio-Signature": tampered}).status_code == 403
    assert reload(message).status == "accepted"
    assert count(SmsEvent) == 0


def test_unknown_sid_answers_200_logs_and_changes_nothing(client, queue_message, caplog):
    message = accepted(queue_message)
    response = signed_post(client, STATUS, {"MessageSid": "SM" + "f" * 32,
                                            "MessageStatus": "delivered"})
    assert response.status_code == 200
    assert "unknown message SID" in caplog.text
    assert reload(message).status == "accepted"
    assert db.session.scalar(select(SmsEvent.message_id)) is None


def test_callback_with_our_id_but_another_sid_is_not_applied(client, queue_message):
    message = accepted(queue_message)
    signed_post(client, f"{STATUS}?message={message.id}",
                {"MessageSid": "SM" + "c" * 32, "MessageStatus": "failed"})
    assert reload(message).status == "accepted"


def test_failed_callback_with_21610_opts_the_citizen_out(client, queue_message):
    message = accepted(queue_message)
    path, form = callback(message, "failed", ErrorCode="21610")
    signed_post(client, path, form)
    assert reload(message).status == "failed"
    assert db.session.get(Citizen, message.citizen_id).sms_opt_out is True


def test_status_without_its_fields_is_400(client):
    assert signed_post(client, STATUS, {"MessageSid": "SM1"}).status_code == 400


def inbound_form(body: str, from_: str = "+4520123456", sid: str | None = None) -> dict:
    return {"MessageSid": sid or "SM" + str(abs(hash((body, from_))))[:32].ljust(32, "0"),
            "AccountSid": "AC" + "0" * 32, "From": from_, "To": "+4570707070",
            "Body": body, "NumMedia": "0"}


def test_reply_is_contact_on_the_open_case_and_no_automatic_answer(client, make_case):
    case = make_case()
    sms_prompt_sent(case)
    response = signed_post(client, INBOUND, inbound_form("Hej, jeg ringer i morgen"))
    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    assert "<Message" not in response.get_data(as_text=True)
    reply = db.session.scalar(select(SmsMessage).where(SmsMessage.direction == "in"))
    assert reply.case_id == case.id and reply.citizen_id == case.citizen_id
    assert reply.read_at is None  # in the coordinator's list of new replies
    contact = db.session.scalar(select(ContactAttempt).where(
        ContactAttempt.case_id == case.id, ContactAttempt.outcome == "contact"))
    assert contact.rung == "sms_prompt"
    assert db.session.get(Case, case.id).status == CaseStatus.AWAITING_DECISION


def sms_prompt_sent(case):
    """The ladder up to a sent prompt, written directly (the ladder service is tested
    elsewhere): letter, case file, phone, SMS."""
    on = date.today() - timedelta(days=1)
    for rung, outcome in (("hearing_letter", "sent"), ("case_file_check", "no_contact"),
                          ("phone_call", "no_answer"), ("sms_prompt", "sent")):
        db.session.add(ContactAttempt(case_id=case.id, rung=rung, outcome=outcome,
                                      occurred_on=on,
                                      letter_channel="digital_post"
                                      if rung == "hearing_letter" else None,
                                      reply_days=7 if rung == "hearing_letter" else None))
    db.session.commit()


def test_reply_matches_a_number_written_differently(client, make_citizen):
    citizen = make_citizen(phone_mobile="+4520123456")
    signed_post(client, INBOUND, inbound_form("ok", from_="+45 20 12 34 56"))
    reply = db.session.scalar(select(SmsMessage).where(SmsMessage.direction == "in"))
    assert reply.citizen_id == citizen.id and reply.from_number == "+4520123456"


def test_stop_and_afmeld_opt_out_start_opts_in(client, make_citizen):
    citizen = make_citizen()
    for n, body in enumerate(("  stop ", "AFMELD", "Afmeld.")):
        citizen_row = db.session.get(Citizen, citizen.id)
        citizen_row.sms_opt_out = False
        db.session.commit()
        signed_post(client, INBOUND, inbound_form(body, sid=f"SM{n:032d}"))
        db.session.expire_all()
        assert db.session.get(Citizen, citizen.id).sms_opt_out is True, body
    signed_post(client, INBOUND, inbound_form("Start", sid="SM" + "9" * 32))
    db.session.expire_all()
    assert db.session.get(Citizen, citizen.id).sms_opt_out is False
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.citizen_id == citizen.id)).all()
    assert actions.count("citizen.sms_opt_out") == 3 and "citizen.sms_opt_in" in actions


def test_stop_inside_a_sentence_is_a_reply_not_an_opt_out(client, make_citizen):
    citizen = make_citizen()
    signed_post(client, INBOUND, inbound_form("Jeg kan ikke stoppe nu"))
    db.session.expire_all()
    assert db.session.get(Citizen, citizen.id).sms_opt_out is False


def test_reply_from_an_unknown_number_is_kept(client):
    response = signed_post(client, INBOUND, inbound_form("Hvem er I?", from_="+4530303030"))
    assert response.status_code == 200
    reply = db.session.scalar(select(SmsMessage).where(SmsMessage.direction == "in"))
    assert reply.citizen_id is None and reply.body == "Hvem er I?"


def test_twilio_retrying_the_inbound_webhook_stores_it_once(client, make_citizen):
    make_citizen()
    form = inbound_form("Hej")
    signed_post(client, INBOUND, form)
    signed_post(client, INBOUND, form)
    assert count(SmsMessage) == 1


def test_malformed_inbound_is_400_and_stores_nothing(client):
    assert signed_post(client, INBOUND, {"MessageSid": "SM1", "Body": "x"}).status_code == 400
    assert signed_post(client, INBOUND, {"MessageSid": "SM1", "From": "not a number",
                                         "Body": "x"}).status_code == 400
    assert count(SmsMessage) == 0


def test_webhooks_are_the_only_csrf_exempt_posts(client, make_user):
    # A logged-in form without a token is still refused (CSRF applies elsewhere).
    make_user("k", "coordinator")
    client.login("k")
    assert client.post("/language", data={"lang": "en"}).status_code == 400


def test_only_the_two_webhooks_skip_the_login_for_a_signature():
    from outreach_app.views.access import ENDPOINT_ROLES, SIGNED

    signed = sorted(e for e, rule in ENDPOINT_ROLES.items() if rule == SIGNED)
    assert signed == ["webhooks.inbound", "webhooks.status"]


def test_a_nul_character_in_a_reply_does_not_lose_it(client, make_citizen):
    make_citizen()
    response = signed_post(client, INBOUND, inbound_form("Hej\x00 igen"))
    assert response.status_code == 200
    assert db.session.scalar(select(SmsMessage.body)) == "Hej igen"
