"""Writing audit events in the caller's transaction, so a change and its trail commit together."""

from __future__ import annotations

from flask import g, has_request_context, request
from flask_login import current_user
from sqlalchemy import event

from ..extensions import db
from ..models import AuditEvent, Citizen, User
from .unit_of_work import unit_of_work

# Per request: the citizens whose rows were loaded, and those a trail entry already names.
_LOADED = "_audit_citizens_loaded"
_NAMED = "_audit_citizens_named"


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
    if has_request_context():
        named = g.setdefault(_NAMED, set())
        if citizen_id is not None:
            named.add(citizen_id)
        named.update((details or {}).get("citizen_ids", ()))
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


@event.listens_for(Citizen, "load")
def _citizen_loaded(citizen: Citizen, _context) -> None:
    # Every way a page can come to show a citizen starts with loading the row.
    if has_request_context():
        g.setdefault(_LOADED, set()).add(citizen.id)


def record_unaudited_reads() -> int:
    """Audit every citizen loaded for this response that no trail entry of the request names.

    Called for every response that shows a page (not for redirects or errors), so a
    read is audited whatever the method: a POST that fails validation and shows the
    form again with the citizen's name and case is a read like the GET before it.
    """
    missing = g.get(_LOADED, set()) - g.get(_NAMED, set())
    if not missing or not current_user.is_authenticated:
        return 0
    pending = [*db.session.new, *db.session.dirty, *db.session.deleted]
    if any(not isinstance(obj, AuditEvent) for obj in pending):
        # A refused change left behind must never be saved by the trail's commit.
        db.session.rollback()
    with unit_of_work():
        for citizen_id in sorted(missing):
            record("citizen.read", object_type="citizen", object_id=citizen_id,
                   citizen_id=citizen_id,
                   details={"endpoint": request.endpoint, "method": request.method})
    return len(missing)
