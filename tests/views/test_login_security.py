"""Finding 1 and 13: failed logins wait per account and per client address, behind a
trusted proxy the audit trail names the client, and production sends HSTS."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from outreach_app.extensions import db
from outreach_app.models import AuditEvent
from tests.conftest import PASSWORD, Client


def _client(app, address: str, forwarded_for: str | None = None) -> Client:
    app.test_client_class = Client
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    if forwarded_for:
        client.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client


def test_many_successful_logins_from_one_address_never_lock_anyone_out(client, make_user):
    for n in range(15):
        make_user(f"worker{n}", "coordinator")
    for n in range(15):
        response = client.login(f"worker{n}")
        assert response.status_code == 302
        client.submit("/logout", {}, form_url="/coordinator/")


def test_an_account_waits_after_repeated_failures_and_is_told_how_long(client, make_user):
    make_user("anna", "coordinator")
    codes = [client.login("anna", "wrong-password").status_code for _ in range(5)]
    assert codes == [400] * 5
    # The right password now waits too: guessing must not go on.
    response = client.login("anna")
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "Vent 5 minutter" in page
    # A colleague on the same address is not affected.
    make_user("bo", "coordinator")
    assert client.login("bo").status_code == 302


def test_the_account_may_try_again_after_the_wait(client, make_user):
    make_user("anna", "coordinator")
    for _ in range(5):
        client.login("anna", "wrong-password")
    assert client.login("anna").status_code == 429
    # Let the wait pass (the failures are older than the wait).
    db.session.execute(update(AuditEvent).where(AuditEvent.action == "login_failed")
                       .values(at=datetime.now(UTC) - timedelta(minutes=6)))
    db.session.commit()
    assert client.login("anna").status_code == 302


def test_a_successful_login_resets_the_account_count(client, make_user):
    make_user("anna", "coordinator")
    for _ in range(4):
        client.login("anna", "wrong-password")
    assert client.login("anna").status_code == 302
    client.submit("/logout", {}, form_url="/coordinator/")
    for _ in range(4):
        assert client.login("anna", "wrong-password").status_code == 400
    assert client.login("anna").status_code == 302


def test_unknown_names_are_counted_like_real_ones(client):
    codes = [client.login("nobody", "wrong-password").status_code for _ in range(6)]
    assert codes == [400] * 5 + [429]


def test_one_address_guessing_many_names_waits(app_factory, make_user):
    app = app_factory(LOGIN_ADDRESS_FAILURES="6")
    with app.app_context():
        make_user("anna", "coordinator")
        attacker = _client(app, "203.0.113.9")
        codes = [attacker.login(f"name{n}", "wrong-password").status_code for n in range(7)]
        assert codes == [400] * 6 + [429]
        assert attacker.login("anna").status_code == 429
        # Another machine logs in as usual.
        assert _client(app, "203.0.113.10").login("anna").status_code == 302


def test_behind_a_trusted_proxy_two_clients_are_two_addresses(app_factory, make_user):
    app = app_factory(TRUSTED_PROXIES="1", LOGIN_ADDRESS_FAILURES="3")
    with app.app_context():
        make_user("anna", "coordinator")
        proxy = "10.0.0.1"
        guesser = _client(app, proxy, forwarded_for="198.51.100.7")
        colleague = _client(app, proxy, forwarded_for="198.51.100.8")
        for n in range(3):
            guesser.login(f"x{n}", "wrong-password")
        assert guesser.login("y", "wrong-password").status_code == 429
        assert colleague.login("anna").status_code == 302
        ips = {e.action: e.ip for e in db.session.scalars(select(AuditEvent))}
        assert ips["login"] == "198.51.100.8"
        assert ips["login_failed"] == "198.51.100.7"


def test_without_trusted_proxies_a_forged_forwarded_for_is_ignored(app_factory, make_user):
    app = app_factory()
    with app.app_context():
        make_user("anna", "coordinator")
        client = _client(app, "192.0.2.5", forwarded_for="1.2.3.4")
        assert client.login("anna").status_code == 302
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "login"))
        assert event.ip == "192.0.2.5"


@pytest.mark.parametrize("env,expected", [
    ({"APP_ENV": "production", "SECRET_KEY": "k" * 40}, "max-age=31536000"),
    ({"APP_ENV": "production", "SECRET_KEY": "k" * 40, "HSTS_MAX_AGE": "600"}, "max-age=600"),
    ({}, None),
])
def test_hsts_in_production_with_configurable_max_age(app_factory, env, expected):
    app = app_factory(**env)
    response = app.test_client().get("/login")
    assert response.headers.get("Strict-Transport-Security") == expected


def test_password_is_never_in_the_trail(client, make_user):
    make_user("anna", "coordinator")
    client.login("anna", "my-secret-guess")
    client.login("anna", PASSWORD)
    details = " ".join(str(e.details) for e in db.session.scalars(select(AuditEvent)))
    assert "my-secret-guess" not in details and PASSWORD not in details


@pytest.mark.parametrize("target", ["/coordinator/\r\nSet-Cookie: x=1", "/x\nfoo", "/\x00",
                                    "/\\evil.example", "/\x7f", "/%0d%0a", "\t/cases"])
def test_next_with_control_characters_is_ignored(client, make_user, target):
    make_user("anna", "coordinator")
    token = client.csrf_token("/login")
    response = client.post("/login", query_string={"next": target},
                           data={"username": "anna", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    assert "\n" not in response.location and "evil" not in response.location
    answer = client.post("/language", data={"lang": "en", "next": target,
                                            "csrf_token": client.csrf_token("/coordinator/")})
    assert answer.status_code == 302 and "\n" not in answer.location
