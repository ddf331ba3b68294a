"""The SMS pages: the admin's template editor and word list, the coordinator's SMS desk,
and booking job-centre meetings with reminders."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from outreach_app.extensions import db
from outreach_app.models import AuditEvent, SmsForbiddenTerm, SmsMessage, SmsTemplate


def login(client, make_user, role: str):
    make_user(role, role)
    client.login(role)


def beside(page: str, field: str) -> str:
    """The error text shown beside a form field ('' when there is none)."""
    found = re.search(rf'<p class="error" id="{field}-error">(.*?)</p>', page, re.S)
    return found.group(1) if found else ""


def template_body(key: str) -> str:
    db.session.expire_all()
    return db.session.scalar(select(SmsTemplate.body).where(SmsTemplate.key == key))


def test_editor_shows_characters_and_segments_of_the_worst_case(client, make_user):
    login(client, make_user, "admin")
    page = client.get("/admin/sms/templates/reminder_days").get_data(as_text=True)
    assert "GSM-7" in page and "onsdag den 30. september" in page
    response = client.submit("/admin/sms/templates/reminder_days",
                             {"body": "Hej 🙂 {date} kl. {time}", "lead_hours": "48",
                              "action": "check"})
    page = response.get_data(as_text=True)
    assert "UCS-2" in page
    assert template_body("reminder_days") != "Hej 🙂 {date} kl. {time}"  # checked, not saved


def test_template_with_a_forbidden_word_is_refused_naming_it(client, make_user):
    login(client, make_user, "admin")
    before = template_body("contact_prompt")
    response = client.submit("/admin/sms/templates/contact_prompt",
                             {"body": "Din kontanthjælp: ring {office_phone}"})
    assert response.status_code == 400
    assert beside(response.get_data(as_text=True), "body") == (
        "Ordet “kontanthjælp” må ikke bruges i en SMS: det kan afsløre, hvad beskeden "
        "handler om.")
    assert template_body("contact_prompt") == before


def test_a_refused_template_is_explained_in_english_too(client, make_user):
    login(client, make_user, "admin")
    client.submit("/language", {"lang": "en", "next": "/admin/sms/templates"})
    response = client.submit("/admin/sms/templates/contact_prompt",
                             {"body": "Hej {navn}, ring {telefon} om din kontanthjælp"})
    assert response.status_code == 400
    assert beside(response.get_data(as_text=True), "body") == (
        "The word “kontanthjælp” may not be used in an SMS: it can reveal what the message "
        "is about. The placeholder {navn} may not be used in an SMS. The placeholder "
        "{telefon} is not available in this template.")


def test_checking_a_template_shows_what_is_wrong_beside_it_and_saves_nothing(client,
                                                                          make_user):
    login(client, make_user, "admin")
    before = template_body("contact_prompt")
    response = client.submit("/admin/sms/templates/contact_prompt",
                             {"body": "Om din sanktion: ring {office_phone}", "action": "check"})
    assert response.status_code == 400
    assert beside(response.get_data(as_text=True), "body").startswith("Ordet “sanktion”")
    assert template_body("contact_prompt") == before


def test_template_naming_a_forbidden_placeholder_is_refused(client, make_user):
    login(client, make_user, "admin")
    response = client.submit("/admin/sms/templates/contact_prompt",
                             {"body": "Hej {navn}, ring {office_phone}"})
    assert response.status_code == 400
    assert beside(response.get_data(as_text=True), "body") == (
        "Pladsholderen {navn} må ikke bruges i en SMS.")


def test_too_long_template_is_refused_with_its_length(client, make_user):
    login(client, make_user, "admin")
    response = client.submit("/admin/sms/templates/contact_prompt",
                             {"body": "Ring til os. " * 13 + "{office_phone}"})
    assert response.status_code == 400
    assert re.fullmatch(r"Når beskeden er længst, er den \d+ tegn \(GSM-7\), 2 .*",
                        beside(response.get_data(as_text=True), "body"))


def test_good_template_is_saved_and_audited(client, make_user):
    login(client, make_user, "admin")
    response = client.submit("/admin/sms/templates/reminder_hours",
                             {"body": "Husk din aftale i dag kl. {time}. {office}",
                              "lead_hours": "4"})
    assert response.status_code == 302
    row = db.session.scalar(select(SmsTemplate).where(SmsTemplate.key == "reminder_hours"))
    assert row.body == "Husk din aftale i dag kl. {time}. {office}"
    assert row.lead_minutes == 240
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.action == "sms_template.update"))


def test_admin_adds_a_forbidden_word_and_templates_are_checked_against_it(client, make_user):
    login(client, make_user, "admin")
    assert client.submit("/admin/sms/terms", {"term": " Jobcenter "}).status_code == 302
    assert db.session.scalar(select(SmsForbiddenTerm).where(
        SmsForbiddenTerm.term == "jobcenter"))
    assert client.submit("/admin/sms/terms", {"term": "jobcenter"}).status_code == 400
    response = client.submit("/admin/sms/templates/contact_prompt",
                             {"body": "Ring til Jobcenteret på {office_phone}"})
    assert response.status_code == 400 and "jobcenter" in response.get_data(as_text=True)


def test_coordinator_sees_new_replies_and_unknown_messages(client, make_user, make_citizen):
    login(client, make_user, "coordinator")
    citizen = make_citizen(full_name="Ida Fiktivsen")
    db.session.add_all([
        SmsMessage(direction="in", purpose="reply", citizen_id=citizen.id,
                   to_number="+4570707070", from_number="+4520123456",
                   body="Jeg ringer i morgen", status="received", provider_sid="SM1"),
        SmsMessage(direction="in", purpose="reply", to_number="+4570707070",
                   from_number="+4530303030", body="Hvem er I?", status="received",
                   provider_sid="SM2"),
        SmsMessage(direction="out", purpose="contact_prompt", citizen_id=citizen.id,
                   to_number="+4520123456", body="x", status="unknown"),
    ])
    db.session.commit()
    page = client.get("/sms/").get_data(as_text=True)
    assert "Jeg ringer i morgen" in page and "Hvem er I?" in page
    assert "Ida Fiktivsen" in page
    assert "Ukendt" in page or "Unknown" in page
    reply = db.session.scalar(select(SmsMessage).where(SmsMessage.provider_sid == "SM1"))
    assert client.submit(f"/sms/replies/{reply.id}/read", {}, form_url="/sms/"
                         ).status_code == 302
    page = client.get("/sms/").get_data(as_text=True)
    assert "Jeg ringer i morgen" not in page.split("Ukendt")[0]


def test_the_sms_desk_shows_a_moment_like_every_other_page(client, make_user, make_citizen):
    login(client, make_user, "coordinator")
    citizen = make_citizen(full_name="Ida Fiktivsen")
    # 13:43 UTC on a winter day is 14:43 in Copenhagen.
    db.session.add(SmsMessage(direction="in", purpose="reply", citizen_id=citizen.id,
                              to_number="+4570707070", from_number="+4520123456",
                              body="Ja", status="received", provider_sid="SM9",
                              created_at=datetime(2026, 11, 29, 13, 43, tzinfo=UTC)))
    db.session.commit()
    page = client.get("/sms/").get_data(as_text=True)
    assert "<td data-label=\"Modtaget\">29. nov. 2026 14:43</td>" in page
    assert "29.11.2026" not in page
    client.submit("/language", {"lang": "en", "next": "/sms/"}, form_url="/sms/")
    page = client.get("/sms/").get_data(as_text=True)
    assert "<td data-label=\"Received\">Nov 29, 2026 14:43</td>" in page


def test_booking_a_meeting_queues_reminders_and_cancelling_clears_them(
        client, make_user, make_citizen):
    login(client, make_user, "coordinator")
    citizen = make_citizen()
    url = f"/citizens/{citizen.id}/appointments"
    on = (date.today() + timedelta(days=6)).isoformat()
    assert client.submit(url, {"on": on, "at": "10:00"}).status_code == 302
    queued = db.session.scalars(select(SmsMessage)).all()
    assert sorted(m.purpose for m in queued) == ["reminder_days", "reminder_hours"]
    past = (date.today() - timedelta(days=1)).isoformat()
    refused = client.submit(url, {"on": past, "at": "10:00"})
    assert refused.status_code == 400
    page = client.get(url).get_data(as_text=True)
    assert re.search(r"\b10[.:]00\b", page)  # Danish writes 10.00
    from outreach_app.models import Appointment
    appointment = db.session.scalar(select(Appointment))
    client.submit(f"/citizens/appointments/{appointment.id}/cancel", {}, form_url=url)
    db.session.expire_all()
    assert {m.status for m in db.session.scalars(select(SmsMessage))} == {"cleared"}
