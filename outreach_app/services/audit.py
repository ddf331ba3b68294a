"""Writing audit events in the caller's transaction, so a change and its trail commit together."""

from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user

from ..extensions import db
from ..models import AuditEvent, User


def record(
    action: str,
    *,
    object_type: str | None = None,
    object_id: int | None = None,
    citizen_id: int | None = None,
    details: dict | None = None,
    user: User | None = None,
    username: str | None = None,
) -> AuditEvent:
    """Add an AuditEvent to the current session; the caller commits it with its change.

    `details` must never hold personal data (names, addresses, notes): ids, counts,
    field names and filter names only. The one exception is a search: Datatilsynet
    expects the log of a search to show what was searched for (case_list.case_rows).
    """
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user._get_current_object()
    event = AuditEvent(
        action=action,
        object_type=object_type,
        object_id=object_id,
        citizen_id=citizen_id,
        details=details or {},
        user_id=user.id if user is not None else None,
        username=user.username if user is not None else username,
        ip=request.remote_addr if has_request_context() else None,
    )
    db.session.add(event)
    return event


def changed_fields(obj, data: dict) -> list[str]:
    """Set the attributes that differ and return their names (for the audit trail)."""
    changed = []
    for field, value in data.items():
        if getattr(obj, field) != value:
            setattr(obj, field, value)
            changed.append(field)
    return changed
