"""Geocoding citizens: looked up once, cached in the database, hand corrections win,
failures change nothing. The provider is a fake geopy geocoder: no network."""

from __future__ import annotations

from geopy.exc import GeocoderUnavailable
from geopy.location import Location
from sqlalchemy import select

from outreach_app.extensions import db
from outreach_app.models import AuditEvent, Citizen, GeocodeCacheEntry
from outreach_app.services import citizens, geocoding
from routes_planner import Geocoded, GeocodeFailure

HOUSE = {"place_rank": 30, "class": "building", "type": "house"}
FAST = {"min_delay_seconds": 0, "error_wait_seconds": 0}  # the real waits, minus the waiting


class FakeNominatim:
    def __init__(self, answers=None, error=None):
        self.answers, self.error, self.queries = answers or {}, error, []

    def geocode(self, query, exactly_one=True, limit=None, country_codes=None):
        self.queries.append(query)
        if self.error:
            raise self.error
        found = self.answers.get(query)
        if found is None:
            return None
        return [found] if not exactly_one else found


def _at(lat, lon):
    return Location("Nørrebrogade 1", (lat, lon), {**HOUSE, "lat": str(lat), "lon": str(lon)})


def test_a_citizen_is_geocoded_once_and_then_served_from_the_cache(app, make_citizen):
    citizen = make_citizen(address="Nørrebrogade 1", postcode="2200", city="København N",
                           lat=None, lon=None, position_source=None)
    provider = FakeNominatim({citizen.full_address: _at(55.6901, 12.5535)})
    outcome = geocoding.locate_citizen(citizen.id, provider, **FAST)
    assert isinstance(outcome, Geocoded)
    db.session.expire_all()
    stored = db.session.get(Citizen, citizen.id)
    assert (stored.lat, stored.lon, stored.position_source) == (55.6901, 12.5535, "geocoder")
    assert db.session.scalar(select(GeocodeCacheEntry)).source != "manual"
    again = geocoding.locate_citizen(citizen.id, provider, **FAST)
    assert again.source == "cache" and len(provider.queries) == 1
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "citizen.geocode"))


def test_a_failed_lookup_changes_nothing(app, make_citizen):
    citizen = make_citizen(lat=55.7, lon=12.5)
    outcome = geocoding.locate_citizen(citizen.id, FakeNominatim(error=GeocoderUnavailable()),
                                       **FAST)
    assert isinstance(outcome, GeocodeFailure)
    db.session.expire_all()
    assert (db.session.get(Citizen, citizen.id).lat, db.session.scalar(
        select(GeocodeCacheEntry))) == (55.7, None)


def test_a_hand_set_position_wins_over_the_provider_next_time(app, make_citizen):
    citizen = make_citizen(address="Jagtvej 9", postcode="2200", city="København N")
    data = {name: getattr(citizen, name) for name in (
        "full_name", "address", "postcode", "city", "phone_mobile", "phone_other",
        "digital_post_exempt", "sms_opt_out", "access_notes", "safety_note")}
    citizens.update_citizen(citizen.id, {**data, "lat": 55.6999, "lon": 12.5444})
    provider = FakeNominatim({citizen.full_address: _at(55.1, 12.1)})
    outcome = geocoding.locate_citizen(citizen.id, provider, **FAST)
    assert outcome.position.lat == 55.6999 and provider.queries == []
    db.session.expire_all()
    assert db.session.get(Citizen, citizen.id).position_source == "manual"


def test_a_new_address_drops_the_old_position(app, make_citizen):
    citizen = make_citizen(address="Nørrebrogade 1", lat=55.69, lon=12.55)
    data = {name: getattr(citizen, name) for name in (
        "full_name", "postcode", "city", "phone_mobile", "phone_other",
        "digital_post_exempt", "sms_opt_out", "access_notes", "safety_note", "lat", "lon")}
    citizens.update_citizen(citizen.id, {**data, "address": "Amagerbrogade 100"})
    db.session.expire_all()
    moved = db.session.get(Citizen, citizen.id)
    assert (moved.lat, moved.lon, moved.position_source) == (None, None, None)


def test_a_new_address_already_in_the_cache_gets_its_position(app, make_citizen):
    citizen = make_citizen(address="Nørrebrogade 1", postcode="2200", city="København N",
                           lat=55.69, lon=12.55)
    geocoding.pin("Amagerbrogade 100, 2300 København S", 55.66, 12.60)
    data = {name: getattr(citizen, name) for name in (
        "full_name", "phone_mobile", "phone_other", "digital_post_exempt", "sms_opt_out",
        "access_notes", "safety_note", "lat", "lon")}
    citizens.update_citizen(citizen.id, {**data, "address": "Amagerbrogade 100",
                                         "postcode": "2300", "city": "København S"})
    db.session.expire_all()
    assert (db.session.get(Citizen, citizen.id).lat, db.session.get(Citizen, citizen.id).lon) \
        == (55.66, 12.60)
