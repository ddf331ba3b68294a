"""Finding 9: password rules (not the user name, not guessable), look-alike user names,
changing one's own password, and an administrator's one-time password."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from outreach_app.extensions import db
from outreach_app.models import AuditEvent, User, UserSession
from tests.conftest import PASSWORD, Client

GOOD = "Tr0mbone-Kaffekop-7"


def _create(client, username: str, password: str):
    return client.submit("/admin/users", {
        "username": username, "role": "coordinator", "team_id": "0",
        "password": password, "password_again": password})


@pytest.fixture
def admin(client, make_user):
    make_user("boss", "admin")
    client.login("boss")
    return client


@pytest.mark.parametrize("password", ["password1234", "qwertyuiop123", "Sommer2024",
                                      "kirsten.hansen", "Kirsten.Hansen1", "1234567890"])
def test_common_or_own_name_passwords_are_refused_beside_the_field(admin, password):
    response = _create(admin, "kirsten.hansen", password)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="password-error"' in page
    assert db.session.scalar(select(User).where(User.username == "kirsten.hansen")) is None


def test_a_strong_password_is_accepted(admin):
    assert _create(admin, "kirsten.hansen", GOOD).status_code == 302


@pytest.mark.parametrize("username", ["аdmin", "bоss2", "anna\u200b", "ad\u00admin"])
def test_look_alike_user_names_mixing_scripts_are_refused(admin, username):
    response = _create(admin, username, GOOD)
    assert response.status_code == 400
    assert 'id="username-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_danish_letters_are_one_script(admin):
    assert _create(admin, "søren.ærø", GOOD).status_code == 302


def test_bidi_controls_in_a_user_name_are_stripped(admin):
    assert _create(admin, "kim\u202e", GOOD).status_code == 302
    assert db.session.scalar(select(User).where(User.username == "kim")) is not None


def test_each_user_changes_their_own_password_and_other_sessions_end(app, client, make_user):
    make_user("anna", "coordinator")
    app.test_client_class = Client
    phone = app.test_client()
    phone.login("anna")
    client.login("anna")
    response = client.submit("/account/password", {
        "current_password": PASSWORD, "password": GOOD, "password_again": GOOD})
    assert response.status_code == 302
    assert client.get("/coordinator/").status_code == 200  # this session goes on
    assert phone.get("/coordinator/").status_code == 302   # every other one ended at once
    client.submit("/logout", {}, form_url="/coordinator/")
    assert client.login("anna", PASSWORD).status_code == 400
    assert client.login("anna", GOOD).status_code == 302
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "password.change"))


def test_a_wrong_current_password_or_weak_new_one_changes_nothing(client, make_user):
    make_user("anna", "coordinator")
    client.login("anna")
    wrong = client.submit("/account/password", {
        "current_password": "not-it-at-all", "password": GOOD, "password_again": GOOD})
    assert wrong.status_code == 400 and 'id="current_password-error"' in wrong.get_data(
        as_text=True)
    weak = client.submit("/account/password", {
        "current_password": PASSWORD, "password": "anna-anna-1", "password_again": "anna-anna-1"})
    assert weak.status_code == 400 and 'id="password-error"' in weak.get_data(as_text=True)
    client.submit("/logout", {}, form_url="/coordinator/")
    assert client.login("anna", PASSWORD).status_code == 302


def test_every_role_reaches_the_password_page(client, make_user):
    for role in ("coordinator", "caseworker", "outreach", "admin"):
        make_user(f"u-{role}", role)
        client.login(f"u-{role}")
        assert client.get("/account/password").status_code == 200
        client.submit("/logout", {}, form_url="/account/password")


def test_a_one_time_password_must_be_changed_at_first_login(app, admin, make_user):
    worker = make_user("walker", "outreach")
    app.test_client_class = Client
    phone = app.test_client()
    phone.login("walker")
    response = admin.submit(f"/admin/users/{worker.id}/password",
                            {"password": "Midlertidig-Kode-42"},
                            form_url=f"/admin/users/{worker.id}")
    assert response.status_code == 302
    # The old session ended with the old password.
    assert phone.get("/field/").status_code == 302
    assert db.session.scalar(select(UserSession.end_reason)
                             .where(UserSession.user_id == worker.id)) == "password"
    assert phone.login("walker", "Midlertidig-Kode-42").status_code == 302
    # Every page leads to the password page until a password of their own is chosen.
    answer = phone.get("/field/")
    assert answer.status_code == 302 and answer.location.endswith("/account/password")
    page = phone.get("/account/password").get_data(as_text=True)
    assert "Vælg din egen adgangskode" in page
    done = phone.submit("/account/password", {
        "current_password": "Midlertidig-Kode-42", "password": GOOD, "password_again": GOOD})
    assert done.status_code == 302
    assert phone.get("/field/").status_code == 200
    db.session.expire_all()
    assert db.session.get(User, worker.id).must_change_password is False
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "password.reset"))


def test_a_weak_one_time_password_is_refused(admin, make_user):
    worker = make_user("walker", "outreach")
    response = admin.submit(f"/admin/users/{worker.id}/password", {"password": "walker123"},
                            form_url=f"/admin/users/{worker.id}")
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, worker.id).must_change_password is False


def test_guessing_the_current_password_on_the_password_page_makes_the_account_wait(
        app, client, make_user):
    """The password page is a login by another name: its failures count, and its wait is
    the login's wait, for this session and for a fresh login alike."""
    make_user("anna", "coordinator")
    client.login("anna")
    codes = [client.submit("/account/password", {
        "current_password": f"guess-number-{n}", "password": GOOD, "password_again": GOOD}
    ).status_code for n in range(5)]
    assert codes == [400] * 5
    failures = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "login_failed")).all()
    assert len(failures) == 5 and {f.username for f in failures} == {"anna"}
    # Even the right password waits now, beside the field, and changes nothing.
    right = client.submit("/account/password", {
        "current_password": PASSWORD, "password": GOOD, "password_again": GOOD})
    page = right.get_data(as_text=True)
    assert right.status_code == 429
    assert re.search(r'id="current_password-error">[^<]*Vent 5 minutter', page)
    # The login page applies the same wait to the account.
    app.test_client_class = Client
    other = app.test_client()
    assert other.login("anna").status_code == 429
    assert other.login("anna", GOOD).status_code == 429
