"""Outcomes sent from the field app, each stored once under the phone's own id."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._base import UtcDateTime, one_of, utcnow

FIELD_OUTCOME_RESULTS = ("applied", "conflict")


class FieldOutcome(db.Model):
    """One outcome as the phone sent it, stored once per client id (insert or return).

    ``result`` says what became of it: ``applied`` went into the case's ladder through
    the desk's service; ``conflict`` could not be (the visit was cancelled at the office
    meanwhile, the case was decided, ...): it is kept on the case, flagged for the
    coordinator, and the phone was told so in ``note``.
    """

    __tablename__ = "field_outcomes"
    __table_args__ = (one_of("result", FIELD_OUTCOME_RESULTS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The unique constraint is what makes a repeat harmless, also under concurrency.
    client_id: Mapped[str] = mapped_column(String(36), unique=True)
    payload_hash: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict] = mapped_column(JSON)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(24))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    result: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(String(40))
    # A conflict waits for the coordinator until they mark it handled.
    flagged: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    handled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
