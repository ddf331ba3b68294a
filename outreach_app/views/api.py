"""The JSON API for the field app, under /api/v1/. Errors answer JSON (see views/__init__).

The API is exempt from the form CSRF token: outcomes wait on the phone for hours and are
replayed by a service worker, long after any token expired. A cross-site page cannot send
a JSON body without a CORS preflight this site never grants, and writes must say
`Content-Type: application/json` and come from this origin (Origin / Sec-Fetch-Site).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from flask import Blueprint, current_app, jsonify, request, session
from flask_babel import gettext as _
from flask_login import current_user

from ..domain import AbsenceReason, VisitOutcome
from ..domain.phones import InvalidPhoneNumber, normalise_phone
from ..extensions import csrf
from ..services import accounts, clock, field
from . import labels

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

TEXT_MAX = 2000
FIELDS = {"client_id", "visit_id", "outcome", "recorded_at", "explanation", "reason_category",
          "updated_phone", "next_step", "card_left", "near_address", "recorded_by"}


class BadInput(Exception):
    def __init__(self, status: int, message: str, field_name: str | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field_name


def _error(status: int, message: str, **extra):
    return jsonify(error=status, message=message, **extra), status


@bp.errorhandler(BadInput)
def bad_input(error: BadInput):
    return _error(error.status, error.message, field=error.field)


@bp.before_request
def same_origin_json_writes():
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    site = request.headers.get("Sec-Fetch-Site")
    origin = request.headers.get("Origin")
    if (site and site not in ("same-origin", "none")) or (
            origin and origin.rstrip("/") != request.host_url.rstrip("/")):
        return _error(403, _("Only this site's own pages may send data here."))
    if not request.is_json:
        return _error(415, _("Send JSON (Content-Type: application/json)."))
    return None


@bp.get("/me")
def me():
    return jsonify(username=current_user.username, role=current_user.role,
                   team_id=current_user.team_id)


def _stop_json(stop: field.FieldStop) -> dict:
    return {
        "visit_id": stop.visit_id, "seq": stop.seq, "eta": stop.eta.strftime("%H:%M"),
        "name": stop.name, "address": stop.address, "lat": stop.lat, "lon": stop.lon,
        "access_notes": stop.access_notes,
        # The flags in words, in the worker's language; the code for the phone's layout.
        "safety_flags": [{"flag": f.value, "text": str(labels.SAFETY_FLAGS[f])}
                         for f in stop.safety_flags],
        "safety_note": stop.safety_note, "needs_pair": stop.needs_pair,
        "state": stop.state, "outcome": stop.outcome,
        "outcome_label": labels.visit_outcome_label(stop.outcome) if stop.outcome else None,
    }


def _route_json(route: field.FieldRoute | None) -> dict | None:
    if route is None:
        return None
    return {"day": route.day.isoformat(), "status": route.status,
            "stops": [_stop_json(s) for s in route.stops]}


@bp.get("/route")
def route():
    """Today's route and the next working day's once published (`tomorrow`, with its day):
    only the worker's own team's visits."""
    today = clock.today()
    user = current_user._get_current_object()
    todays, tomorrows = field.worker_routes(user, today)
    phone = current_app.config["SETTINGS"].office_phone
    return jsonify(
        day=today.isoformat(), server_time=clock.now().isoformat(),
        # Whose route this is: the phone tags each outcome with it and sends an outcome
        # only while its author is the one logged in.
        worker={"id": user.id, "name": user.full_name or user.username},
        office_phone=phone, office_phone_tel="".join(phone.split()),
        today=_route_json(todays), tomorrow=_route_json(tomorrows),
    )


@bp.get("/visits/<int:visit_id>")
def visit(visit_id: int):
    """One stop of the worker's routes; another team's visit is a 404 like an unknown one."""
    user = current_user._get_current_object()
    today = clock.today()
    for found in field.worker_routes(user, today):
        for stop in found.stops if found else ():
            if stop.visit_id == visit_id:
                return jsonify(_stop_json(stop))
    return _error(404, _("No such visit on your routes."))


# -- outcomes ---------------------------------------------------------------------------------

def _text(data: dict, name: str) -> str:
    value = data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > TEXT_MAX:
        raise BadInput(400, _("%(field)s must be text of at most %(n)d characters.",
                              field=name, n=TEXT_MAX), name)
    return value.strip()


def _flag(data: dict, name: str) -> bool | None:
    value = data.get(name)
    if value is not None and not isinstance(value, bool):
        raise BadInput(400, _("%(field)s must be true, false or left out.", field=name), name)
    return value


def _db_id(value) -> bool:
    return not isinstance(value, bool) and isinstance(value, int) and 0 < value < 2**31


def parse_outcome(data) -> field.OutcomeSubmission:
    """The outcome from the phone's JSON, or BadInput with a message the phone shows."""
    if not isinstance(data, dict):
        raise BadInput(400, _("The body must be a JSON object."))
    unknown = sorted(set(data) - FIELDS)
    if unknown:
        raise BadInput(400, _("Unknown field: %(name)s.", name=unknown[0][:40]), unknown[0][:40])
    try:
        client_id = str(uuid.UUID(str(data.get("client_id", ""))))
    except ValueError:
        raise BadInput(400, _("client_id must be a UUID."), "client_id") from None
    visit_id = data.get("visit_id")
    if not _db_id(visit_id):
        raise BadInput(400, _("visit_id must be a visit's number."), "visit_id")
    recorded_by = data.get("recorded_by")
    if recorded_by is not None and not _db_id(recorded_by):
        raise BadInput(400, _("recorded_by must be a user's number."), "recorded_by")
    try:
        outcome = VisitOutcome(data.get("outcome"))
    except ValueError:
        raise BadInput(422, _("Choose an outcome from the list."), "outcome") from None
    try:
        recorded_at = datetime.fromisoformat(str(data.get("recorded_at", "")))
    except ValueError:
        raise BadInput(400, _("recorded_at must be an ISO time with a time zone."),
                       "recorded_at") from None
    if recorded_at.tzinfo is None:
        raise BadInput(400, _("recorded_at must be an ISO time with a time zone."),
                       "recorded_at")
    if recorded_at > clock.now() + field.CLOCK_DRIFT:
        raise BadInput(422, _("The time of the outcome is in the future: check the phone's "
                              "clock."), "recorded_at")
    reason = data.get("reason_category")
    if reason in (None, ""):
        reason = None
    else:
        try:
            reason = AbsenceReason(reason)
        except ValueError:
            raise BadInput(422, _("Choose a reason from the list."), "reason_category") \
                from None
    phone = _text(data, "updated_phone") or None
    if phone:
        try:
            phone = normalise_phone(phone)
        except InvalidPhoneNumber:
            raise BadInput(422, _("The phone number is not valid."), "updated_phone") from None
    return field.OutcomeSubmission(
        client_id=client_id, visit_id=visit_id, outcome=outcome, recorded_at=recorded_at,
        explanation=_text(data, "explanation"), reason_category=reason,
        updated_phone=phone, next_step=_text(data, "next_step"),
        card_left=_flag(data, "card_left"), near_address=_flag(data, "near_address"),
        recorded_by=recorded_by)


def _note_text(code: str | None) -> str | None:
    if code is None:
        return None
    return _("Received, but the office had closed this visit in the meantime (it was "
             "cancelled, already recorded or the case decided). The coordinator has been "
             "told and will look at it.")


@bp.post("/outcomes")
def outcomes():
    """Store one outcome once per client id; a repeat gets the stored answer again."""
    data = request.get_json(silent=True)
    if data is None:
        raise BadInput(400, _("The body is not valid JSON."))
    submission = parse_outcome(data)
    try:
        receipt = field.submit_outcome(current_user._get_current_object(), submission)
    except field.RecordedByAnother:
        # The phone keeps it for its author: never stored under this user's name.
        return _error(403, _("Recorded by another user on this phone. It is sent when "
                             "they log in again."), reason="other_user")
    except LookupError:
        return _error(404, _("No such visit on your routes."), field="visit_id")
    except field.ClientIdReused:
        return _error(409, _("An outcome with this id was already received with other "
                             "content. The first one stands; call the office."))
    except field.CaseBusy:
        return _error(503, _("The case was being changed at the office. It will be sent "
                             "again shortly."))
    return jsonify(client_id=receipt.client_id, visit_id=receipt.visit_id,
                   result=receipt.result, note=receipt.note, message=_note_text(receipt.note),
                   received_at=receipt.received_at.isoformat(),
                   stop_state=field.stop_state(submission.outcome.value))


@bp.post("/logout")
def logout():
    """Log out from the field app (it clears the phone itself before calling this)."""
    from .auth import SESSION_TOKEN, end_session

    # The server-side session ends too: a copy of the phone's cookie is worthless after.
    accounts.record_logout(current_user._get_current_object(), session.get(SESSION_TOKEN))
    end_session()
    return jsonify(logged_out=True)


