"""Which teams work which days: the database's teams and absences through domain/calendar.py.

The planner calls :func:`team_days` for a period; the admin and planning pages call
:func:`team_problems` to say what keeps a team from being planned at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..domain import calendar
from ..domain.calendar import TeamDay, TeamProblem
from ..extensions import db
from ..models import Absence, Team, User

__all__ = ["TeamDay", "TeamProblem", "active_teams", "calendar_of", "preview", "team_days",
           "team_problems"]


def active_teams() -> list[Team]:
    """The teams an admin has not switched off, with their members, by name."""
    return list(db.session.scalars(
        select(Team).where(Team.active.is_(True)).options(selectinload(Team.members))
        .order_by(Team.name)))


def _absences(teams: Sequence[Team], start: date, end: date) -> dict[int, list[Absence]]:
    member_ids = [m.id for t in teams for m in t.members]
    if not member_ids:
        return {}
    rows = db.session.scalars(select(Absence).where(
        Absence.user_id.in_(member_ids), Absence.starts_on <= end, Absence.ends_on >= start))
    found: dict[int, list[Absence]] = {}
    for row in rows:
        found.setdefault(row.user_id, []).append(row)
    return found


def _members(team: Team) -> tuple[int, ...]:
    return tuple(m.id for m in team.active_members)


def calendar_of(team: Team, absences: dict[int, list[Absence]] | None = None
                ) -> calendar.TeamCalendar:
    """The domain's view of `team` (absences: by member id, as loaded for a period)."""
    members = _members(team)
    absences = absences or {}
    return calendar.TeamCalendar(
        team=team.id, members=members,
        weekdays=calendar.parse_weekdays(team.working_weekdays),
        shift_start=team.shift_start, shift_end=team.shift_end,
        has_start=team.has_start, active=team.active,
        absences=tuple(calendar.Absence(a.user_id, a.starts_on, a.ends_on)
                       for m in members for a in absences.get(m, ())),
    )


def team_days(start: date, end: date, teams: Sequence[Team] | None = None) -> list[TeamDay]:
    """Every team-day from `start` to `end` (both included) on which a team can visit.

    `teams` defaults to the active teams. A team-day is left out on a day outside the
    team's working weekdays, on a Danish public holiday, and when all its members are
    absent; teams with a problem (:func:`team_problems`) have no team-days at all.
    Each :class:`TeamDay` says who is present, the shift, and whether the team can take
    visits in pairs that day (``pair``: two members present).
    """
    teams = active_teams() if teams is None else list(teams)
    absences = _absences(teams, start, end)
    return calendar.team_days(start, end, [calendar_of(t, absences) for t in teams])


def team_problems(teams: Sequence[Team]) -> dict[int, list[TeamProblem]]:
    """What keeps each team from being planned (no members, no start point, no working
    day, switched off); teams without a problem are left out of the answer."""
    found = {}
    for team in teams:
        problems = calendar.problems(calendar_of(team))
        if problems:
            found[team.id] = problems
    return found


def absences_of(user: User, since: date) -> list[Absence]:
    return list(db.session.scalars(select(Absence).where(
        Absence.user_id == user.id, Absence.ends_on >= since).order_by(Absence.starts_on)))


def preview(team: Team, start: date, days: int, language: str = "en"
            ) -> list[calendar.DayStatus]:
    """The team's next `days` days from `start`, each with why it is or is not a working
    day (holiday names in `language`): the calendar the planner will use, for people."""
    end = start + timedelta(days=days - 1)
    team_calendar = calendar_of(team, _absences([team], start, end))
    return [calendar.day_status(team_calendar, day, language)
            for day in calendar.days_in(start, end)]
