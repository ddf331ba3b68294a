"""Home visits and the route plans that carry them."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.lifecycle import RoutePlanStatus, VisitStatus
from ..extensions import db
from ._base import UtcDateTime, one_of, utcnow

VISIT_STATUSES = tuple(VisitStatus)
ROUTE_STATUSES = tuple(RoutePlanStatus)


class Visit(db.Model):
    """A home visit to plan and carry out, the last rung of the contact ladder."""

    __tablename__ = "visits"
    __table_args__ = (
        one_of("status", VISIT_STATUSES),
        CheckConstraint("deadline_on >= earliest_on", name="deadline_after_earliest"),
        CheckConstraint("service_minutes > 0", name="service_positive"),
        CheckConstraint(
            "(window_start IS NULL AND window_end IS NULL) OR window_start < window_end",
            name="window_order",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=VisitStatus.REQUESTED.value)
    earliest_on: Mapped[date] = mapped_column(Date)
    deadline_on: Mapped[date] = mapped_column(Date)
    window_start: Mapped[time | None] = mapped_column(Time)
    window_end: Mapped[time | None] = mapped_column(Time)
    service_minutes: Mapped[int] = mapped_column(Integer, default=20)
    priority: Mapped[int] = mapped_column(Integer, default=0)
    needs_pair: Mapped[bool] = mapped_column(Boolean, default=False)
    required_team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # The outcome, recorded in the field (possibly offline, hence the client id).
    outcome: Mapped[str | None] = mapped_column(String(24))
    outcome_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    explanation: Mapped[str] = mapped_column(Text, default="")
    reason_category: Mapped[str | None] = mapped_column(String(40))
    updated_phone: Mapped[str | None] = mapped_column(String(20))
    next_step: Mapped[str] = mapped_column(Text, default="")
    card_left: Mapped[bool | None] = mapped_column(Boolean)
    # The field app's optional check "within 100 m of the address": yes / no / not made
    # (never a position: the phone compares and sends only the answer).
    near_address: Mapped[bool | None] = mapped_column(Boolean)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    # Why the last planning run could not place it (routes_planner's reason code); None
    # once placed. The planning page explains the code in plain words.
    unplaced_reason: Mapped[str | None] = mapped_column(String(32))

    case = relationship("Case")
    stop: Mapped[RouteStop | None] = relationship(back_populates="visit", uselist=False)


class RoutePlan(db.Model):
    """A team's ordered stops for one day."""

    __tablename__ = "route_plans"
    __table_args__ = (
        UniqueConstraint("team_id", "day", name="uq_route_plans_team_day"),
        one_of("status", ROUTE_STATUSES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    day: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(16), default=RoutePlanStatus.DRAFT.value)
    travel_seconds: Mapped[int] = mapped_column(Integer, default=0)
    travel_metres: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The field app syncs by revision: every change of stops or times after the route
    # was first stored bumps it and sets changed_at, so the phone can say "changed".
    revision: Mapped[int] = mapped_column(Integer, default=1)
    changed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    team = relationship("Team")
    stops: Mapped[list[RouteStop]] = relationship(
        back_populates="route_plan", order_by="RouteStop.seq", cascade="all, delete-orphan"
    )


class RouteStop(db.Model):
    __tablename__ = "route_stops"
    __table_args__ = (UniqueConstraint("route_plan_id", "seq", name="uq_route_stops_plan_seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    route_plan_id: Mapped[int] = mapped_column(ForeignKey("route_plans.id", ondelete="CASCADE"))
    # A visit is on at most one route at a time.
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id"), unique=True)
    seq: Mapped[int] = mapped_column(Integer)
    arrival: Mapped[time] = mapped_column(Time)
    start: Mapped[time] = mapped_column(Time)
    departure: Mapped[time] = mapped_column(Time)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    # The leg that leads to this stop (from the start or the previous stop).
    travel_seconds: Mapped[int] = mapped_column(Integer, default=0)
    travel_metres: Mapped[int] = mapped_column(Integer, default=0)

    route_plan: Mapped[RoutePlan] = relationship(back_populates="stops")
    visit: Mapped[Visit] = relationship(back_populates="stop")
