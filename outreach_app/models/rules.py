"""Rule sets with validity dates and suspension periods: the law as data."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, String, Text
from sqlalchemy import false as sa_false
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class RuleSet(db.Model):
    """A stored copy of a domain rule set; the case names the one chosen by its no-show date."""

    __tablename__ = "rule_sets"
    __table_args__ = (
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="validity_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    draft: Mapped[bool] = mapped_column(Boolean, default=False)
    definition: Mapped[dict] = mapped_column(JSON)


class SuspensionPeriod(db.Model):
    """A period (e.g. COVID-19 in 2020) in which no-shows cannot lead to a sanction."""

    __tablename__ = "suspension_periods"
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="period_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    meetings_voluntary: Mapped[bool] = mapped_column(Boolean, default=True)
    availability_duty_suspended: Mapped[bool] = mapped_column(Boolean, default=True,
                                                              server_default=sa_true())
    digital_meetings_allowed: Mapped[bool] = mapped_column(Boolean, default=False,
                                                           server_default=sa_false())
    note: Mapped[str] = mapped_column(Text, default="")
