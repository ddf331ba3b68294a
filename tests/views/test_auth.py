"""Logging in and out: start pages per role, one message for any failure, rate limit, CSRF."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from outreach_app.extensions import db
from outreach_app.models import AuditEvent, User

START = {
    "coordinator": "/coordinator/",
    "caseworker": "/caseworker/",
    "outreach": "/field/",
    "admin": "/admin/users",
}


@pytest.mark.parametrize("role", sorted(START))
def test_each_role_lands_on_its_start_page(client, make_user, role):
    make_user("person", role)
    response = client.login("person")
    assert response.status_code == 302
    page = client.get(response.location, follow_redirects=True)
    assert page.status_code == 200
    assert page.request.path == START[role]


def test_login_form_fields_are_named_username_and_password(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'name="username"' in page and 'name="password"' in page
    assert 'autocomplete="current-password"' in page


def test_wrong_password_says_only_wrong_user_name_or_password(client, make_user):
    make_user("anna", "coordinator")
    for username, password in (("anna", "not-the-password"), ("nobody", "whatever-it-is")):
        response = client.login(username, password)
        page = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "Forkert brugernavn eller adgangskode." in page


def test_failed_logins_are_audited_without_the_password(client, make_user):
    make_user("anna", "coordinator")
    client.login("anna", "not-the-password")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "login_failed"))
    assert event.username == "anna" and event.ip == "127.0.0.1"
    assert "not-the-password" not in str(event.details)


def test_login_and_logout_are_audited(client, make_user):
    user = make_user("anna", "coordinator")
    client.login("anna")
    client.submit("/logout", {}, form_url="/coordinator/")
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.user_id == user.id).order_by(AuditEvent.id)
    ).all()
    assert actions[0] == "login" and actions[-1] == "logout"


def test_deactivated_user_cannot_log_in_and_keeps_history(client, make_user):
    user = make_user("gone", "outreach")
    client.login("gone")
    user.active = False
    db.session.commit()
    # The session in progress ends at the next request ...
    assert client.get("/field/").status_code == 302
    # ... and a new login is refused with the same message as a wrong password.
    response = client.login("gone")
    assert response.status_code == 400
    assert "Forkert brugernavn eller adgangskode." in response.get_data(as_text=True)
    assert db.session.get(User, user.id) is not None
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.user_id == user.id,
                                                      AuditEvent.action == "login"))


def test_post_without_csrf_token_is_refused_and_changes_nothing(client, make_user):
    make_user("boss", "admin")
    client.login("boss")
    response = client.post("/admin/users", data={
        "username": "sneaky", "role": "admin", "team_id": "0",
        "password": "long-enough-pw", "password_again": "long-enough-pw",
    })
    assert response.status_code == 400
    assert "Formularen er udløbet" in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.username == "sneaky")) is None


def test_forged_csrf_token_is_refused(client, make_user):
    make_user("boss", "admin")
    client.login("boss")
    response = client.post("/admin/users", data={
        "username": "sneaky", "role": "admin", "password": "long-enough-pw",
        "password_again": "long-enough-pw", "csrf_token": "forged.token.value",
    })
    assert response.status_code == 400
    assert db.session.scalar(select(User).where(User.username == "sneaky")) is None


def test_logout_needs_post(client, make_user):
    make_user("anna", "coordinator")
    client.login("anna")
    assert client.get("/logout").status_code == 405
    assert client.get("/coordinator/").status_code == 200


def test_next_parameter_cannot_send_the_user_to_another_site(client, make_user):
    make_user("anna", "coordinator")
    token = client.csrf_token("/login")
    response = client.post("/login?next=https://evil.example/", data={
        "username": "anna", "password": "correct-horse-battery", "csrf_token": token})
    assert response.status_code == 302
    assert "evil.example" not in response.location


def test_session_cookie_is_httponly_and_samesite(client, make_user):
    make_user("anna", "coordinator")
    response = client.login("anna")
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
