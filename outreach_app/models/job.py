"""Background jobs (batch geocoding, planning): what runs, how far it got, how it ended."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._base import UtcDateTime, one_of, utcnow

JOB_STATUSES = ("queued", "running", "done", "failed", "cancelled")
#: Batch geocoding (services/geocode_batch.py): at most one queued or running at a time.
GEOCODE_KIND = "geocode"
_ONE_ACTIVE_GEOCODE = text("kind = 'geocode' AND status IN ('queued', 'running')")


class BackgroundJob(db.Model):
    """One run of a long task, written by the worker as it goes, read by the page."""

    __tablename__ = "background_jobs"
    __table_args__ = (
        one_of("status", JOB_STATUSES),
        # Two coordinators who start the lookup at the same moment start one job: the
        # second insert fails here, whatever both read before it.
        Index("uq_background_jobs_one_active_geocode", "kind", unique=True,
              postgresql_where=_ONE_ACTIVE_GEOCODE, sqlite_where=_ONE_ACTIVE_GEOCODE),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    # A short summary for the page; never personal data (names, addresses).
    message: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
