"""A request to plan a period: what was asked, and the background job that does it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, func, text
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db

PLAN_MODES = ("fit_new", "keep_locked", "replan_all")


class PlanningRun(db.Model):
    """One planning of a period for some teams, carried out by a background job.

    ``active_key`` holds the period while the run is queued or running and is cleared
    when it ends. Two runs whose periods share a day would each replace the other's
    routes, so the database refuses the second while the first is active, even when two
    coordinators click at the same moment: on PostgreSQL an exclusion constraint over
    the active runs' periods, on SQLite (one process, writes one at a time) the unique
    ``active_key`` for the same period and the service's check for overlapping ones.
    """

    __tablename__ = "planning_runs"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="period_order"),
        CheckConstraint("mode IN ('fit_new', 'keep_locked', 'replan_all')", name="mode_valid"),
        ExcludeConstraint((func.daterange(text("starts_on"), text("ends_on"), text("'[]'")), "&&"),
                          name="ex_planning_runs_active_periods_apart", using="gist",
                          where=text("active_key IS NOT NULL")).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("background_jobs.id"), unique=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    mode: Mapped[str] = mapped_column(String(16))
    # Team ids, comma separated, as chosen on the page (the calendar decides the days).
    team_ids: Mapped[str] = mapped_column(String(200))
    active_key: Mapped[str | None] = mapped_column(String(40), unique=True)
    planned: Mapped[int] = mapped_column(Integer, default=0)
    unplaced: Mapped[int] = mapped_column(Integer, default=0)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)

    job = relationship("BackgroundJob")

    @property
    def teams(self) -> list[int]:
        return [int(t) for t in self.team_ids.split(",") if t]
