"""Addresses to positions: a chain of cache, hand-set position and a geopy provider.

The chain answers from the first link that knows the address:

1. the **cache** (injected; the app keeps it in its database, so this library stays
   database-free),
2. a **manual** position set by hand by a coordinator (also injected),
3. a **geopy geocoder** (Nominatim by default), called through geopy's
   :class:`~geopy.extra.rate_limiter.RateLimiter`; what it finds is written to the
   cache so that each address is looked up at most once.

A lookup that finds nothing, fails, finds several clearly different places or only
a vague one (a town, a postcode, a street without the house) is *reported* as a
:class:`GeocodeFailure` with a reason code: a home visit at a guessed position sends
a team to the wrong door, so the coordinator must set the position by hand instead.

A coordinator's correction goes into the cache with source ``"manual"``
(:meth:`GeocoderChain.pin`), replacing what the provider found; the ``manual`` link
serves hand-set positions the app keeps elsewhere (e.g. on the citizen's record).

Without network the chain still answers from the cache and the manual positions;
build it with ``offline=True`` (or let the provider fail) and unknown addresses come
back as failures with reason ``no_provider`` / ``provider_error``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from geopy.exc import GeocoderTimedOut, GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.location import Location

from routes_planner.addresses import (
    Candidate,
    FailureReason,
    GeocodeCache,
    Geocoded,
    GeocodeError,
    GeocodeFailure,
    GeocodeOutcome,
    ManualPositions,
    MemoryCache,
    Position,
    distance_metres,
    normalise_address,
)

# The address types live in routes_planner.addresses; they are re-exported here
# because the chain's callers use them together.
__all__ = [
    "AREA_TYPES", "DEFAULT_AMBIGUITY_METRES", "DEFAULT_MAX_EXTENT_METRES",
    "DEFAULT_MIN_DELAY_SECONDS", "DEFAULT_USER_AGENT", "MIN_PLACE_RANK", "Candidate",
    "FailureReason", "GeocodeCache", "GeocodeError", "Geocoded", "GeocodeFailure",
    "GeocodeOutcome", "GeocoderChain", "ManualPositions", "MemoryCache", "Position",
    "distance_metres", "is_precise", "nominatim", "normalise_address",
]

#: Identifies this software to the geocoding service. Nominatim's usage policy
#: requires an application-specific user agent; deployments should pass their own
#: with a contact address (``user_agent="outreach-planner (it@kommune.dk)"``).
DEFAULT_USER_AGENT = "outreach-planner/0.1 (routes_planner geocoder)"

#: Nominatim's public server allows one request per second.
DEFAULT_MIN_DELAY_SECONDS = 1.0

#: Candidates further apart than this are different places, not one address
#: mapped twice (a building and its entrance node are a few metres apart).
DEFAULT_AMBIGUITY_METRES = 250.0

#: A result whose bounding box is larger than this is an area, not a door.
DEFAULT_MAX_EXTENT_METRES = 500.0

#: Nominatim place types that are areas (town, postcode, district...), never a door.
AREA_TYPES = frozenset(
    {
        "continent", "country", "state", "region", "province", "county", "municipality",
        "city", "town", "village", "hamlet", "suburb", "borough", "quarter",
        "neighbourhood", "city_district", "district", "island", "locality", "postcode",
        "postal_code", "administrative",
    }
)

#: Nominatim's search rank below which a result is an area or a street (26 = street,
#: 30 = house); the extent table is in Nominatim's "Place Ranking" documentation.
MIN_PLACE_RANK = 28


def is_precise(location: Location, max_extent_metres: float = DEFAULT_MAX_EXTENT_METRES) -> bool:
    """True when a provider's result points at an address, not at an area.

    Uses what Nominatim reports (place rank, class/type, bounding box); a result
    from a provider that reports none of these is taken as precise.
    """
    raw = location.raw if isinstance(location.raw, dict) else {}
    rank = raw.get("place_rank")
    if rank is not None:
        try:
            if int(rank) < MIN_PLACE_RANK:
                return False
        except (TypeError, ValueError):
            pass
    kinds = {str(raw.get(k, "")).lower() for k in ("type", "addresstype")}
    if kinds & AREA_TYPES:
        return False
    # A street (class highway) is where a house number was not found: not a door.
    if str(raw.get("class", raw.get("category", ""))).lower() == "highway":
        return False
    box = raw.get("boundingbox")
    if box and len(box) == 4:
        try:
            south, north, west, east = (float(v) for v in box)
        except (TypeError, ValueError):
            return True
        extent = distance_metres(Position(south, west), Position(north, east))
        if extent > max_extent_metres:
            return False
    return True


def nominatim(user_agent: str = DEFAULT_USER_AGENT, *, domain: str | None = None,
              timeout: float = 10.0) -> Any:
    """A geopy Nominatim geocoder (no request is made until it is used).

    ``domain`` points at a self-hosted Nominatim (e.g. ``"nominatim.kommune.dk"``),
    which avoids the public server's rate limit and keeps addresses in-house.
    """
    from geopy.geocoders import Nominatim

    kwargs: dict[str, Any] = {"user_agent": user_agent, "timeout": timeout}
    if domain:
        kwargs["domain"] = domain
    return Nominatim(**kwargs)


def _provider_name(provider: Any) -> str:
    return type(provider).__name__.lower()


def _accepts(func: Callable[..., Any], name: str) -> bool:
    """True when ``func`` takes a keyword argument ``name`` (or ``**kwargs``)."""
    try:
        params = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == name or p.kind is inspect.Parameter.VAR_KEYWORD for p in params)


@dataclass
class GeocoderChain:
    """Cache, then manual position, then provider. See the module docstring.

    ``provider`` is any geopy geocoder (or an object with a geopy-style ``geocode``
    method); None means Nominatim with ``user_agent``. ``offline=True`` uses no
    provider at all. ``country_codes`` biases the provider to Denmark when the
    provider supports that argument (Nominatim does).
    """

    cache: GeocodeCache | None = None
    manual: ManualPositions | None = None
    provider: Any = None
    user_agent: str = DEFAULT_USER_AGENT
    offline: bool = False
    provider_name: str | None = None
    country_codes: str | None = "dk"
    min_delay_seconds: float = DEFAULT_MIN_DELAY_SECONDS
    max_retries: int = 2
    error_wait_seconds: float | None = None
    max_candidates: int = 5
    ambiguity_metres: float = DEFAULT_AMBIGUITY_METRES
    precise: Callable[[Location], bool] = is_precise
    _geocode: Callable[..., Any] | None = field(init=False, default=None, repr=False)

    def __post_init__(self) -> None:
        if self.offline:
            self.provider = None
            return
        if self.provider is None:
            self.provider = nominatim(self.user_agent)
        if self.provider_name is None:
            self.provider_name = _provider_name(self.provider)
        wait = self.error_wait_seconds
        if wait is None:
            wait = max(5.0, self.min_delay_seconds)
        # swallow_exceptions=False: a provider failure must reach us to be reported
        # with its reason, not turn into "nothing found".
        self._geocode = RateLimiter(
            self.provider.geocode,
            min_delay_seconds=self.min_delay_seconds,
            max_retries=self.max_retries,
            error_wait_seconds=max(wait, self.min_delay_seconds),
            swallow_exceptions=False,
        )

    @property
    def rate_limiter(self) -> RateLimiter | None:
        """The rate limiter that wraps the provider (None when offline)."""
        return self._geocode  # type: ignore[return-value]

    def geocode(self, address: str) -> GeocodeOutcome:
        """The position of ``address`` from the first link of the chain that knows it,
        or a :class:`GeocodeFailure` saying why there is none. Never raises for a
        provider failure."""
        key = normalise_address(address)
        if not key:
            return GeocodeFailure(address, FailureReason.EMPTY_ADDRESS, "The address is empty.")
        if self.cache is not None:
            hit = self.cache.get(key)
            if hit is not None:
                return Geocoded(address, hit, "cache")
        if self.manual is not None:
            pinned = self.manual.get(key)
            if pinned is not None:
                return Geocoded(address, pinned, "manual")
        if self._geocode is None:
            return GeocodeFailure(
                address, FailureReason.NO_PROVIDER,
                f"No position for '{address}': not cached, not set by hand, "
                "and no geocoding provider is configured.",
            )
        outcome = self._ask_provider(address)
        if isinstance(outcome, Geocoded) and self.cache is not None:
            self.cache.put(key, outcome.position, outcome.source)
        return outcome

    def pin(self, address: str, position: Position) -> None:
        """Record a coordinator's hand-set position in the cache (source ``"manual"``).

        The cache is asked first, so a correction kept only in ``manual`` would be
        shadowed by an earlier provider result cached for the same address.
        """
        if self.cache is None:
            raise ValueError("pin() needs a cache to write to")
        self.cache.put(normalise_address(address), position, "manual")

    def require(self, address: str) -> Geocoded:
        """Like :meth:`geocode`, but raises :class:`GeocodeError` on failure."""
        outcome = self.geocode(address)
        if isinstance(outcome, GeocodeFailure):
            raise GeocodeError(outcome)
        return outcome

    def geocode_many(self, addresses: Iterable[str]) -> dict[str, GeocodeOutcome]:
        """:meth:`geocode` for each address, keyed by the address as given; addresses
        that normalise alike are looked up once (failures too, so a bad address is
        not retried against the rate-limited provider)."""
        results: dict[str, GeocodeOutcome] = {}
        by_key: dict[str, GeocodeOutcome] = {}
        for address in addresses:
            key = normalise_address(address)
            if key not in by_key:
                by_key[key] = self.geocode(address)
            results[address] = by_key[key]
        return results

    def _ask_provider(self, address: str) -> GeocodeOutcome:
        assert self._geocode is not None
        source = self.provider_name or "provider"
        kwargs: dict[str, Any] = {"exactly_one": False}
        method = self.provider.geocode
        # Asking for several results is how ambiguity is seen at all; with
        # exactly_one=True the provider would silently pick one.
        if _accepts(method, "limit"):
            kwargs["limit"] = self.max_candidates
        if self.country_codes and _accepts(method, "country_codes"):
            kwargs["country_codes"] = self.country_codes
        try:
            found = self._geocode(address, **kwargs)
        except GeocoderTimedOut as exc:
            return GeocodeFailure(
                address, FailureReason.TIMEOUT,
                f"The geocoder ({source}) did not answer in time for '{address}': {exc}",
            )
        except GeopyError as exc:
            return GeocodeFailure(
                address, FailureReason.PROVIDER_ERROR,
                f"The geocoder ({source}) failed for '{address}': {exc}",
            )
        except OSError as exc:  # a fake or custom provider's raw network error
            return GeocodeFailure(
                address, FailureReason.PROVIDER_ERROR,
                f"The geocoder ({source}) failed for '{address}': {exc}",
            )
        locations = _as_list(found)
        if not locations:
            return GeocodeFailure(
                address, FailureReason.NOT_FOUND, f"No place found for '{address}'."
            )
        return self._choose(address, locations, source)

    def _choose(self, address: str, locations: list[Location], source: str) -> GeocodeOutcome:
        candidates = tuple(_candidate(loc) for loc in locations)
        precise = [loc for loc in locations if self.precise(loc)]
        if not precise:
            return GeocodeFailure(
                address, FailureReason.LOW_PRECISION,
                f"Only an area was found for '{address}' ({candidates[0].label}), "
                "not the address itself; set the position by hand.",
                candidates,
            )
        best = _candidate(precise[0])
        others = [_candidate(loc) for loc in precise[1:]]
        limit = self.ambiguity_metres
        far = [c for c in others if distance_metres(best.position, c.position) > limit]
        if far:
            spread = max(distance_metres(best.position, c.position) for c in far)
            return GeocodeFailure(
                address, FailureReason.AMBIGUOUS,
                f"'{address}' matches {1 + len(far)} different places up to "
                f"{spread / 1000:.1f} km apart; add the postcode or set the position by hand.",
                candidates,
            )
        return Geocoded(address, best.position, source, best.label)


def _as_list(found: Any) -> list[Location]:
    if found is None:
        return []
    if isinstance(found, Location):
        return [found]
    return [loc for loc in found if loc is not None]


def _candidate(location: Location) -> Candidate:
    return Candidate(Position(location.latitude, location.longitude), location.address or "")
