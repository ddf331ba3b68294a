"""The planner's settings, kept by the admin in the database (one row)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._base import UtcDateTime, utcnow


class PlannerSettings(db.Model):
    """Travel model and planning limits; services/planner_settings.py gives the defaults
    while no admin has saved them, and checks the ranges."""

    __tablename__ = "planner_settings"
    __table_args__ = (
        CheckConstraint("detour_factor >= 1", name="detour_at_least_one"),
        CheckConstraint("speed_foot_kmh > 0 AND speed_bicycle_kmh > 0 AND speed_car_kmh > 0",
                        name="speeds_positive"),
        CheckConstraint("service_minutes > 0", name="service_positive"),
        CheckConstraint("time_limit_seconds > 0", name="time_limit_positive"),
        CheckConstraint("monthly_target_low <= monthly_target_high", name="target_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    detour_factor: Mapped[float] = mapped_column(Float)
    speed_foot_kmh: Mapped[float] = mapped_column(Float)
    speed_bicycle_kmh: Mapped[float] = mapped_column(Float)
    speed_car_kmh: Mapped[float] = mapped_column(Float)
    service_minutes: Mapped[int] = mapped_column(Integer)
    time_limit_seconds: Mapped[int] = mapped_column(Integer)
    osrm_url: Mapped[str | None] = mapped_column(String(300))
    monthly_target_low: Mapped[int] = mapped_column(Integer)
    monthly_target_high: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
