"""The admin's user page: create, change role, deactivate; bad input saves nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from outreach_app.extensions import db
from outreach_app.models import AuditEvent, User


def _count_users():
    return db.session.scalar(select(func.count(User.id)))


def test_admin_creates_a_user_who_can_then_log_in(client, make_user):
    make_user("boss", "admin")
    client.login("boss")
    response = client.submit("/admin/users", {
        "username": "ny", "full_name": "Ny Medarbejder", "role": "outreach", "team_id": "0",
        "password": "a-long-password", "password_again": "a-long-password"})
    assert response.status_code == 302
    created = db.session.scalar(select(User).where(User.username == "ny"))
    assert created.role == "outreach" and created.password_hash != "a-long-password"
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.create"))
    client.submit("/logout", {}, form_url="/admin/users")
    assert client.login("ny", "a-long-password").status_code == 302


def test_short_password_and_mismatch_are_shown_beside_the_fields(client, make_user):
    make_user("boss", "admin")
    client.login("boss")
    before = _count_users()
    response = client.submit("/admin/users", {
        "username": "ny", "role": "outreach", "team_id": "0",
        "password": "short", "password_again": "different"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="password-error"' in page and 'id="password_again-error"' in page
    assert _count_users() == before


def test_taken_user_name_is_refused_whatever_the_case(client, make_user):
    make_user("boss", "admin")
    client.login("boss")
    response = client.submit("/admin/users", {
        "username": "BOSS", "role": "admin", "team_id": "0",
        "password": "a-long-password", "password_again": "a-long-password"})
    assert response.status_code == 400
    assert "Brugernavnet er optaget." in response.get_data(as_text=True)
    assert _count_users() == 1


def test_unknown_role_is_refused(client, make_user):
    make_user("boss", "admin")
    client.login("boss")
    response = client.submit("/admin/users", {
        "username": "x1", "role": "superuser", "team_id": "0",
        "password": "a-long-password", "password_again": "a-long-password"})
    assert response.status_code == 400
    assert _count_users() == 1


def test_admin_deactivates_a_user(client, make_user):
    make_user("boss", "admin")
    worker = make_user("villy", "outreach")
    client.login("boss")
    response = client.submit(f"/admin/users/{worker.id}", {
        "full_name": "Villy", "role": "outreach", "team_id": "0"})  # 'active' unticked
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, worker.id).active is False
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Deaktiveret" in page


def test_unknown_team_is_refused_beside_the_field(client, make_user):
    make_user("boss", "admin")
    client.login("boss")
    response = client.submit("/admin/users", {
        "username": "ny", "role": "outreach", "team_id": "999",
        "password": "a-long-password", "password_again": "a-long-password"})
    assert response.status_code == 400
    assert 'id="team_id-error"' in response.get_data(as_text=True)
    assert _count_users() == 1


def test_the_last_active_admin_cannot_deactivate_themselves(client, make_user):
    boss = make_user("boss", "admin")
    client.login("boss")
    response = client.submit(f"/admin/users/{boss.id}", {
        "full_name": "Boss", "role": "coordinator", "team_id": "0"})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, boss.id).active and db.session.get(User, boss.id).role == "admin"


def test_team_id_beyond_the_integer_range_is_refused_not_a_crash(client, make_user):
    make_user("boss", "admin")
    worker = make_user("villy", "outreach")
    client.login("boss")
    response = client.submit(f"/admin/users/{worker.id}", {
        "full_name": "Villy", "role": "outreach", "team_id": "99999999999", "active": "y"})
    assert response.status_code == 400
    assert 'id="team_id-error"' in response.get_data(as_text=True)
