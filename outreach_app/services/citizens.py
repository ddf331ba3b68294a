"""Reading and changing a citizen's record; every read and change is audited."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from ..domain.phones import InvalidPhoneNumber, normalise_phone
from ..domain.safety import parse_flags
from ..extensions import db
from ..models import Case, Citizen
from . import audit, case_state, clock, geocoding
from .refusal import Conflict, Refusal
from .unit_of_work import unit_of_work


class StaleCitizen(Conflict):
    """Someone saved the record after this form was loaded: nothing was saved."""

    def __init__(self) -> None:
        super().__init__("stale_citizen")


def view_citizen(citizen_id: int) -> Citizen | None:
    """Load a citizen with partners, exemptions and cases, and audit the read."""
    citizen = db.session.scalar(
        select(Citizen)
        .where(Citizen.id == citizen_id)
        .options(selectinload(Citizen.partners), selectinload(Citizen.exemptions))
    )
    if citizen is None:
        return None
    with unit_of_work():
        audit.record("citizen.view", object_type="citizen", object_id=citizen.id,
                     citizen_id=citizen.id)
    return citizen


def safety_reviews_waiting() -> int:
    """How many carried-over safety notes wait for a coordinator's review."""
    return db.session.scalar(select(func.count()).select_from(Citizen)
                             .where(Citizen.safety_review_needed.is_(True)))


def safety_notes_to_review() -> list[Citizen]:
    """The citizens whose carried-over safety note waits for review; each shown is audited."""
    found = list(db.session.scalars(select(Citizen).where(Citizen.safety_review_needed.is_(True))
                                    .order_by(Citizen.full_name, Citizen.id)))
    with unit_of_work():
        for citizen in found:
            audit.record("citizen.view", object_type="citizen", object_id=citizen.id,
                         citizen_id=citizen.id, details={"via": "safety_review"})
    return found


def cases_of(citizen_id: int) -> list[Case]:
    return list(db.session.scalars(
        select(Case).where(Case.citizen_id == citizen_id).order_by(Case.no_show_date.desc())
    ))


def _phone(field: str, raw: str | None) -> str | None:
    if not raw or not raw.strip():
        return None
    try:
        return normalise_phone(raw)
    except InvalidPhoneNumber as error:
        raise Refusal("phone_invalid", field) from error


def update_citizen(citizen_id: int, data: dict, expected_version: int | None = None) -> Citizen:
    """Change a citizen's contact data; the audit names the changed fields, not the values.

    With `expected_version` (the version the form showed), a record changed since then is
    refused with StaleCitizen and nothing is saved: a stale form never reverts a colleague's
    new phone number or address. A form that asks for exactly what is stored changes
    nothing and is no conflict: a double click on "Save" sends it twice.
    """
    try:
        return _update(citizen_id, data, expected_version)
    except StaleDataError:
        pass  # a save committed between our load and our write: judge the form on it
    try:
        return _update(citizen_id, data, expected_version)
    except StaleDataError as error:
        raise StaleCitizen() from error


@unit_of_work()
def _update(citizen_id: int, data: dict, expected_version: int | None) -> Citizen:
    citizen = db.session.get(Citizen, citizen_id)
    if citizen is None:
        raise LookupError(citizen_id)
    data = dict(data)
    if "safety_flags" in data:
        data["safety_flags"] = [f.value for f in parse_flags(data["safety_flags"] or ())]
        # Saving the flags is the coordinator's review of a carried-over safety note.
        data["safety_review_needed"] = False
    data["phone_mobile"] = _phone("phone_mobile", data.get("phone_mobile"))
    data["phone_other"] = _phone("phone_other", data.get("phone_other"))
    if (data.get("lat") is None) != (data.get("lon") is None):
        raise Refusal("position_incomplete", "lat")
    if expected_version is not None and citizen.version != expected_version:
        if any(getattr(citizen, name) != value for name, value in data.items()):
            raise StaleCitizen()
        return citizen  # the record already is what the form says: the same save again
    position_changed = (data.get("lat"), data.get("lon")) != (citizen.lat, citizen.lon)
    moved = any(data.get(f, getattr(citizen, f)) != getattr(citizen, f)
                for f in ("address", "postcode", "city"))
    changed = audit.changed_fields(citizen, data)
    if position_changed and citizen.lat is not None:
        citizen.position_source = "manual"
        citizen.geocode_failure = None
        # The correction also wins over the geocoder the next time this address is looked up.
        geocoding.pin(citizen.full_address, citizen.lat, citizen.lon)
    elif moved and not position_changed:
        # The old position belongs to the old address: never route a visit there.
        geocoding.position_from_cache(citizen)
        # Not cached: ask the geocoder, for a second at most (else the batch job will).
        geocoding.locate_on_save(citizen)
    if changed:
        audit.record("citizen.update", object_type="citizen", object_id=citizen.id,
                     citizen_id=citizen.id, details={"fields": changed})
        # A mobile number, SMS opt-out or paper letters change the ladder's next step.
        case_state.refresh_citizen(citizen.id, clock.today())
    return citizen
