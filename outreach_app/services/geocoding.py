"""Citizens' positions: the geocoder chain of routes_planner, with its cache in the database.

Addresses are looked up once (the cache answers every later time); a coordinator's
hand-set position is written to the cache as "manual", so it wins over the provider.
A failed or ambiguous lookup changes nothing and is reported, never guessed.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from routes_planner import (
    Geocoded,
    GeocodeFailure,
    GeocoderChain,
    Position,
    normalise_address,
)

from ..extensions import db
from ..models import Citizen, GeocodeCacheEntry
from . import audit

KEY_LENGTH = 255  # GeocodeCacheEntry.address_key


class DatabaseGeocodeCache:
    """routes_planner's GeocodeCache protocol on the geocode_cache table (caller commits)."""

    def get(self, address: str) -> Position | None:
        row = db.session.get(GeocodeCacheEntry, address[:KEY_LENGTH])
        return Position(row.lat, row.lon) if row is not None else None

    def put(self, address: str, position: Position, source: str) -> None:
        if len(address) > KEY_LENGTH:
            return  # an address this long is not worth a truncated, ambiguous key
        row = db.session.get(GeocodeCacheEntry, address)
        if row is None:
            db.session.add(GeocodeCacheEntry(address_key=address, lat=position.lat,
                                             lon=position.lon, source=source))
        else:
            row.lat, row.lon, row.source = position.lat, position.lon, source


def chain(provider: Any = None, **options: Any) -> GeocoderChain:
    """The chain with the database cache; `provider` replaces Nominatim (tests pass a fake),
    `options` tune GeocoderChain (rate limit, retries)."""
    settings = current_app.config["SETTINGS"]
    return GeocoderChain(cache=DatabaseGeocodeCache(), provider=provider,
                         user_agent=settings.geocoder_user_agent, **options)


def pin(address: str, lat: float, lon: float) -> None:
    """Remember a hand-set position for `address`, so later lookups use it."""
    DatabaseGeocodeCache().put(normalise_address(address), Position(lat, lon), "manual")


def position_from_cache(citizen: Citizen) -> None:
    """Give the citizen the cached position of their (new) address, or none at all.

    Used when an address changes: no network call in the middle of a form; an address
    not in the cache is left without a position until it is geocoded.
    """
    key = normalise_address(citizen.full_address)[:KEY_LENGTH]
    row = db.session.get(GeocodeCacheEntry, key)
    citizen.lat, citizen.lon = (row.lat, row.lon) if row is not None else (None, None)
    citizen.position_source = None if row is None else (
        "manual" if row.source == "manual" else "geocoder")


def locate_citizen(citizen_id: int, provider: Any = None,
                   **options: Any) -> Geocoded | GeocodeFailure:
    """Give the citizen the position of their address; on failure nothing changes."""
    citizen = db.session.get(Citizen, citizen_id)
    if citizen is None:
        raise LookupError(citizen_id)
    outcome = chain(provider, **options).geocode(citizen.full_address)
    if isinstance(outcome, Geocoded):
        citizen.lat, citizen.lon = outcome.position.lat, outcome.position.lon
        # A cache hit does not say who found the position; the cache row does.
        entry = db.session.get(GeocodeCacheEntry,
                               normalise_address(citizen.full_address)[:KEY_LENGTH])
        manual = outcome.source == "manual" or (entry is not None and entry.source == "manual")
        citizen.position_source = "manual" if manual else "geocoder"
        audit.record("citizen.geocode", object_type="citizen", object_id=citizen.id,
                     citizen_id=citizen.id, details={"source": outcome.source})
    db.session.commit()
    return outcome
