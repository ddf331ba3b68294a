"""Accounts, teams of outreach workers and offices."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, Date, Float, ForeignKey, String, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ._base import UtcDateTime, one_of, utcnow


class Role(StrEnum):
    """What a user may do; ENDPOINT_ROLES in views/access.py maps roles to pages."""

    COORDINATOR = "coordinator"
    CASEWORKER = "caseworker"
    OUTREACH = "outreach"
    ADMIN = "admin"


class TravelMode(StrEnum):
    FOOT = "foot"
    BICYCLE = "bicycle"
    CAR = "car"


class Office(db.Model):
    """A place citizens can call or visit; its phone number goes into SMS prompts."""

    __tablename__ = "offices"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    address: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(32))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)


class Team(db.Model):
    """One or two outreach workers who visit together, with a shift and a travel mode.

    The members are the outreach users whose ``team_id`` is this team; the calendar
    (domain/calendar.py) decides from them and their absences who works which day.
    A team without members or start point is kept, but cannot be planned.
    """

    __tablename__ = "teams"
    __table_args__ = (
        one_of("travel_mode", [m.value for m in TravelMode]),
        CheckConstraint("shift_start < shift_end", name="shift_order"),
        CheckConstraint("(start_lat IS NULL) = (start_lon IS NULL)", name="start_pair"),
        CheckConstraint("start_lat IS NULL OR (start_lat BETWEEN -90 AND 90)",
                        name="start_lat_range"),
        CheckConstraint("start_lon IS NULL OR (start_lon BETWEEN -180 AND 180)",
                        name="start_lon_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    travel_mode: Mapped[str] = mapped_column(String(16), default=TravelMode.BICYCLE.value)
    shift_start: Mapped[time] = mapped_column(Time, default=time(8, 0))
    shift_end: Mapped[time] = mapped_column(Time, default=time(16, 0))
    # Monday=0 ... Sunday=6, comma separated; public holidays are removed when planning.
    working_weekdays: Mapped[str] = mapped_column(String(20), default="0,1,2,3,4")
    start_address: Mapped[str] = mapped_column(String(200), default="")
    start_lat: Mapped[float | None] = mapped_column(Float)
    start_lon: Mapped[float | None] = mapped_column(Float)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    members: Mapped[list[User]] = relationship(back_populates="team", order_by="User.id")
    office: Mapped[Office | None] = relationship()

    @property
    def active_members(self) -> list[User]:
        """The members who go out on visits: active outreach accounts (not an admin or
        coordinator who happens to be linked to the team)."""
        return [m for m in self.members if m.active and m.role == Role.OUTREACH.value]

    @property
    def size(self) -> int:
        """How many active workers the team has (a pair team has two)."""
        return len(self.active_members)

    @property
    def has_start(self) -> bool:
        return self.start_lat is not None and self.start_lon is not None


class Absence(db.Model):
    """A team member away (ill, on leave) from one day to another, both included.

    No reason is stored: the planner needs only the days, and a reason would be
    health data about an employee.
    """

    __tablename__ = "absences"
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="period_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date] = mapped_column(Date, index=True)
    ends_on: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class User(UserMixin, db.Model):
    """A staff account. Deactivated accounts keep their history but cannot log in."""

    __tablename__ = "users"
    __table_args__ = (one_of("role", [r.value for r in Role]),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # A one-time password set by an administrator: the user must choose their own first.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)

    team: Mapped[Team | None] = relationship(back_populates="members")

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return bool(self.active)


class UserSession(db.Model):
    """A login, kept on the server: ending the row ends the session, whoever holds the cookie.

    The cookie carries a random token; only its SHA-256 is stored, so a copy of this
    table cannot be replayed as a login.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # logout, idle, expired, deactivated, password
    end_reason: Mapped[str | None] = mapped_column(String(16))

    user: Mapped[User] = relationship()
