"""Teams and absences, kept by the admin: who is in a team, where it starts, when it works.

The calendar rules that use them are in domain/calendar.py (through services/calendar.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from routes_planner import Geocoded, GeocodeFailure

from ..domain.calendar import PAIR, format_weekdays
from ..domain.dates import implausible
from ..extensions import db
from ..models import Absence, Role, Team, TravelMode, User
from . import audit, clock, geocoding
from .refusal import Refusal
from .unit_of_work import unit_of_work

DEFAULT_SHIFT = (time(8, 0), time(16, 0))


@dataclass(frozen=True)
class TeamInput:
    name: str
    member_ids: tuple[int, ...]
    travel_mode: str
    start_address: str
    start_lat: float | None
    start_lon: float | None
    shift_start: time
    shift_end: time
    weekdays: tuple[int, ...]
    active: bool = True


@dataclass(frozen=True)
class SavedTeam:
    team: Team
    # The start address was looked up and not found: what the admin should do about it.
    start_not_found: GeocodeFailure | None = None


def list_teams() -> list[Team]:
    return list(db.session.scalars(
        select(Team).options(selectinload(Team.members)).order_by(Team.name)))


def outreach_workers() -> list[User]:
    """The users who can be team members: active outreach accounts, by name."""
    return list(db.session.scalars(select(User).where(
        User.role == Role.OUTREACH.value, User.active.is_(True)).order_by(User.full_name,
                                                                          User.username)))


def _check(data: TeamInput, team_id: int | None) -> list[User]:
    name = data.name.strip()
    if not name:
        raise Refusal("team_name_missing", "name")
    taken = db.session.scalar(select(Team.id).where(func.lower(Team.name) == name.lower()))
    if taken is not None and taken != team_id:
        raise Refusal("team_name_taken", "name")
    if len(set(data.member_ids)) != len(data.member_ids):
        raise Refusal("members_not_different", "member_2")
    if len(data.member_ids) > PAIR:
        raise Refusal("members_too_many", "member_2")
    members = []
    for user_id in data.member_ids:
        user = db.session.get(User, user_id)
        if user is None or user.role != Role.OUTREACH.value or not user.active:
            field = "member_1" if user_id == data.member_ids[0] else "member_2"
            raise Refusal("member_not_outreach", field)
        members.append(user)
    if data.travel_mode not in {m.value for m in TravelMode}:
        raise Refusal("travel_mode_unknown", "travel_mode")
    if (data.start_lat is None) != (data.start_lon is None):
        raise Refusal("position_incomplete", "start_lat")
    if data.start_lat is not None and not (-90 <= data.start_lat <= 90
                                           and -180 <= data.start_lon <= 180):
        raise Refusal("start_out_of_range", "start_lat")
    if data.shift_start >= data.shift_end:
        raise Refusal("shift_order", "shift_end")
    if not data.weekdays or any(d not in range(7) for d in data.weekdays):
        raise Refusal("no_working_day", "weekdays")
    return members


@unit_of_work()
def save_team(team_id: int | None, data: TeamInput, user: User | None = None) -> SavedTeam:
    """Create (team_id None) or change a team; all checks pass or nothing is saved.

    Members taken from another team leave it. A start address without coordinates is
    looked up (a second at most); when it is not found the team is saved without a
    start point, which the page reports as what is missing.
    """
    members = _check(data, team_id)
    team = Team() if team_id is None else db.session.get(Team, team_id)
    if team is None:
        raise LookupError(team_id)
    lat, lon = data.start_lat, data.start_lon
    not_found = None
    address = data.start_address.strip()
    if lat is None and address:
        # The cache answers at once for an address seen before; else a second at most.
        outcome = geocoding.lookup_for_page(address)
        if isinstance(outcome, Geocoded):
            lat, lon = outcome.position.lat, outcome.position.lon
        else:
            not_found = outcome
    elif lat is not None and address and (lat, lon) != (team.start_lat, team.start_lon):
        # Set by hand (typed or clicked): it also wins for this address next time.
        geocoding.pin(address, lat, lon)
    values = {
        "name": data.name.strip(), "travel_mode": data.travel_mode, "start_address": address,
        "start_lat": lat, "start_lon": lon, "shift_start": data.shift_start,
        "shift_end": data.shift_end, "working_weekdays": format_weekdays(data.weekdays),
        "active": data.active,
    }
    if team_id is None:
        for key, value in values.items():
            setattr(team, key, value)
        db.session.add(team)
        changed = ["created"]
    else:
        changed = audit.changed_fields(team, values)
    old = {m.id for m in team.members}
    new = {m.id for m in members}
    if old != new:
        # Non-outreach users linked to the team (none normally) are unlinked too.
        team.members = members
        changed.append("members")
    db.session.flush()
    if changed:
        audit.record("team.create" if team_id is None else "team.update", object_type="team",
                     object_id=team.id, user=user,
                     details={"fields": changed, "members": sorted(new)})
    return SavedTeam(team, not_found)


@unit_of_work()
def add_absence(user_id: int, starts_on: date, ends_on: date, by: User | None = None
                ) -> Absence:
    """Record that a team member is away; overlapping absences are merged into one."""
    member = db.session.get(User, user_id)
    if member is None or member.role != Role.OUTREACH.value:
        raise Refusal("absence_not_outreach", "user_id")
    for field, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if implausible(day, clock.today()):
            raise Refusal("outside_window", field)
    if ends_on < starts_on:
        raise Refusal("absence_end_before_start", "ends_on")
    overlapping = list(db.session.scalars(select(Absence).where(
        Absence.user_id == user_id, Absence.starts_on <= ends_on,
        Absence.ends_on >= starts_on)))
    for other in overlapping:
        starts_on, ends_on = min(starts_on, other.starts_on), max(ends_on, other.ends_on)
        db.session.delete(other)
    absence = Absence(user_id=user_id, starts_on=starts_on, ends_on=ends_on,
                      created_by_id=by.id if by is not None else None)
    db.session.add(absence)
    db.session.flush()
    audit.record("absence.create", object_type="absence", object_id=absence.id, user=by,
                 details={"member": user_id, "days": (ends_on - starts_on).days + 1})
    return absence


@unit_of_work()
def remove_absence(absence_id: int, by: User | None = None) -> None:
    """Take an absence back (the member works after all); a second click does nothing."""
    absence = db.session.get(Absence, absence_id)
    if absence is None:
        return
    audit.record("absence.delete", object_type="absence", object_id=absence.id, user=by,
                 details={"member": absence.user_id})
    db.session.delete(absence)


def upcoming_absences(since: date) -> list[Absence]:
    return list(db.session.scalars(
        select(Absence).where(Absence.ends_on >= since).options(selectinload(Absence.user))
        .order_by(Absence.starts_on, Absence.user_id)))


def landmarks(exclude: Team | None = None) -> list[dict]:
    """Team start points (no personal data), to find one's way on a map without tiles."""
    return [{"label": t.name, "lat": t.start_lat, "lon": t.start_lon}
            for t in list_teams() if t.has_start and t is not exclude]
