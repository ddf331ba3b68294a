"""The coordinator's positions: addresses without a position, set by hand on a map or
by typing; batch geocoding with progress; geocoding when an address is saved.
The geocoder is a fake object (the network edge); everything around it is real."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from outreach_app.extensions import db
from outreach_app.models import AuditEvent, BackgroundJob, Citizen, GeocodeCacheEntry, Visit
from outreach_app.services import geocoding
from tests.views.test_teams_admin import FakeGeocoder


def _no_position(make_citizen, **kw):
    return make_citizen(lat=None, lon=None, position_source=None, **kw)


def _inline_jobs(app):
    # The task queue runs in immediate mode in tests (conftest), so the test sees the
    # job's end; no waiting between lookups for the fake geocoder.
    app.config["GEOCODER_MIN_DELAY"] = 0


def test_the_list_shows_addresses_without_position_most_urgent_first(
        client, make_user, make_citizen, make_case):
    make_user("kim", "coordinator")
    later = _no_position(make_citizen, full_name="Bo Senere", address="Vej 2")
    urgent = _no_position(make_citizen, full_name="Ane Haster", address="Vej 1",
                          geocode_failure="ambiguous")
    make_citizen(full_name="Har Position")
    for citizen, days in ((later, 20), (urgent, 3)):
        case = make_case(citizen=citizen)
        db.session.add(Visit(case=case, earliest_on=date.today(),
                             deadline_on=date.today() + timedelta(days=days)))
    db.session.commit()
    client.login("kim")
    page = client.get("/coordinator/positions/").get_data(as_text=True)
    assert page.index("Ane Haster") < page.index("Bo Senere")
    assert "Har Position" not in page and "flere steder passer" in page
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "citizen.list"))
    assert event.details["citizen_ids"] == sorted([later.id, urgent.id])


def test_a_position_typed_by_hand_wins_over_the_geocoder(app, client, make_user,
                                                          make_citizen):
    make_user("kim", "coordinator")
    citizen = _no_position(make_citizen, address="Jagtvej 9", geocode_failure="not_found")
    client.login("kim")
    response = client.submit(f"/coordinator/positions/{citizen.id}",
                             {"lat": "55,6999", "lon": "12,5444"})
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.get(Citizen, citizen.id)
    assert (stored.lat, stored.lon, stored.position_source, stored.geocode_failure) == (
        55.6999, 12.5444, "manual", None)
    provider = FakeGeocoder({stored.full_address: (55.1, 12.1)})
    outcome = geocoding.locate_citizen(citizen.id, provider, min_delay_seconds=0)
    assert outcome.position.lat == 55.6999 and provider.queries == []
    assert "Jagtvej 9" not in client.get("/coordinator/positions/").get_data(as_text=True)


def test_coordinates_out_of_range_are_refused_beside_the_field(client, make_user, make_citizen):
    make_user("kim", "coordinator")
    citizen = _no_position(make_citizen)
    client.login("kim")
    response = client.submit(f"/coordinator/positions/{citizen.id}",
                             {"lat": "91", "lon": "12.5"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="lat-error"' in page
    missing = client.submit(f"/coordinator/positions/{citizen.id}", {"lat": "55.6", "lon": ""})
    assert missing.status_code == 400 and 'id="lon-error"' in missing.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Citizen, citizen.id).lat is None


def test_batch_geocoding_runs_as_a_job_with_progress(app, client, make_user, make_citizen):
    _inline_jobs(app)
    make_user("kim", "coordinator")
    found = _no_position(make_citizen, address="Nørrebrogade 1")
    lost = _no_position(make_citizen, address="Ingen Vej 99")
    app.config["GEOCODER_PROVIDER"] = FakeGeocoder({found.full_address: (55.69, 12.55)})
    client.login("kim")
    response = client.submit("/coordinator/positions/geocode", {},
                             form_url="/coordinator/positions/", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "2 af 2 adresser, 1 ikke fundet" in page
    job = db.session.scalar(select(BackgroundJob))
    status = client.get(f"/coordinator/positions/jobs/{job.id}").get_json()
    assert status == {"id": job.id, "status": "done", "total": 2, "done": 2, "failed": 1}
    db.session.expire_all()
    assert db.session.get(Citizen, found.id).position_source == "geocoder"
    assert db.session.get(Citizen, lost.id).geocode_failure == "not_found"
    assert db.session.scalar(select(GeocodeCacheEntry)).lat == 55.69


def test_a_second_lookup_while_one_runs_starts_nothing(app, client, make_user, make_citizen):
    _inline_jobs(app)
    make_user("kim", "coordinator")
    _no_position(make_citizen)
    db.session.add(BackgroundJob(kind="geocode", status="running", total=1))
    db.session.commit()
    client.login("kim")
    page = client.submit("/coordinator/positions/geocode", {},
                         form_url="/coordinator/positions/",
                         follow_redirects=True).get_data(as_text=True)
    assert "Adresserne bliver allerede slået op." in page
    assert len(list(db.session.scalars(select(BackgroundJob)))) == 1


def test_a_new_citizen_s_address_is_geocoded_when_saved(app, client, make_user):
    make_user("kim", "coordinator")
    address = "Nørrebrogade 12, 2200 København N"
    app.config["GEOCODER_PROVIDER"] = FakeGeocoder({address: (55.6905, 12.5531)})
    client.login("kim")
    response = client.submit("/noshows/new", _no_show())
    assert response.status_code == 302
    citizen = db.session.scalar(select(Citizen))
    assert (citizen.lat, citizen.position_source) == (55.6905, "geocoder")


def test_saving_an_address_waits_at_most_the_deadline_then_leaves_it_to_the_job(
        app, client, make_user):
    make_user("kim", "coordinator")
    app.config["GEOCODER_PROVIDER"] = FakeGeocoder(sleep=3)
    app.config["GEOCODER_PAGE_DEADLINE"] = 0.2
    client.login("kim")
    response = client.submit("/noshows/new", _no_show())
    assert response.status_code == 302
    citizen = db.session.scalar(select(Citizen))
    assert (citizen.lat, citizen.geocode_failure) == (None, "timeout")
    page = client.get("/coordinator/positions/").get_data(as_text=True)
    assert "Anna Eksempel" in page and "svarede ikke i tide" in page


def test_a_changed_address_is_looked_up(app, client, make_user, make_citizen):
    make_user("kim", "coordinator")
    citizen = make_citizen(address="Gammel Vej 1", postcode="2200", city="København N")
    app.config["GEOCODER_PROVIDER"] = FakeGeocoder(
        {"Amagerbrogade 100, 2300 København S": (55.663, 12.6)})
    client.login("kim")
    form = {"full_name": citizen.full_name, "address": "Amagerbrogade 100", "postcode": "2300",
            "city": "København S", "phone_mobile": "20123456", "lat": "55.69",
            "lon": "12.55"}
    response = client.submit(f"/coordinator/citizens/{citizen.id}/edit", form)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Citizen, citizen.id).lat == 55.663


def _no_show():
    return {"case_ref": "JC-1", "citizen_reference": "P-1", "full_name": "Anna Eksempel",
            "address": "Nørrebrogade 12", "postcode": "2200", "city": "København N",
            "target_group": "aktivitetsparat", "no_show_kind": "interview",
            "no_show_date": (date.today() - timedelta(days=2)).isoformat(),
            "las35_guidance_on": (date.today() - timedelta(days=30)).isoformat(),
            "team_id": "0"}


def test_imported_addresses_are_looked_up_in_the_background(app, client, make_user):
    from tests.views.ladder_helpers import days_ago, fill

    _inline_jobs(app)
    app.config["GEOCODER_PROVIDER"] = FakeGeocoder(
        {"Nørrebrogade 1, 2200 København N": (55.6871, 12.5537)})
    make_user("kim", "coordinator")
    client.login("kim")
    content = ("case_ref;citizen_ref;name;address;postcode;city;target_group;no_show_date;"
               "no_show_kind\n"
               f"JC-1;P-1;Anna Eksempel;Nørrebrogade 1;2200;København N;aktivitetsparat;"
               f"{days_ago(3)};interview\n"
               f"JC-2;P-2;Bo Eksempel;Ukendt Vej 2;2200;København N;jobparat;{days_ago(3)};"
               "offer\n")
    response = fill(client, "/noshows/import", {"confirm": "1", "content": content})
    page = client.get(response.location).get_data(as_text=True)
    assert "2 adresser uden position bliver slået op i baggrunden" in page
    anna, bo = db.session.scalars(select(Citizen).order_by(Citizen.reference))
    assert (anna.lat, bo.lat, bo.geocode_failure) == (55.6871, None, "not_found")
