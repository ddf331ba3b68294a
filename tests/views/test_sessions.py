"""Finding 2: sessions live on the server. Logout, deactivation and a password change end
them at once; they survive a change of address; they end after the idle time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from outreach_app.extensions import db
from outreach_app.models import UserSession
from tests.conftest import Client


def _copy_cookie(app, source: Client) -> Client:
    app.test_client_class = Client
    thief = app.test_client()
    cookie = source.get_cookie("session")
    thief.set_cookie("session", cookie.value)
    return thief


def test_a_copied_cookie_stops_working_at_logout(app, client, make_user):
    make_user("anna", "coordinator")
    client.login("anna")
    thief = _copy_cookie(app, client)
    assert thief.get("/coordinator/").status_code == 200  # the copy works while logged in
    client.submit("/logout", {}, form_url="/coordinator/")
    response = thief.get("/coordinator/")
    assert response.status_code == 302 and "/login" in response.location


def test_deactivating_a_user_ends_their_session_at_once(app, client, make_user):
    make_user("boss", "admin")
    worker = make_user("gone", "outreach")
    app.test_client_class = Client
    phone = app.test_client()
    phone.login("gone")
    assert phone.get("/field/").status_code == 200
    client.login("boss")
    client.submit(f"/admin/users/{worker.id}", {"full_name": "", "role": "outreach",
                                                "team_id": "0"})  # "active" unticked
    assert phone.get("/field/").status_code == 302
    ended = db.session.scalar(select(UserSession).where(UserSession.user_id == worker.id))
    assert ended.end_reason == "deactivated"


def test_a_session_is_not_tied_to_the_client_address(app, make_user):
    make_user("walker", "outreach")
    app.test_client_class = Client
    phone = app.test_client()
    phone.environ_base["REMOTE_ADDR"] = "192.0.2.10"  # Wi-Fi
    phone.login("walker")
    phone.environ_base["REMOTE_ADDR"] = "198.51.100.77"  # 4G, another address
    phone.environ_base["HTTP_USER_AGENT"] = "same phone, new network"
    assert phone.get("/field/").status_code == 200


def _age_sessions(minutes: int) -> None:
    db.session.execute(update(UserSession).values(
        last_seen_at=datetime.now(UTC) - timedelta(minutes=minutes)))
    db.session.commit()


def test_a_desk_session_ends_after_the_idle_time(client, make_user):
    make_user("anna", "coordinator")
    client.login("anna")
    _age_sessions(29)
    assert client.get("/coordinator/").status_code == 200
    _age_sessions(31)
    response = client.get("/coordinator/")
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "Log ind igen" in page


def test_an_outreach_session_lasts_a_shift_without_requests(app, make_user):
    make_user("walker", "outreach")
    app.test_client_class = Client
    phone = app.test_client()
    phone.login("walker")
    _age_sessions(4 * 60)  # a long quiet stretch between visits
    assert phone.get("/field/").status_code == 200
    _age_sessions(10 * 60)
    assert phone.get("/field/").status_code == 302


def test_idle_time_is_configurable(app_factory, make_user):
    app = app_factory(SESSION_IDLE_MINUTES="5")
    with app.app_context():
        make_user("anna", "coordinator")
        app.test_client_class = Client
        desk = app.test_client()
        desk.login("anna")
        _age_sessions(6)
        assert desk.get("/coordinator/").status_code == 302


def test_the_cookie_holds_no_usable_token_in_the_database(client, make_user):
    make_user("anna", "coordinator")
    client.login("anna")
    row = db.session.scalar(select(UserSession))
    assert row.ended_at is None and len(row.token_hash) == 64
