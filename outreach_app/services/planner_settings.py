"""The planner's settings: travel model, default service time, time limit, monthly target.

Stored in one database row that the admin edits; until it is saved the defaults
below apply (the OSRM URL then comes from the OSRM_URL environment variable). The
planning service reads :func:`current` and builds its travel model with
:func:`travel_model`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from flask import current_app

from routes_planner import DEFAULT_DETOUR, DEFAULT_SPEED_KMH, Haversine, Osrm

from ..extensions import db
from ..models import PlannerSettings, User
from . import audit
from .refusal import Refusal
from .unit_of_work import unit_of_work

SETTINGS_ID = 1

# Ranges a sensible municipality stays inside; a value outside is a typing error.
LIMITS = {
    "detour_factor": (1.0, 3.0),
    "speed_foot_kmh": (1.0, 10.0),
    "speed_bicycle_kmh": (5.0, 35.0),
    "speed_car_kmh": (5.0, 90.0),
    "service_minutes": (5, 180),
    "time_limit_seconds": (1, 600),
    "monthly_target_low": (0, 10_000),
    "monthly_target_high": (0, 10_000),
}


@dataclass(frozen=True)
class PlannerConfig:
    """The settings in force (saved or default)."""

    detour_factor: float = DEFAULT_DETOUR
    speed_foot_kmh: float = DEFAULT_SPEED_KMH["foot"]
    speed_bicycle_kmh: float = DEFAULT_SPEED_KMH["bicycle"]
    speed_car_kmh: float = DEFAULT_SPEED_KMH["car"]
    service_minutes: int = 20
    # The demo month plans in a few seconds (bench/RESULTS.md); 10 s leaves room.
    time_limit_seconds: int = 10
    osrm_url: str | None = None
    # PRODUCT.md: 50-60 home visits a month.
    monthly_target_low: int = 50
    monthly_target_high: int = 60
    saved: bool = field(default=False, compare=False)

    @property
    def speed_kmh(self) -> dict[str, float]:
        """Speed per travel mode (routes_planner's mode names)."""
        return {"foot": self.speed_foot_kmh, "bicycle": self.speed_bicycle_kmh,
                "car": self.speed_car_kmh}

    def travel_minutes(self, straight_km: float, mode: str) -> float:
        """Minutes to go `straight_km` as the crow flies by `mode` (detour included)."""
        return straight_km * self.detour_factor / self.speed_kmh[mode] * 60

    def visits_per_shift(self, shift_minutes: int, mode: str, hop_km: float = 1.0) -> int:
        """How many visits fit a shift when each is `hop_km` (straight line) from the last."""
        per_visit = self.service_minutes + self.travel_minutes(hop_km, mode)
        return math.floor(shift_minutes / per_visit)


FIELDS = tuple(LIMITS) + ("osrm_url",)


def current() -> PlannerConfig:
    """The settings in force: the saved row, else the defaults (OSRM from the environment)."""
    row = db.session.get(PlannerSettings, SETTINGS_ID)
    if row is None:
        return PlannerConfig(osrm_url=current_app.config["SETTINGS"].osrm_url)
    return PlannerConfig(**{name: getattr(row, name) for name in FIELDS}, saved=True)


def _check(values: PlannerConfig) -> None:
    for name, (low, high) in LIMITS.items():
        value = getattr(values, name)
        if value is None or not math.isfinite(value) or not low <= value <= high:
            raise Refusal("number_range", name, low=low, high=high)
    if values.monthly_target_low > values.monthly_target_high:
        raise Refusal("targets_order", "monthly_target_high")
    if values.osrm_url:
        parts = urlsplit(values.osrm_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise Refusal("osrm_url", "osrm_url")


@unit_of_work()
def save(user: User | None = None, **values) -> PlannerConfig:
    """Check and store the settings; the audit names the changed fields."""
    url = (values.get("osrm_url") or "").strip() or None
    config = replace(PlannerConfig(), **{**values, "osrm_url": url})
    _check(config)
    row = db.session.get(PlannerSettings, SETTINGS_ID)
    if row is None:
        row = PlannerSettings(id=SETTINGS_ID)
        db.session.add(row)
        changed = list(FIELDS)
        for name in FIELDS:
            setattr(row, name, getattr(config, name))
    else:
        changed = audit.changed_fields(row, {name: getattr(config, name) for name in FIELDS})
    row.updated_by_id = user.id if user is not None else None
    if changed:
        audit.record("planner_settings.update", object_type="planner_settings",
                     object_id=SETTINGS_ID, user=user, details={"fields": changed})
    return replace(config, saved=True)


def travel_model(config: PlannerConfig | None = None) -> Haversine | Osrm:
    """Road times from OSRM when a URL is set, else straight line x detour / speed."""
    config = config or current()
    if config.osrm_url:
        return Osrm(config.osrm_url)
    return Haversine(detour=config.detour_factor, speed_kmh=config.speed_kmh)
