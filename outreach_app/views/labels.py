"""Danish/English labels for the stored vocabularies (the values stay English in the database)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from routes_planner import FailureReason, UnplacedReason

from ..domain.calendar import DayKind, TeamProblem
from ..domain.lifecycle import CaseStatus, RoutePlanStatus, VisitStatus
from ..domain.rungs import RungState
from ..domain.safety import SafetyFlag
from ..domain.vocabulary import (
    AbsenceReason,
    AppealOutcome,
    AttemptOutcome,
    DecisionOutcome,
    ExemptionReason,
    GuidanceChannel,
    IllnessReport,
    LetterChannel,
    MeetingChannel,
    NoShowKind,
    PartnerKind,
    ProgressionFactor,
    ReassessmentOutcome,
    Rung,
    TargetGroup,
    VisitOutcome,
)

TARGET_GROUPS = {
    TargetGroup.AKTIVITETSPARAT: _l("Activity-ready (aktivitetsparat)"),
    TargetGroup.RESSOURCEFORLOEB: _l("Resource programme (ressourceforløb)"),
    TargetGroup.JOBPARAT: _l("Job-ready (jobparat)"),
    TargetGroup.UDDANNELSESPARAT: _l("Education-ready (uddannelsesparat)"),
}
NO_SHOW_KINDS = {
    NoShowKind.INTERVIEW: _l("Interview"),
    NoShowKind.OFFER: _l("Offer"),
    NoShowKind.LATE_ARRIVAL: _l("Late arrival at an offer"),
    NoShowKind.PARTIAL_ABSENCE: _l("Partial absence from an offer"),
}
RUNGS = {
    Rung.HEARING_LETTER: _l("Hearing letter"),
    Rung.CASE_FILE_CHECK: _l("Case file checked"),
    Rung.PHONE_CALL: _l("Phone call"),
    Rung.SMS_PROMPT: _l("SMS prompt"),
    Rung.PARTNER_CONTACT: _l("Partner contacted"),
    Rung.HOME_VISIT: _l("Home visit"),
}
ATTEMPT_OUTCOMES = {
    AttemptOutcome.SENT: _l("Sent"),
    AttemptOutcome.CONTACT: _l("Contact achieved"),
    AttemptOutcome.NO_CONTACT: _l("No contact"),
    AttemptOutcome.NO_ANSWER: _l("No answer"),
    AttemptOutcome.MESSAGE_LEFT: _l("Message left"),
    AttemptOutcome.NO_NUMBER: _l("No number"),
    AttemptOutcome.SKIPPED: _l("Skipped"),
    AttemptOutcome.INFORMATION_OBTAINED: _l("Information obtained"),
    AttemptOutcome.ABORTED: _l("Aborted"),
}
LETTER_CHANNELS = {LetterChannel.DIGITAL_POST: _l("Digital Post"), LetterChannel.PAPER: _l("Paper")}
PARTNER_KINDS = {
    PartnerKind.ACTIVATION_PROVIDER: _l("Activation provider"),
    PartnerKind.MENTOR: _l("Mentor"),
    PartnerKind.SUPPORT_CONTACT_PERSON: _l("Support contact person (SKP)"),
    PartnerKind.HOUSING_ADVISER: _l("Housing adviser"),
    PartnerKind.HOMELESS_UNIT: _l("Homeless unit"),
    PartnerKind.COUNSELLING_CENTRE: _l("Counselling centre"),
    PartnerKind.PSYCHIATRIC_CENTRE: _l("Psychiatric centre"),
    PartnerKind.OTHER: _l("Other partner"),
}
VISIT_OUTCOMES = {
    VisitOutcome.MET: _l("Met the citizen"),
    VisitOutcome.NOT_AT_HOME: _l("Not at home"),
    VisitOutcome.MOVED: _l("Moved / wrong address"),
    VisitOutcome.REFUSED: _l("Refused"),
    VisitOutcome.ABORTED_SAFETY: _l("Aborted for safety"),
    VisitOutcome.OTHER: _l("Other"),
}
MEETING_CHANNELS = {
    MeetingChannel.IN_PERSON: _l("In person"),
    MeetingChannel.PHONE: _l("Phone"),
    MeetingChannel.DIGITAL: _l("Digital"),
}
ILLNESS_REPORTS = {
    IllnessReport.REPORTED: _l("Yes, reported in time"),
    IllnessReport.NOT_REPORTED: _l("No, not reported"),
}
DECISION_OUTCOMES = {
    DecisionOutcome.NO_SANCTION: _l("No sanction"),
    DecisionOutcome.SANCTION_WITH_CONTACT: _l("Sanction after contact"),
    DecisionOutcome.SANCTION_EXISTING_BASIS: _l("Sanction on the existing basis"),
}
ABSENCE_REASONS = {
    AbsenceReason.ILLNESS: _l("Illness"),
    AbsenceReason.CHILDCARE: _l("No childcare"),
    AbsenceReason.SICK_CHILD: _l("Sick child"),
    AbsenceReason.HEALTH_VS_OFFER: _l("Health does not allow the offer"),
    AbsenceReason.TRANSPORT_TIME: _l("Travel time too long"),
    AbsenceReason.HOLIDAY: _l("Holiday"),
    AbsenceReason.WORK_OR_INTERVIEW: _l("Work or job interview"),
    AbsenceReason.OTHER_REASONABLE: _l("Other reasonable cause"),
    AbsenceReason.NONE: _l("No reasonable cause"),
    AbsenceReason.UNKNOWN: _l("Unknown"),
}
REASSESSMENT_OUTCOMES = {
    ReassessmentOutcome.MAINTAINED: _l("Sanction maintained"),
    ReassessmentOutcome.ANNULLED: _l("Sanction annulled"),
}
APPEAL_OUTCOMES = {
    AppealOutcome.UPHELD: _l("Upheld"),
    AppealOutcome.CHANGED: _l("Changed"),
    AppealOutcome.REMITTED: _l("Remitted"),
    AppealOutcome.DISMISSED: _l("Dismissed"),
}
EXEMPTION_REASONS = {
    ExemptionReason.HOSPITALISED: _l("Hospitalised"),
    ExemptionReason.DISABILITY_PENSION_PENDING: _l("Disability pension case pending"),
    ExemptionReason.MEDICALLY_DOCUMENTED_HARM: _l("Medically documented harm"),
    ExemptionReason.MATERNITY_LEAVE: _l("Maternity leave"),
    ExemptionReason.OTHER: _l("Other exemption"),
}
CASE_STATUSES = {
    CaseStatus.OPEN: _l("Contact ladder in progress"),
    CaseStatus.AWAITING_DECISION: _l("Awaiting decision"),
    CaseStatus.DECIDED: _l("Decided"),
    CaseStatus.CLOSED: _l("Closed"),
}
PROGRESSION_FACTORS = {
    ProgressionFactor.TREATMENT_START: _l("Just started addiction treatment"),
    ProgressionFactor.OWN_HOUSING: _l("Just moved into own home"),
    ProgressionFactor.OTHER_PROGRESSION: _l("Other new step towards work"),
    ProgressionFactor.RELAPSE: _l("Short relapse"),
    ProgressionFactor.DIVORCE: _l("Divorce"),
    ProgressionFactor.MEDICATION_CHANGE: _l("Change of medication"),
    ProgressionFactor.OTHER_SHORT_TERM: _l("Other short-term situation"),
}
VISIT_STATUSES = {
    VisitStatus.REQUESTED: _l("Requested"),
    VisitStatus.PLANNED: _l("Planned"),
    VisitStatus.DONE: _l("Done"),
    VisitStatus.CANCELLED: _l("Cancelled"),
}
ROUTE_STATUSES = {
    RoutePlanStatus.DRAFT: _l("Draft"),
    RoutePlanStatus.PUBLISHED: _l("Published to the field app"),
    RoutePlanStatus.STARTED: _l("Started"),
    RoutePlanStatus.FINISHED: _l("Finished"),
}
RUNG_STATES = {
    RungState.OPEN: _l("Open"),
    RungState.DONE: _l("Done"),
    RungState.SKIPPED: _l("Skipped"),
    RungState.NOT_APPLICABLE: _l("Not applicable"),
    RungState.NOT_REQUIRED: _l("Not required"),
}
GUIDANCE_CHANNELS = {
    GuidanceChannel.DIGITAL_POST: _l("Digital Post"),
    GuidanceChannel.PAPER: _l("Paper letter"),
    GuidanceChannel.IN_PERSON: _l("Handed over at a meeting"),
}
# Safety at the door (domain/safety.py): shown on the citizen page, the phone and route sheets.
SAFETY_FLAGS = {
    SafetyFlag.DOG: _l("Dog at the address"),
    SafetyFlag.THREATS: _l("Earlier threats or violence"),
    SafetyFlag.PAIRS: _l("Visit in pairs"),
    SafetyFlag.OTHERS_PRESENT: _l("Others at the address may be hostile"),
}
POSITION_SOURCES = {
    "demo": _l("demo data"),
    "geocoder": _l("geocoded"),
    "manual": _l("set by hand"),
    "import": _l("imported"),
}
TEAM_PROBLEMS = {
    TeamProblem.NO_MEMBERS: _l("no members: choose one or two outreach workers"),
    TeamProblem.NO_START: _l("no start point: give an address, click the map or type "
                             "coordinates"),
    TeamProblem.NO_WORKING_DAYS: _l("no working days"),
    TeamProblem.INACTIVE: _l("switched off"),
}
GEOCODE_FAILURES = {
    FailureReason.EMPTY_ADDRESS.value: _l("the address is empty"),
    FailureReason.NOT_FOUND.value: _l("not found"),
    FailureReason.AMBIGUOUS.value: _l("several places match"),
    FailureReason.LOW_PRECISION.value: _l("only the street or area was found"),
    FailureReason.TIMEOUT.value: _l("the geocoder did not answer in time"),
    FailureReason.PROVIDER_ERROR.value: _l("the geocoder failed"),
    FailureReason.NO_PROVIDER.value: _l("no geocoder is configured"),
}
DAY_KINDS = {
    DayKind.PAIR: _l("two present: also visits in pairs"),
    DayKind.ALONE: _l("alone: no visits in pairs (%(away)s away)"),
    DayKind.DAY_OFF: _l("not a working day"),
    DayKind.HOLIDAY: _l("public holiday: %(holiday)s"),
    DayKind.ALL_AWAY: _l("nobody present (%(away)s away)"),
    DayKind.NOT_PLANNED: _l("not planned (see above)"),
}

JOB_STATUSES = {
    "queued": _l("waiting"),
    "running": _l("running"),
    "done": _l("finished"),
    "failed": _l("failed"),
    "cancelled": _l("stopped"),
}

# What each planner reason means, and what would make the visit fit.
UNPLACED: dict[str, tuple] = {
    UnplacedReason.PAST_DEADLINE.value: (
        _l("Its deadline is before the first day that can still be planned."),
        _l("Ask the caseworker whether the deadline can be moved, or visit today.")),
    UnplacedReason.NO_CAPACITY.value: (
        _l("Every team-day before its deadline is full."),
        _l("Add a team or a working day, move a less urgent visit, or a later deadline.")),
    UnplacedReason.WINDOW_OUTSIDE_SHIFT.value: (
        _l("Its time window lies outside every team's shift."),
        _l("Another time window, or a team whose shift covers it.")),
    UnplacedReason.NO_PAIR_TEAM.value: (
        _l("It must be visited in pairs and no team has two workers on the days it can be "
           "visited."),
        _l("A pair: a second member on a team, or fewer absences on those days.")),
    UnplacedReason.NO_POSITION.value: (
        _l("The address has no position on the map."),
        _l("Set the position on the map or correct the address.")),
    UnplacedReason.NO_TEAM_DAY.value: (
        _l("No team works on any day between its earliest day and its deadline."),
        _l("Another team, another working day, or a later deadline.")),
    UnplacedReason.TOO_FAR.value: (
        _l("No team can get there and back within its shift."),
        _l("A team by car or with a start point nearer, or a longer shift.")),
    UnplacedReason.OPTIONAL_LEFT_OUT.value: (
        _l("It is optional and did not fit."),
        _l("More capacity in the period.")),
}
UNPLACED_REASONS = {code: texts[0] for code, texts in UNPLACED.items()}
UNPLACED_REMEDIES = {code: texts[1] for code, texts in UNPLACED.items()}

#: The words on the route maps (routes_planner draws them).
MAP_LABELS = {
    "stop": _l("Stop"), "eta": _l("ETA"), "start": _l("Visit from"), "address": _l("Address"),
    "service": _l("Service"), "notes": _l("Notes"), "min": _l("min"), "team": _l("Team"),
    "day": _l("Day"), "mode": _l("Travel"), "leave": _l("Leave"), "back": _l("Back"),
    "stops": _l("Stops"), "travel": _l("Travel time"), "distance": _l("Distance"),
    "total_service": _l("Service time"), "base": _l("Start / end"),
    "no_position": _l("no position"), "mode_foot": _l("on foot"),
    "mode_bicycle": _l("bicycle"), "mode_car": _l("car"),
}


#: The field app's location check, as the case page reports it (None: not checked).
NEAR_ADDRESS = {
    True: _l("Location check on the phone: within 100 m of the address"),
    False: _l("Location check on the phone: more than 100 m from the address"),
}


TABLES = {
    "target_group_label": TARGET_GROUPS,
    "no_show_kind_label": NO_SHOW_KINDS,
    "rung_label": RUNGS,
    "attempt_outcome_label": ATTEMPT_OUTCOMES,
    "letter_channel_label": LETTER_CHANNELS,
    "partner_kind_label": PARTNER_KINDS,
    "visit_outcome_label": VISIT_OUTCOMES,
    "near_address_label": NEAR_ADDRESS,
    "meeting_channel_label": MEETING_CHANNELS,
    "decision_outcome_label": DECISION_OUTCOMES,
    "absence_reason_label": ABSENCE_REASONS,
    "reassessment_outcome_label": REASSESSMENT_OUTCOMES,
    "appeal_outcome_label": APPEAL_OUTCOMES,
    "exemption_label": EXEMPTION_REASONS,
    "case_status_label": CASE_STATUSES,
    "position_source_label": POSITION_SOURCES,
    "progression_factor_label": PROGRESSION_FACTORS,
    "visit_status_label": VISIT_STATUSES,
    "route_status_label": ROUTE_STATUSES,
    "rung_state_label": RUNG_STATES,
    "guidance_channel_label": GUIDANCE_CHANNELS,
    "team_problem_label": TEAM_PROBLEMS,
    "job_status_label": JOB_STATUSES,
    "illness_report_label": ILLNESS_REPORTS,
    "safety_flag_label": SAFETY_FLAGS,
    "unplaced_reason_label": UNPLACED_REASONS,
    "unplaced_remedy_label": UNPLACED_REMEDIES,
}


def day_status(kind, *, holiday: str | None = None, away: str = "") -> str:
    """A team's day in words, e.g. "public holiday: Juledag"."""
    if kind == DayKind.ALONE and not away:
        return str(_l("one worker: no visits in pairs"))
    return str(DAY_KINDS[kind]) % {"holiday": holiday or "", "away": away}


def team_problem(problem) -> str:
    return str(TEAM_PROBLEMS.get(problem, problem))


def geocode_failure(reason: str | None) -> str:
    return str(GEOCODE_FAILURES.get(reason, _l("not looked up yet")))


def label_functions() -> dict:
    """Template helpers: target_group_label("jobparat") -> "Jobparat" in the user's language."""

    def make(table):
        return lambda value: str(table.get(value, value or "–"))

    return {**{name: make(table) for name, table in TABLES.items()},
            "geocode_failure_text": geocode_failure}


def visit_outcome_label(value: str) -> str:
    return str(VISIT_OUTCOMES.get(value, value))
