"""SQLAlchemy models, one module per aggregate. Importing this registers every table."""

from sqlalchemy import String, event
from sqlalchemy import inspect as _inspect
from sqlalchemy.orm import Session as _Session

from ..domain.text import clean_text
from .appointment import Appointment
from .audit import AuditEvent, ClientSubmission
from .case import Appeal, Case, ContactAttempt, Decision, HearingExtension, Reassessment
from .citizen import Citizen, Exemption, GeocodeCacheEntry, Partner
from .field import FieldOutcome
from .job import BackgroundJob
from .planning_run import PlanningRun
from .rules import RuleSet, SuspensionPeriod
from .settings import PlannerSettings
from .sms import SmsEvent, SmsForbiddenTerm, SmsMessage, SmsTemplate
from .user import Absence, Office, Role, Team, TravelMode, User, UserSession
from .visit import RoutePlan, RouteStop, Visit


@event.listens_for(_Session, "before_flush")
def _clean_stored_text(session, _flush_context, _instances) -> None:
    """No text reaches the database with NUL or bidirectional control characters.

    Forms and the CSV import clean their input already; this catches every other way in
    (the API, the command line, a future import), so the rule holds for all of them.
    """
    for obj in (*session.new, *session.dirty):
        state = _inspect(obj)
        for column in state.mapper.columns:
            if not isinstance(column.type, String):  # Text is a String too
                continue
            key = state.mapper.get_property_by_column(column).key
            value = state.dict.get(key)
            if isinstance(value, str):
                cleaned = clean_text(value)
                if cleaned != value:
                    setattr(obj, key, cleaned)


__all__ = [
    "Absence", "Appeal", "Appointment", "AuditEvent", "BackgroundJob", "Case", "Citizen",
    "ClientSubmission", "ContactAttempt", "Decision", "Exemption", "FieldOutcome",
    "GeocodeCacheEntry", "HearingExtension", "Office", "Partner", "PlannerSettings",
    "PlanningRun", "Reassessment", "Role",
    "RoutePlan", "RouteStop", "RuleSet", "SmsEvent", "SmsForbiddenTerm", "SmsMessage",
    "SmsTemplate", "SuspensionPeriod", "Team", "TravelMode", "User", "UserSession",
    "Visit",
]
