"""Addresses and positions: what a geocoding lookup gives back, and the cache protocol.

Plain types without geopy, so the planner, the app and tests can use them without
loading a geocoding provider (:mod:`routes_planner.geocode` does the lookups).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar, Protocol, runtime_checkable

from routes_planner.model import Place

_EARTH_RADIUS_M = 6_371_000.0



@dataclass(frozen=True)
class Position:
    """A WGS84 position in decimal degrees."""

    lat: float
    lon: float

    def __post_init__(self) -> None:
        if not (-90.0 <= self.lat <= 90.0) or not (-180.0 <= self.lon <= 180.0):
            raise ValueError(f"position out of range: lat={self.lat}, lon={self.lon}")

    @property
    def place(self) -> Place:
        """The position as the planner's :class:`~routes_planner.model.Place`."""
        return Place(lat=self.lat, lon=self.lon)


class FailureReason(StrEnum):
    """Why an address has no position. The values are the public reason codes."""

    EMPTY_ADDRESS = "empty_address"
    """The address is blank."""
    NOT_FOUND = "not_found"
    """The provider knows no place by that address."""
    AMBIGUOUS = "ambiguous"
    """The provider found several places too far apart to pick one."""
    LOW_PRECISION = "low_precision"
    """The provider found only an area (town, postcode, street), not the address."""
    TIMEOUT = "timeout"
    """The provider did not answer in time (after retries)."""
    PROVIDER_ERROR = "provider_error"
    """The provider failed (network, quota, bad answer) after retries."""
    NO_PROVIDER = "no_provider"
    """Neither cache nor manual position knows it, and no provider is configured."""


@dataclass(frozen=True)
class Candidate:
    """A place a provider offered for an address (kept for the coordinator to choose)."""

    position: Position
    label: str


@dataclass(frozen=True)
class Geocoded:
    """An address that has a position, and where the position came from.

    ``source`` is ``"cache"``, ``"manual"`` or the provider's name (``"nominatim"``).
    """

    address: str
    position: Position
    source: str
    label: str | None = None
    ok: ClassVar[bool] = True


@dataclass(frozen=True)
class GeocodeFailure:
    """An address without a position: the reason code, a readable message and, for
    ambiguous or vague results, what the provider offered."""

    address: str
    reason: FailureReason
    message: str
    candidates: tuple[Candidate, ...] = ()
    ok: ClassVar[bool] = False


GeocodeOutcome = Geocoded | GeocodeFailure


class GeocodeError(Exception):
    """Raised by :meth:`GeocoderChain.require` when an address has no position."""

    def __init__(self, failure: GeocodeFailure) -> None:
        super().__init__(failure.message)
        self.failure = failure

    @property
    def reason(self) -> FailureReason:
        """The failure's reason code."""
        return self.failure.reason


@runtime_checkable
class GeocodeCache(Protocol):
    """Where looked-up positions are kept. Keys are normalised addresses."""

    def get(self, address: str) -> Position | None:
        """The cached position of ``address``, or None."""
        ...

    def put(self, address: str, position: Position, source: str) -> None:
        """Remember ``position`` for ``address`` (``source`` says who found it)."""
        ...


@runtime_checkable
class ManualPositions(Protocol):
    """Positions set by hand. A plain ``dict`` keyed by normalised address fits."""

    def get(self, address: str) -> Position | None:
        """The hand-set position of ``address``, or None."""
        ...


class MemoryCache:
    """A dict-backed :class:`GeocodeCache` for tests, scripts and the command line."""

    def __init__(self) -> None:
        self.entries: dict[str, tuple[Position, str]] = {}

    def get(self, address: str) -> Position | None:
        """The cached position of ``address``, or None."""
        entry = self.entries.get(address)
        return entry[0] if entry else None

    def put(self, address: str, position: Position, source: str) -> None:
        """Remember ``position`` for ``address``."""
        self.entries[address] = (position, source)


def normalise_address(address: str) -> str:
    """The cache key of an address: Unicode NFC, case-folded, single spaces, and
    spaces around commas tidied, so "Vestergade 5 ,  8000 Aarhus C" and
    "vestergade 5, 8000 aarhus c" share one entry. Danish letters are kept (æ, ø, å
    are different letters, not accents)."""
    text = unicodedata.normalize("NFC", address).casefold()
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s*,\s*", ", ", text)
    return text.strip(", ")


def distance_metres(a: Position, b: Position) -> float:
    """Great-circle (haversine) distance between two positions, in metres."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat = lat2 - lat1
    dlon = math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * _EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))
