"""Accounts, teams of outreach workers and offices."""

from __future__ import annotations

from datetime import datetime, time
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, Float, ForeignKey, Integer, String, Time
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
    """One or two outreach workers who visit together, with a shift and a travel mode."""

    __tablename__ = "teams"
    __table_args__ = (
        CheckConstraint("size IN (1, 2)", name="size_one_or_two"),
        one_of("travel_mode", [m.value for m in TravelMode]),
        CheckConstraint("shift_start < shift_end", name="shift_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    size: Mapped[int] = mapped_column(Integer, default=1)
    travel_mode: Mapped[str] = mapped_column(String(16), default=TravelMode.BICYCLE.value)
    shift_start: Mapped[time] = mapped_column(Time, default=time(8, 0))
    shift_end: Mapped[time] = mapped_column(Time, default=time(16, 0))
    # Monday=0 ... Sunday=6, comma separated; public holidays are removed when planning.
    working_weekdays: Mapped[str] = mapped_column(String(20), default="0,1,2,3,4")
    start_address: Mapped[str] = mapped_column(String(200))
    start_lat: Mapped[float] = mapped_column(Float)
    start_lon: Mapped[float] = mapped_column(Float)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    members: Mapped[list[User]] = relationship(back_populates="team")
    office: Mapped[Office | None] = relationship()


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

    team: Mapped[Team | None] = relationship(back_populates="members")

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return bool(self.active)
