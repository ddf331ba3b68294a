"""When a team can visit: working weekdays, Danish public holidays and absent members.

The one place for the calendar rules the planner obeys:

- a team works on its working weekdays, never on a Danish public holiday (the
  ``holidays`` package: New Year, Easter, Ascension, Whitsun, Christmas; since 2024
  no Great Prayer Day);
- a team works on a day only when at least one of its members is present;
- a team may take visits "in pairs" on a day only when two members are present, so a
  pair team with one member ill that day still works, alone, and takes no pair visit.

Plain values in, plain values out: the services load teams and absences and call
:func:`team_days`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from enum import StrEnum
from functools import lru_cache

import holidays

#: Monday=0 ... Sunday=6, as ``date.weekday()``.
WEEKDAYS = tuple(range(7))
PAIR = 2


class TeamProblem(StrEnum):
    """Why a team cannot be planned at all (the views say it in Danish)."""

    NO_MEMBERS = "no_members"
    NO_START = "no_start"
    NO_WORKING_DAYS = "no_working_days"
    INACTIVE = "inactive"


@dataclass(frozen=True)
class Absence:
    """A member away from ``starts_on`` to ``ends_on`` (both included)."""

    member: int
    starts_on: date
    ends_on: date

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


@dataclass(frozen=True)
class TeamCalendar:
    """What the calendar needs to know of a team."""

    team: int
    members: tuple[int, ...]
    weekdays: frozenset[int]
    shift_start: time
    shift_end: time
    has_start: bool = True
    active: bool = True
    absences: tuple[Absence, ...] = field(default=())


@dataclass(frozen=True)
class TeamDay:
    """A day a team works: who is there, its shift, and whether it can take pair visits."""

    team: int
    day: date
    members: tuple[int, ...]
    shift_start: time
    shift_end: time

    @property
    def pair(self) -> bool:
        """True when two members are present, so visits "in pairs" may go to this team-day."""
        return len(self.members) >= PAIR

    @property
    def minutes(self) -> int:
        """The length of the shift: the time for travel and visits that day."""
        start = self.shift_start.hour * 60 + self.shift_start.minute
        end = self.shift_end.hour * 60 + self.shift_end.minute
        return end - start


def days_in(start: date, end: date) -> Iterator[date]:
    """Every day from ``start`` to ``end``, both included."""
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


#: Names of the holidays: the package's language codes for the interface's languages.
HOLIDAY_LANGUAGES = {"da": "da", "en": "en_US"}


@lru_cache(maxsize=16)
def _danish_holidays(year: int, language: str) -> Mapping[date, str]:
    return holidays.country_holidays("DK", years=year, language=language)


def public_holiday(day: date, language: str = "en") -> str | None:
    """The name of the Danish public holiday on ``day`` (in ``language``: da or en), or None."""
    code = HOLIDAY_LANGUAGES.get(language, "en_US")
    return _danish_holidays(day.year, code).get(day)


def parse_weekdays(stored: str) -> frozenset[int]:
    """"0,1,2,3,4" -> {0, 1, 2, 3, 4}; anything that is not a weekday number is ignored."""
    return frozenset(int(p) for p in stored.split(",") if p.strip().isdigit()
                     and int(p) in WEEKDAYS)


def format_weekdays(days: Iterable[int]) -> str:
    return ",".join(str(d) for d in sorted(set(days)))


def problems(team: TeamCalendar) -> list[TeamProblem]:
    """What keeps the team from being planned at all (empty: it can be planned)."""
    found = []
    if not team.active:
        found.append(TeamProblem.INACTIVE)
    if not team.members:
        found.append(TeamProblem.NO_MEMBERS)
    if not team.has_start:
        found.append(TeamProblem.NO_START)
    if not team.weekdays:
        found.append(TeamProblem.NO_WORKING_DAYS)
    return found


def present(team: TeamCalendar, day: date) -> tuple[int, ...]:
    """The team's members who are not absent on ``day``."""
    return tuple(m for m in team.members
                 if not any(a.member == m and a.covers(day) for a in team.absences))


def team_day(team: TeamCalendar, day: date) -> TeamDay | None:
    """The team's working day ``day``, or None when it does not work that day."""
    if problems(team) or day.weekday() not in team.weekdays or public_holiday(day):
        return None
    members = present(team, day)
    if not members:
        return None
    return TeamDay(team.team, day, members, team.shift_start, team.shift_end)


class DayKind(StrEnum):
    """What a day is for a team, for showing the calendar to people."""

    PAIR = "pair"
    ALONE = "alone"
    DAY_OFF = "day_off"
    HOLIDAY = "holiday"
    ALL_AWAY = "all_away"
    NOT_PLANNED = "not_planned"


@dataclass(frozen=True)
class DayStatus:
    day: date
    kind: DayKind
    holiday: str | None = None
    away: tuple[int, ...] = ()

    @property
    def working(self) -> bool:
        return self.kind in (DayKind.PAIR, DayKind.ALONE)


def day_status(team: TeamCalendar, day: date, language: str = "en") -> DayStatus:
    """Why the team does or does not work on ``day`` (the same rules as :func:`team_day`);
    a holiday's name is in ``language``."""
    if problems(team):
        return DayStatus(day, DayKind.NOT_PLANNED)
    holiday = public_holiday(day, language)
    if holiday:
        return DayStatus(day, DayKind.HOLIDAY, holiday=holiday)
    if day.weekday() not in team.weekdays:
        return DayStatus(day, DayKind.DAY_OFF)
    present_now = present(team, day)
    away = tuple(m for m in team.members if m not in present_now)
    if not present_now:
        return DayStatus(day, DayKind.ALL_AWAY, away=away)
    kind = DayKind.PAIR if len(present_now) >= PAIR else DayKind.ALONE
    return DayStatus(day, kind, away=away)


def team_days(start: date, end: date, teams: Sequence[TeamCalendar]) -> list[TeamDay]:
    """Every day from ``start`` to ``end`` on which each team works, by day then team."""
    found = []
    for day in days_in(start, end):
        for team in teams:
            available = team_day(team, day)
            if available is not None:
                found.append(available)
    return found


__all__ = [
    "Absence", "DayKind", "DayStatus", "TeamCalendar", "TeamDay", "TeamProblem", "day_status",
    "days_in", "format_weekdays", "parse_weekdays", "present", "problems", "public_holiday",
    "team_day", "team_days",
]
