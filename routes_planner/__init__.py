"""routes_planner: travel times and multi-day home-visit planning, a library of its own.

No Flask, no database: visits, teams and days go in (see :mod:`routes_planner.model`),
a :class:`Plan` comes out of :func:`plan`. This module is the public surface: the app
(``outreach_app``) imports only ``routes_planner`` itself (an import-linter contract
in pyproject.toml checks it), so the modules behind it can move freely.

- planning: :func:`plan`, :func:`check_plan`, :func:`usable_cores`, the model types,
  travel models (:class:`Haversine`, :class:`GivenMatrix`, :class:`Osrm`);
- the JSON instance format: :func:`parse_instance`, :func:`plan_to_json`,
  :func:`plan_from_json`;
- errors: :class:`RoutesPlannerError` and its kinds;
- addresses and geocoding: :class:`GeocoderChain` and its result types;
- maps (folium) and printable route sheets: :func:`route_map`, :func:`overview_map`,
  :func:`render`, :func:`route_sheet_html`, :func:`route_from_plan`.

The geocoder (geopy) and the maps (folium) load on first use, so planning alone
does not pay for importing them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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
from routes_planner.check import check_plan
from routes_planner.errors import EngineError, InstanceError, RoutesPlannerError, TravelError
from routes_planner.instance import Instance, parse_instance, plan_from_json, plan_to_json
from routes_planner.model import (
    MODES,
    Locked,
    Place,
    Plan,
    PlanNote,
    PlanStats,
    Route,
    Shift,
    Stop,
    Team,
    Unplaced,
    UnplacedReason,
    Visit,
)
from routes_planner.route_sheets import (
    DANISH_LABELS,
    ENGLISH_LABELS,
    MapRoute,
    MapStop,
    route_from_plan,
    route_points,
    route_sheet_html,
)
from routes_planner.solve import plan
from routes_planner.travel import (
    DEFAULT_DETOUR,
    DEFAULT_SPEED_KMH,
    GivenMatrix,
    Haversine,
    Osrm,
    TravelModel,
)
from routes_planner.workers import usable_cores

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from routes_planner.geocode import DEFAULT_USER_AGENT, GeocoderChain, nominatim
    from routes_planner.maps import (
        DEFAULT_STATIC_PREFIX,
        OSM_ATTRIBUTION,
        OSM_TILES,
        SHAPES,
        OfflineMap,
        TeamStyle,
        external_assets,
        overview_map,
        render,
        route_map,
        team_colours,
        team_styles,
    )

#: Names loaded on first use, and the module that holds each.
_LAZY = {
    "DEFAULT_USER_AGENT": "routes_planner.geocode",
    "GeocoderChain": "routes_planner.geocode",
    "nominatim": "routes_planner.geocode",
    "DEFAULT_STATIC_PREFIX": "routes_planner.maps",
    "OSM_ATTRIBUTION": "routes_planner.maps",
    "OSM_TILES": "routes_planner.maps",
    "OfflineMap": "routes_planner.maps",
    "external_assets": "routes_planner.maps",
    "overview_map": "routes_planner.maps",
    "render": "routes_planner.maps",
    "route_map": "routes_planner.maps",
    "team_colours": "routes_planner.maps",
    "team_styles": "routes_planner.maps",
    "TeamStyle": "routes_planner.maps",
    "SHAPES": "routes_planner.maps",
}

__all__ = [
    # planning
    "DEFAULT_DETOUR",
    "DEFAULT_SPEED_KMH",
    "MODES",
    "GivenMatrix",
    "Haversine",
    "Locked",
    "Osrm",
    "Place",
    "Plan",
    "PlanNote",
    "PlanStats",
    "Route",
    "Shift",
    "Stop",
    "Team",
    "TravelModel",
    "Unplaced",
    "UnplacedReason",
    "Visit",
    "check_plan",
    "plan",
    "usable_cores",
    # the JSON instance format
    "Instance",
    "parse_instance",
    "plan_from_json",
    "plan_to_json",
    # errors
    "EngineError",
    "InstanceError",
    "RoutesPlannerError",
    "TravelError",
    # addresses and geocoding
    "DEFAULT_USER_AGENT",
    "Candidate",
    "FailureReason",
    "GeocodeCache",
    "GeocodeError",
    "GeocodeFailure",
    "GeocodeOutcome",
    "Geocoded",
    "GeocoderChain",
    "ManualPositions",
    "MemoryCache",
    "Position",
    "distance_metres",
    "nominatim",
    "normalise_address",
    # maps and route sheets
    "DANISH_LABELS",
    "DEFAULT_STATIC_PREFIX",
    "ENGLISH_LABELS",
    "OSM_ATTRIBUTION",
    "OSM_TILES",
    "MapRoute",
    "MapStop",
    "OfflineMap",
    "external_assets",
    "overview_map",
    "render",
    "route_from_plan",
    "route_map",
    "route_points",
    "route_sheet_html",
    "team_colours",
    "team_styles",
    "TeamStyle",
    "SHAPES",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'routes_planner' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
