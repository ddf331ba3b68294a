"""Citizens' positions: the geocoder chain of routes_planner, with its cache in the database.

Addresses are looked up once (the cache answers every later time); a coordinator's
hand-set position is written to the cache as "manual", so it wins over the provider.
A failed or ambiguous lookup changes nothing and is reported, never guessed.
"""

from __future__ import annotations

import inspect
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from flask import current_app
from geopy.exc import GeocoderTimedOut

from routes_planner import (
    Geocoded,
    GeocodeFailure,
    GeocoderChain,
    Position,
    nominatim,
    normalise_address,
)

from ..extensions import db
from ..models import Citizen, GeocodeCacheEntry
from . import audit
from .unit_of_work import unit_of_work

KEY_LENGTH = 255  # GeocodeCacheEntry.address_key


class DatabaseGeocodeCache:
    """routes_planner's GeocodeCache protocol on the geocode_cache table (a step: the
    caller's unit of work commits)."""

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


#: No page waits longer than this on a geocoder; what is not found in time is left to
#: the batch job (services/geocode_batch.py).
PAGE_DEADLINE_SECONDS = 1.0

# Page lookups run here so that a hanging provider cannot hold the request; a late
# answer is dropped (its thread ends with the provider's own socket timeout).
_page_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="geocode-page")


def configured_provider(timeout: float = 10.0) -> Any | None:
    """The provider the settings name: GEOCODER_PROVIDER (a geopy-style object, set by
    tests), else Nominatim, or None when GEOCODER=off."""
    override = current_app.config.get("GEOCODER_PROVIDER")
    if override is not None:
        return override
    settings = current_app.config["SETTINGS"]
    if settings.geocoder == "off":
        return None
    return nominatim(settings.geocoder_user_agent, timeout=timeout)


class DeadlineProvider:
    """A provider whose every answer comes within `seconds`, or a timeout.

    Wraps the network edge only: the chain's cache, choice and reasons are unchanged.
    """

    def __init__(self, provider: Any, seconds: float):
        self.provider, self.seconds = provider, seconds
        params = inspect.signature(provider.geocode).parameters
        self._takes = (None if any(p.kind is p.VAR_KEYWORD for p in params.values())
                       else set(params))

    def geocode(self, query: str, exactly_one: bool = True, limit: int | None = None,
                country_codes: str | None = None) -> Any:
        kwargs = {"exactly_one": exactly_one, "limit": limit, "country_codes": country_codes}
        kwargs = {k: v for k, v in kwargs.items()
                  if v is not None and (self._takes is None or k in self._takes)}
        future = _page_pool.submit(self.provider.geocode, query, **kwargs)
        try:
            return future.result(timeout=self.seconds)
        except FutureTimeout:
            future.cancel()
            raise GeocoderTimedOut(f"no answer within {self.seconds:g} s") from None


def chain(provider: Any = None, **options: Any) -> GeocoderChain:
    """The chain with the database cache; `provider` replaces the configured one (tests
    pass a fake), `options` tune GeocoderChain (rate limit, retries)."""
    settings = current_app.config["SETTINGS"]
    provider = provider if provider is not None else configured_provider()
    if provider is None:
        options["offline"] = True
    return GeocoderChain(cache=DatabaseGeocodeCache(), provider=provider,
                         user_agent=settings.geocoder_user_agent, **options)


def page_chain() -> GeocoderChain:
    """A chain for a page: one try, no waiting for the rate limiter, at most
    PAGE_DEADLINE_SECONDS on the provider (the cache answers at once)."""
    seconds = current_app.config.get("GEOCODER_PAGE_DEADLINE", PAGE_DEADLINE_SECONDS)
    provider = configured_provider(timeout=seconds)
    if provider is None:
        return chain(None)
    return chain(DeadlineProvider(provider, seconds), min_delay_seconds=0, max_retries=0,
                 error_wait_seconds=0, provider_name=type(provider).__name__.lower())


def lookup_for_page(address: str) -> Geocoded | GeocodeFailure:
    """The position of `address` within a second, or the reason there is none (a step:
    a found position is cached in the caller's unit of work)."""
    return page_chain().geocode(address)


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
    citizen.geocode_failure = None


def set_position(citizen: Citizen, lat: float, lon: float) -> None:
    """A coordinator's hand-set position (a step): it wins over the geocoder, now and
    the next time this address is looked up. The caller has checked the ranges."""
    citizen.lat, citizen.lon = lat, lon
    citizen.position_source = "manual"
    citizen.geocode_failure = None
    pin(citizen.full_address, lat, lon)
    audit.record("citizen.position", object_type="citizen", object_id=citizen.id,
                 citizen_id=citizen.id, details={"source": "manual"})


def apply_outcome(citizen: Citizen, outcome: Geocoded | GeocodeFailure) -> None:
    if isinstance(outcome, GeocodeFailure):
        if citizen.lat is None:  # a known position stays; the reason is for the list
            citizen.geocode_failure = outcome.reason.value
        return
    citizen.geocode_failure = None
    citizen.lat, citizen.lon = outcome.position.lat, outcome.position.lon
    # A cache hit does not say who found the position; the cache row does.
    entry = db.session.get(GeocodeCacheEntry,
                           normalise_address(citizen.full_address)[:KEY_LENGTH])
    manual = outcome.source == "manual" or (entry is not None and entry.source == "manual")
    citizen.position_source = "manual" if manual else "geocoder"
    audit.record("citizen.geocode", object_type="citizen", object_id=citizen.id,
                 citizen_id=citizen.id, details={"source": outcome.source})


def locate_on_save(citizen: Citizen) -> Geocoded | GeocodeFailure | None:
    """When an address is saved without a position: look it up, waiting at most a
    second (no commit). Without an answer the citizen stays without a position, with the
    reason, for the coordinator's list and the batch job. None: nothing to do."""
    if citizen.lat is not None or citizen.position_source == "manual":
        return None
    outcome = lookup_for_page(citizen.full_address)
    apply_outcome(citizen, outcome)
    return outcome


@unit_of_work()
def locate_citizen(citizen_id: int, provider: Any = None,
                   **options: Any) -> Geocoded | GeocodeFailure:
    """Give the citizen the position of their address; on failure the position is kept
    and the reason is noted."""
    citizen = db.session.get(Citizen, citizen_id)
    if citizen is None:
        raise LookupError(citizen_id)
    outcome = chain(provider, **options).geocode(citizen.full_address)
    apply_outcome(citizen, outcome)
    return outcome
