"""The planner's vocabulary: what goes into a plan and what comes out of it.

Everything here is a frozen dataclass so that plans can be shared between threads,
cached and compared without defensive copies. Positions are WGS84 latitude and
longitude in decimal degrees (floats). Instances that come with their own travel
matrix address places by ``node`` (a row of the matrix) instead.

Times of day are :class:`datetime.time` values in local time (the coordinator's
wall clock); days are :class:`datetime.date` values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from enum import StrEnum

#: Travel modes a team can use. The travel model gives each its own speed.
MODES: tuple[str, ...] = ("foot", "bicycle", "car")

#: Service time of a visit when none is given (PRODUCT.md: default 20 min).
DEFAULT_SERVICE_MINUTES = 20


@dataclass(frozen=True)
class Place:
    """A point: either a position (lat/lon floats) or a node of a given matrix."""

    lat: float | None = None
    lon: float | None = None
    node: int | None = None

    @property
    def has_position(self) -> bool:
        """True when the place can be located (a position or a matrix node)."""
        return self.node is not None or (self.lat is not None and self.lon is not None)


@dataclass(frozen=True)
class Shift:
    """Daily working hours of a team, local time. The way home is inside it."""

    start: time = time(8, 0)
    end: time = time(16, 0)


@dataclass(frozen=True)
class Visit:
    """A home visit to be planned.

    ``earliest`` and ``deadline`` are inclusive days (None = first / last day of the
    period). ``window`` is the local time range in which the visit must *start*.
    ``pair`` visits need a team of two. ``team`` forces the visit onto one team,
    ``not_teams`` keeps it away from some. ``required=False`` visits may be left out
    when not everything fits; they are still listed as unplaced, never dropped.
    """

    id: str
    lat: float | None = None
    lon: float | None = None
    node: int | None = None
    service_minutes: int = DEFAULT_SERVICE_MINUTES
    earliest: date | None = None
    deadline: date | None = None
    window: tuple[time, time] | None = None
    priority: int = 0
    pair: bool = False
    required: bool = True
    team: str | None = None
    not_teams: tuple[str, ...] = ()
    address: str | None = None

    @property
    def place(self) -> Place:
        """Where the visit happens."""
        return Place(self.lat, self.lon, self.node)


@dataclass(frozen=True)
class Team:
    """A field team: one or two workers travelling together in one mode.

    ``days`` are the days the team works (None = every day of the period);
    ``days_off`` are removed from them. ``end`` defaults to ``start``.
    """

    id: str
    start: Place
    end: Place | None = None
    size: int = 1
    mode: str = "bicycle"
    shift: Shift = field(default_factory=Shift)
    days: tuple[date, ...] | None = None
    days_off: tuple[date, ...] = ()
    members: tuple[str, ...] = ()

    @property
    def end_place(self) -> Place:
        """Where the team's day ends (its start when no end is given)."""
        return self.end if self.end is not None else self.start

    def works_on(self, day: date) -> bool:
        """True when the team works on ``day``."""
        if day in self.days_off:
            return False
        return self.days is None or day in self.days


@dataclass(frozen=True)
class Locked:
    """A stop that re-planning must keep: this visit on this team-day.

    Locked stops of one team-day keep their relative order (the order in which they
    are given) and come first in the route. ``done`` stops already happened; when
    ``start`` is given the stop is kept at that time (e.g. a visit done at 09:10).
    """

    visit: str
    team: str
    day: date
    start: time | None = None
    done: bool = False


@dataclass(frozen=True)
class Stop:
    """One visit in a route, with its times (local) and the leg that led to it."""

    visit: str
    arrival: time
    start: time
    departure: time
    lat: float | None = None
    lon: float | None = None
    node: int | None = None
    travel_seconds: int = 0
    travel_metres: int = 0
    locked: bool = False


@dataclass(frozen=True)
class Route:
    """The ordered stops of one team on one day, from its start back to its end."""

    team: str
    day: date
    stops: tuple[Stop, ...]
    leave: time
    back: time
    travel_seconds: int
    travel_metres: int
    start: Place
    end: Place
    mode: str = "bicycle"


class UnplacedReason(StrEnum):
    """Why a visit is not in the plan. The values are the public reason codes."""

    PAST_DEADLINE = "past_deadline"
    """Its deadline is before the first day of the period."""
    NO_CAPACITY = "no_capacity"
    """Team-days exist that could take it, but they are full before the deadline."""
    WINDOW_OUTSIDE_SHIFT = "window_outside_shift"
    """Its time window does not overlap any team's shift (with service time)."""
    NO_PAIR_TEAM = "no_pair_team"
    """It needs two workers and no (allowed) team has two members."""
    NO_POSITION = "no_position"
    """It has neither a position nor a matrix node."""
    NO_TEAM_DAY = "no_team_day"
    """No allowed team works on any day between its earliest day and deadline."""
    TOO_FAR = "too_far"
    """No team can reach it and get home within its shift."""
    OPTIONAL_LEFT_OUT = "optional_left_out"
    """It is optional (``required=False``) and did not fit."""


@dataclass(frozen=True)
class Unplaced:
    """A visit the plan does not contain, with the reason code and a readable message."""

    visit: str
    reason: UnplacedReason
    message: str


class PlanNote(str):
    """One line about how a plan was made, in English (logs, the command line), that
    carries a ``code`` and its ``params`` so that an application can say it in its
    users' language. Wherever a string is expected (compared, printed, JSON) it is its
    text.

    Codes: ``tsp_missing`` (fast-tsp is not installed; single routes were ordered by
    the general engine); ``one_search_daemon``, ``one_search_starting`` and
    ``one_search_failed`` (one search ran instead of ``n`` side by side: the process may
    not start processes, its worker processes are still starting, or they failed).
    """

    code: str
    params: dict[str, object]

    def __new__(cls, text: str, code: str, params: Mapping[str, object] | None = None
                ) -> PlanNote:
        note = super().__new__(cls, text)
        note.code = code
        note.params = dict(params or {})
        return note

    def __reduce__(self):
        # Plans cross process boundaries (searches side by side): keep the code.
        return (PlanNote, (str(self), self.code, self.params))


@dataclass(frozen=True)
class PlanStats:
    """How the plan was made."""

    engine: str
    seconds: float
    objective: int
    #: One line each about how the plan was made that a caller should know, e.g.
    #: that an optional engine was missing and another was used (:class:`PlanNote`).
    notes: tuple[str, ...] = ()
    #: Seeded searches that ran side by side in processes (the best plan won); 1 =
    #: one search in the calling process (which may still use threads).
    searches: int = 1


@dataclass(frozen=True)
class Plan:
    """The result of planning: routes per team-day and the visits left out."""

    routes: tuple[Route, ...]
    unplaced: tuple[Unplaced, ...]
    stats: PlanStats

    @property
    def travel_seconds(self) -> int:
        """Total travel time of all routes."""
        return sum(r.travel_seconds for r in self.routes)

    @property
    def travel_metres(self) -> int:
        """Total travel distance of all routes."""
        return sum(r.travel_metres for r in self.routes)

    def route_of(self, visit_id: str) -> Route | None:
        """The route that contains ``visit_id``, or None when it is unplaced."""
        for route in self.routes:
            if any(s.visit == visit_id for s in route.stops):
                return route
        return None
