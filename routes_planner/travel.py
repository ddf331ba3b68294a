"""Travel-time and distance matrices.

The default model needs no network: great-circle distance (haversine, R = 6,371,000 m)
times a detour factor, and seconds = metres / speed of the travel mode. An OSRM
server's table service gives road times instead when one is configured. A given
matrix (instances that address places by node) is used as it is.

Every model answers :meth:`TravelModel.matrices` with integer seconds and metres for
a list of places and a mode, computed once per plan and vectorised with numpy.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from routes_planner.errors import InstanceError, TravelError
from routes_planner.model import MODES, Place

EARTH_RADIUS_M = 6_371_000.0
DEFAULT_DETOUR = 1.3
DEFAULT_SPEED_KMH: Mapping[str, float] = {"foot": 5.0, "bicycle": 15.0, "car": 25.0}


@dataclass(frozen=True)
class Matrices:
    """Square integer matrices (row = from, column = to) for one travel mode."""

    seconds: np.ndarray
    metres: np.ndarray


class TravelModel(Protocol):
    """Anything that turns places into travel matrices for a mode."""

    def matrices(self, places: Sequence[Place], mode: str) -> Matrices:
        """Seconds and metres between every pair of ``places`` for ``mode``."""
        ...


def haversine_metres(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Great-circle distances in metres between all pairs of points (vectorised)."""
    phi = np.radians(np.asarray(lat, dtype=float))
    lam = np.radians(np.asarray(lon, dtype=float))
    dphi = phi[:, None] - phi[None, :]
    dlam = lam[:, None] - lam[None, :]
    a = np.sin(dphi / 2) ** 2 + np.cos(phi)[:, None] * np.cos(phi)[None, :] * np.sin(dlam / 2) ** 2
    # Rounding can push a a hair above 1 for antipodes; clip keeps arcsin defined.
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _positions(places: Sequence[Place]) -> tuple[np.ndarray, np.ndarray]:
    lat = np.empty(len(places))
    lon = np.empty(len(places))
    for i, p in enumerate(places):
        if p.lat is None or p.lon is None:
            raise TravelError(f"place {i} has no position (lat/lon)")
        lat[i], lon[i] = p.lat, p.lon
    return lat, lon


@dataclass(frozen=True)
class Haversine:
    """Straight-line distance x detour factor, and a speed per travel mode."""

    detour: float = DEFAULT_DETOUR
    speed_kmh: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_SPEED_KMH))

    def matrices(self, places: Sequence[Place], mode: str) -> Matrices:
        """Seconds and metres between all ``places`` when travelling by ``mode``."""
        speed = self.speed_kmh.get(mode)
        if not speed or speed <= 0:
            raise TravelError(f"no speed for travel mode {mode!r}")
        lat, lon = _positions(places)
        metres = haversine_metres(lat, lon) * self.detour
        seconds = metres / (speed / 3.6)
        return Matrices(np.rint(seconds).astype(np.int64), np.rint(metres).astype(np.int64))


@dataclass(frozen=True)
class GivenMatrix:
    """Matrices given with the instance; places are addressed by ``node``.

    ``seconds`` maps a mode to its matrix; the key ``"*"`` serves every mode. Without
    metres, the seconds are reported as the distance too (as in TSP instances).
    """

    seconds: Mapping[str, np.ndarray]
    metres: np.ndarray | None = None

    def matrices(self, places: Sequence[Place], mode: str) -> Matrices:
        """The sub-matrices for the nodes of ``places``."""
        full = self.seconds.get(mode, self.seconds.get("*"))
        if full is None:
            raise TravelError(f"no travel matrix for mode {mode!r}")
        idx = np.array([_node(p, i) for i, p in enumerate(places)], dtype=np.int64)
        if len(idx) and (idx.min() < 0 or idx.max() >= full.shape[0]):
            raise TravelError(f"node outside the {full.shape[0]} x {full.shape[0]} matrix")
        sec = full[np.ix_(idx, idx)]
        met = self.metres[np.ix_(idx, idx)] if self.metres is not None else sec
        return Matrices(np.asarray(sec, dtype=np.int64), np.asarray(met, dtype=np.int64))


def _node(p: Place, i: int) -> int:
    if p.node is None:
        raise TravelError(f"place {i} has no matrix node")
    return p.node


def check_square(name: str, matrix: object, size: int | None = None) -> np.ndarray:
    """``matrix`` as an integer numpy array, or an InstanceError naming ``name``."""
    try:
        arr = np.asarray(matrix, dtype=float)
    except (TypeError, ValueError):
        raise InstanceError(f"{name}: not a matrix of numbers") from None
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1]:
        raise InstanceError(f"{name}: must be a square matrix, got shape {arr.shape}")
    if size is not None and arr.shape[0] < size:
        raise InstanceError(
            f"{name}: is {arr.shape[0]} x {arr.shape[0]} but node {size - 1} is used"
        )
    if not np.isfinite(arr).all() or (arr < 0).any():
        raise InstanceError(f"{name}: entries must be finite and non-negative")
    return np.rint(arr).astype(np.int64)


@dataclass(frozen=True)
class Osrm:
    """Road times and distances from an OSRM server's table service.

    ``url`` is the server's base, e.g. ``http://osrm:5000``; ``profiles`` maps a travel
    mode to an OSRM profile name. Distances need OSRM >= 5.18 (annotations=distance).
    """

    url: str
    profiles: Mapping[str, str] = field(
        default_factory=lambda: {"foot": "foot", "bicycle": "bike", "car": "car"}
    )
    timeout: float = 30.0

    def matrices(self, places: Sequence[Place], mode: str) -> Matrices:
        """Ask the table service for all pairs of ``places`` by ``mode``."""
        lat, lon = _positions(places)
        coords = ";".join(f"{x:.6f},{y:.6f}" for x, y in zip(lon, lat, strict=True))
        profile = self.profiles.get(mode, mode)
        url = (
            f"{self.url.rstrip('/')}/table/v1/{profile}/{coords}"
            "?annotations=duration,distance"
        )
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as resp:
                body = json.loads(resp.read().decode("utf-8"))
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise TravelError(f"OSRM table request failed: {exc}") from None
        if body.get("code") != "Ok":
            raise TravelError(f"OSRM answered {body.get('code')}: {body.get('message', '')}")
        n = len(places)
        seconds = _osrm_matrix(body.get("durations"), n, "durations")
        metres = _osrm_matrix(body.get("distances"), n, "distances")
        return Matrices(seconds, metres)


def _osrm_matrix(rows: object, n: int, name: str) -> np.ndarray:
    # OSRM writes null for pairs it cannot route; those become unreachable, not zero.
    unreachable = 10**9
    arr = np.array(
        [[unreachable if v is None else v for v in row] for row in (rows or [])], dtype=float
    )
    if arr.shape != (n, n):
        raise TravelError(f"OSRM {name} has shape {arr.shape}, expected {(n, n)}")
    return np.rint(arr).astype(np.int64)


def default_travel() -> Haversine:
    """The offline default: haversine x 1.3, foot 5, bicycle 15, car 25 km/h."""
    return Haversine()


__all__ = [
    "DEFAULT_DETOUR",
    "DEFAULT_SPEED_KMH",
    "EARTH_RADIUS_M",
    "MODES",
    "GivenMatrix",
    "Haversine",
    "Matrices",
    "Osrm",
    "TravelModel",
    "check_square",
    "default_travel",
    "haversine_metres",
]
