"""SQLAlchemy models, one module per aggregate. Importing this registers every table."""

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

__all__ = [
    "Absence", "Appeal", "Appointment", "AuditEvent", "BackgroundJob", "Case", "Citizen",
    "ClientSubmission", "ContactAttempt", "Decision", "Exemption", "FieldOutcome",
    "GeocodeCacheEntry", "HearingExtension", "Office", "Partner", "PlannerSettings",
    "PlanningRun", "Reassessment", "Role",
    "RoutePlan", "RouteStop", "RuleSet", "SmsEvent", "SmsForbiddenTerm", "SmsMessage",
    "SmsTemplate", "SuspensionPeriod", "Team", "TravelMode", "User", "UserSession",
    "Visit",
]
