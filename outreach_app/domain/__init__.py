"""Pure domain rules of the outreach planner: contact ladder, rule sets, deadlines.

No Flask, no SQLAlchemy, no other outreach_app package (an import-linter
contract checks this). Plain frozen dataclasses in, decisions out:

* :mod:`.vocabulary`: the enums the database stores as strings;
* :mod:`.rules` / :mod:`.rule_sets_shipped`: rule sets as data with validity dates;
* :mod:`.periods`: suspension periods (COVID-19 preloaded) and exemptions;
* :mod:`.facts`: :class:`CaseFacts`, :class:`Attempt`, :class:`Partner`;
* :mod:`.deadlines`: hearing deadline, latest visit/decision day, 3-month deduction limit;
* :mod:`.ladder`: :func:`assess` -> :class:`LadderAssessment`;
* :mod:`.lifecycle`: case / visit / route statuses and :func:`transition`;
* :mod:`.current_step`: :func:`current_step`, what a case stores for the work queue;
* :mod:`.validation`: :func:`validate_attempt`, :func:`validate_decision`;
* :mod:`.aftercare`: appeal / reassessment deadlines and validation;
* :mod:`.letters`: the Danish decision-letter text.

Typical use in a service::

    rule_set = rule_set_for(case.no_show_date, SHIPPED_RULE_SETS)
    facts = CaseFacts(target_group=..., no_show_date=..., no_show_kind=...,
                      rule_set=rule_set, today=today_in_copenhagen, attempts=(...))
    ensure_attempt_valid(facts, Attempt(Rung.PHONE_CALL, AttemptOutcome.NO_ANSWER, today))
    assessment = assess(facts)   # next_steps, missing, exclusions, deadlines
    ensure_decision_valid(facts, DecisionOutcome.SANCTION_EXISTING_BASIS)  # or Refused

Issues (what is missing, why something is refused) are :class:`Issue` objects
with a stable ``code`` and parameters; ``issue.as_dict()`` is JSON-safe.
"""

from .aftercare import (
    appeal_deadline,
    complaint_reassessment_deadline,
    decision_received_on,
    validate_appeal,
    validate_reassessment,
    validate_received_on,
)
from .current_step import QUEUE_STEPS, CaseStep, CurrentStep, current_step, step_on
from .deadlines import Deadlines, compute_deadlines, last_deduction_day
from .decision_content import (
    DecisionContent,
    content_issues,
    is_reasonable_cause,
    needs_closer_to_work,
)
from .deduction import (
    DeductionInput,
    DeductionPeriod,
    compute_deduction,
    runs_until_contact,
    validate_deduction,
)
from .exclusions import guidance_expires_after, sanction_exclusions
from .facts import Attempt, CaseFacts, Partner, Ref
from .hearing import HearingLetterInput, compose_hearing_letter, validate_extension
from .issues import Issue, IssueCode, Refused
from .ladder import LadderAssessment, NextStep, SkipReason, StepAction, assess
from .letters import DecisionLetter, DecisionLetterInput, compose_decision_letter
from .lifecycle import (
    ACTIVE_CASE_STATUSES,
    FIELD_ROUTE_STATUSES,
    OPEN_VISIT_STATUSES,
    CaseEvent,
    CaseStatus,
    RouteEvent,
    RoutePlanStatus,
    VisitEvent,
    VisitStatus,
    allowed,
    refusal,
    status_after_ladder_step,
    transition,
)
from .periods import (
    COVID_19_CALENDAR,
    COVID_19_SUSPENSION,
    PRELOADED_SUSPENSION_PERIODS,
    Exemption,
    SuspensionPeriod,
)
from .rule_sets_shipped import DRAFT_2027, RULES_2020, SHIPPED_RULE_SETS
from .rules import NoRuleSetError, RuleSet, rule_set_for, rule_set_from_dict, rule_set_to_dict
from .rungs import ALLOWED_OUTCOMES, RungState, RungStatus
from .validation import (
    attempt_outcome_for_visit,
    ensure_attempt_valid,
    ensure_decision_valid,
    validate_attempt,
    validate_decision,
    validate_no_show,
)
from .vocabulary import (
    LADDER_ORDER,
    REASONABLE_CAUSES,
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

__all__ = [
    "QUEUE_STEPS",
    "CaseStep",
    "CurrentStep",
    "current_step",
    "step_on",
    "ACTIVE_CASE_STATUSES",
    "FIELD_ROUTE_STATUSES",
    "OPEN_VISIT_STATUSES",
    "CaseEvent",
    "CaseStatus",
    "RouteEvent",
    "RoutePlanStatus",
    "VisitEvent",
    "VisitStatus",
    "allowed",
    "refusal",
    "status_after_ladder_step",
    "transition",
    "HearingLetterInput",
    "compose_hearing_letter",
    "decision_received_on",
    "validate_extension",
    "validate_received_on",
    "COVID_19_CALENDAR",
    "DecisionContent",
    "DeductionInput",
    "DeductionPeriod",
    "IllnessReport",
    "compute_deduction",
    "content_issues",
    "guidance_expires_after",
    "is_reasonable_cause",
    "needs_closer_to_work",
    "validate_deduction",
    "runs_until_contact",
    "ALLOWED_OUTCOMES",
    "COVID_19_SUSPENSION",
    "DRAFT_2027",
    "LADDER_ORDER",
    "PRELOADED_SUSPENSION_PERIODS",
    "REASONABLE_CAUSES",
    "RULES_2020",
    "SHIPPED_RULE_SETS",
    "AbsenceReason",
    "AppealOutcome",
    "Attempt",
    "AttemptOutcome",
    "CaseFacts",
    "Deadlines",
    "DecisionLetter",
    "DecisionLetterInput",
    "DecisionOutcome",
    "Exemption",
    "ExemptionReason",
    "GuidanceChannel",
    "Issue",
    "IssueCode",
    "LadderAssessment",
    "LetterChannel",
    "MeetingChannel",
    "NextStep",
    "NoRuleSetError",
    "NoShowKind",
    "Partner",
    "PartnerKind",
    "ProgressionFactor",
    "ReassessmentOutcome",
    "Ref",
    "Refused",
    "RuleSet",
    "Rung",
    "RungState",
    "RungStatus",
    "SkipReason",
    "StepAction",
    "SuspensionPeriod",
    "TargetGroup",
    "VisitOutcome",
    "appeal_deadline",
    "assess",
    "complaint_reassessment_deadline",
    "attempt_outcome_for_visit",
    "compose_decision_letter",
    "compute_deadlines",
    "ensure_attempt_valid",
    "ensure_decision_valid",
    "last_deduction_day",
    "rule_set_for",
    "rule_set_from_dict",
    "rule_set_to_dict",
    "sanction_exclusions",
    "validate_appeal",
    "validate_attempt",
    "validate_decision",
    "validate_no_show",
    "validate_reassessment",
]
