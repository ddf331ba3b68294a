"""Shared column helpers for the models."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import CheckConstraint, DateTime


def utcnow() -> datetime:
    """Times are stored in UTC and shown in Europe/Copenhagen."""
    return datetime.now(UTC)


UtcDateTime = DateTime(timezone=True)


def one_of(column: str, values, name: str | None = None) -> CheckConstraint:
    """A CHECK constraint that keeps a string column inside a fixed vocabulary."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name or f"{column}_valid")
