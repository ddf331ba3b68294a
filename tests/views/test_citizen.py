"""Viewing and changing a citizen: audited in the same transaction, bad input saves nothing."""

from __future__ import annotations

from sqlalchemy import select

from outreach_app.extensions import db
from outreach_app.models import AuditEvent, Citizen


def _events(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_viewing_a_citizen_writes_an_audit_event(client, make_user, make_citizen):
    user = make_user("anna", "coordinator")
    citizen = make_citizen(full_name="Ida Fiktivsen")
    client.login("anna")
    page = client.get(f"/coordinator/citizens/{citizen.id}")
    assert "Ida Fiktivsen" in page.get_data(as_text=True)
    [event] = _events("citizen.view")
    assert (event.user_id, event.citizen_id, event.ip) == (user.id, citizen.id, "127.0.0.1")


def test_changing_a_citizen_is_audited_with_field_names_not_values(client, make_user,
                                                                    make_citizen):
    make_user("anna", "coordinator")
    citizen = make_citizen()
    client.login("anna")
    response = client.submit(f"/coordinator/citizens/{citizen.id}/edit", {
        "full_name": citizen.full_name, "address": "Nyvej 3", "postcode": "2300",
        "city": "København S", "phone_mobile": "20 12 34 57", "lat": "55.66", "lon": "12.6",
    })
    assert response.status_code == 302
    db.session.expire_all()
    changed = db.session.get(Citizen, citizen.id)
    assert changed.address == "Nyvej 3"
    assert changed.phone_mobile == "+4520123457"  # normalised to E.164
    assert changed.position_source == "manual"
    [event] = _events("citizen.update")
    assert event.citizen_id == citizen.id
    assert set(event.details["fields"]) >= {"address", "postcode", "city", "phone_mobile"}
    assert "Nyvej" not in str(event.details)


def test_bad_phone_number_is_shown_beside_the_field_and_nothing_is_saved(client, make_user,
                                                                          make_citizen):
    make_user("anna", "coordinator")
    citizen = make_citizen()
    client.login("anna")
    response = client.submit(f"/coordinator/citizens/{citizen.id}/edit", {
        "full_name": citizen.full_name, "address": "Changed 1", "postcode": "2300",
        "city": "København S", "phone_mobile": "12",
    })
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="phone_mobile-error"' in page and "Ikke et gyldigt telefonnummer." in page
    db.session.expire_all()
    assert db.session.get(Citizen, citizen.id).address != "Changed 1"
    assert _events("citizen.update") == []


def test_missing_required_field_is_shown_beside_it(client, make_user, make_citizen):
    make_user("anna", "coordinator")
    citizen = make_citizen()
    client.login("anna")
    response = client.submit(f"/coordinator/citizens/{citizen.id}/edit", {
        "full_name": "", "address": "Nyvej 3", "postcode": "2300", "city": "København S"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="full_name-error"' in page
    db.session.expire_all()
    assert db.session.get(Citizen, citizen.id).address != "Nyvej 3"


def test_latitude_out_of_range_is_refused(client, make_user, make_citizen):
    make_user("anna", "coordinator")
    citizen = make_citizen()
    client.login("anna")
    response = client.submit(f"/coordinator/citizens/{citizen.id}/edit", {
        "full_name": "X", "address": "Nyvej 3", "postcode": "2300", "city": "København S",
        "lat": "123", "lon": "12.5"})
    assert response.status_code == 400
    assert 'id="lat-error"' in response.get_data(as_text=True)


def test_caseworker_may_read_but_not_edit_a_citizen(client, make_user, make_citizen):
    make_user("sara", "caseworker")
    citizen = make_citizen()
    client.login("sara")
    assert client.get(f"/coordinator/citizens/{citizen.id}").status_code == 200
    assert client.get(f"/coordinator/citizens/{citizen.id}/edit").status_code == 403


def test_unknown_citizen_is_404(client, make_user):
    make_user("anna", "coordinator")
    client.login("anna")
    assert client.get("/coordinator/citizens/9999").status_code == 404


def test_an_id_beyond_the_database_range_is_404_not_a_crash(client, make_user):
    make_user("anna", "coordinator")
    client.login("anna")
    assert client.get("/coordinator/citizens/99999999999").status_code == 404
