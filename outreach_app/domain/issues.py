"""Machine-readable reasons: why a step is refused, what is missing, why a sanction is excluded.

An :class:`Issue` is a stable ``code`` plus parameters, e.g.
``Issue(IssueCode.RUNG_OPEN, {"rung": Rung.PHONE_CALL})``. The app turns the
code into a translated message and uses the parameters to fill it in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum, StrEnum
from types import MappingProxyType
from typing import Any

__all__ = ["Issue", "IssueCode", "Refused"]


class IssueCode(StrEnum):
    """Stable codes for refusals, missing steps and sanction exclusions."""

    # What is missing before a decision on the existing basis.
    RUNG_OPEN = "rung_open"  # rung
    REPRESENTATIVE_NOT_HEARD = "representative_not_heard"  # representative
    PARTNER_NOT_CONTACTED = "partner_not_contacted"  # partner
    HEARING_DEADLINE_NOT_PASSED = "hearing_deadline_not_passed"  # date
    CONTACT_ACHIEVED = "contact_achieved"  # date, rung: decide with the citizen's explanation

    # Why a sanction is excluded.
    SUSPENSION_PERIOD = "suspension_period"  # name, start, end
    EXEMPTION = "exemption"  # reason, start, end
    LAS35_GUIDANCE_MISSING = "las35_guidance_missing"  # date (None when never given)
    LAS35_GUIDANCE_OUTDATED = "las35_guidance_outdated"  # date, max_age_months, no_show_date
    LAS35_GUIDANCE_UNDOCUMENTED = "las35_guidance_undocumented"  # date, missing: channel/wording
    TARGET_GROUP_NOT_SANCTIONABLE = "target_group_not_sanctionable"  # target_group, rule_set
    DEDUCTION_DEADLINE_PASSED = "deduction_deadline_passed"  # date
    NO_SHOW_KIND_NOT_ALLOWED = "no_show_kind_not_allowed"  # kind, rule_set

    # Why a new contact attempt is refused.
    ATTEMPT_BEFORE_NO_SHOW = "attempt_before_no_show"  # date, no_show_date
    ATTEMPT_IN_FUTURE = "attempt_in_future"  # date, today
    RUNG_OUT_OF_ORDER = "rung_out_of_order"  # rung, missing_rung
    ATTEMPT_BEFORE_PREVIOUS_RUNG = "attempt_before_previous_rung"  # rung, previous_rung, date
    OUTCOME_NOT_ALLOWED = "outcome_not_allowed"  # rung, outcome
    SEARCH_ENDED = "search_ended"  # date, rung: contact was already achieved
    PARTNER_MISSING = "partner_missing"  # partner contact without a partner
    PARTNER_UNKNOWN = "partner_unknown"  # partner
    PARTNER_NOT_EXPECTED = "partner_not_expected"  # rung
    RECIPIENT_UNKNOWN = "recipient_unknown"  # representative
    RECIPIENT_NOT_EXPECTED = "recipient_not_expected"  # rung
    REPLY_BEFORE_SENDING = "reply_before_sending"  # rung: a reply to nothing sent yet
    LETTER_CHANNEL_MISSING = "letter_channel_missing"
    DIGITAL_POST_EXEMPT = "digital_post_exempt"  # the citizen gets paper letters
    REPLY_DAYS_INVALID = "reply_days_invalid"  # reply_days
    SMS_NO_MOBILE = "sms_no_mobile"
    SMS_OPTED_OUT = "sms_opted_out"
    SMS_SKIP_NOT_ALLOWED = "sms_skip_not_allowed"  # the citizen has a mobile and no opt-out

    # Why a decision is refused (besides the codes above).
    NO_CONTACT_ACHIEVED = "no_contact_achieved"
    REASONABLE_CAUSE_FOUND = "reasonable_cause_found"  # absence_reason: no sanction possible
    ABSENCE_REASON_NOT_ASSESSED = "absence_reason_not_assessed"  # after contact: not "unknown"
    REASONING_MISSING = "reasoning_missing"  # a sanction states its reasons (FVL § 22)
    MEETING_CHANNEL_MISSING = "meeting_channel_missing"  # a sanction after contact
    # LAS § 13 stk. 8 / seed 000 §5-6: will the sanction bring the aktivitetsparat closer to work?
    CLOSER_TO_WORK_NOT_ASSESSED = "closer_to_work_not_assessed"
    CLOSER_TO_WORK_DENIED = "closer_to_work_denied"  # assessed "no": no sanction
    CLOSER_TO_WORK_REASONS_MISSING = "closer_to_work_reasons_missing"  # "yes" needs reasons
    PROGRESSION_REASON_MISSING = "progression_reason_missing"  # factors ticked: why still
    ILLNESS_REPORT_NOT_RECORDED = "illness_report_not_recorded"  # illness: reported or not?

    # Why the deduction period or amount is refused.
    DEDUCTION_BEFORE_NO_SHOW = "deduction_before_no_show"  # date, no_show_date
    DEDUCTION_MISSED_DAY_EXCLUDED = "deduction_missed_day_excluded"  # no_show_date
    DEDUCTION_END_BEFORE_START = "deduction_end_before_start"  # date, start
    CONTACT_BEFORE_NO_SHOW = "contact_before_no_show"  # date, no_show_date
    CONTACT_IN_FUTURE = "contact_in_future"  # date, today
    DAILY_RATE_INVALID = "daily_rate_invalid"  # daily_rate

    # Why a hearing-deadline extension is refused.
    EXTENSION_NOT_AFTER_DEADLINE = "extension_not_after_deadline"  # date, deadline
    EXTENSION_WITHOUT_LETTER = "extension_without_letter"
    EXTENSION_AFTER_DECISION = "extension_after_decision"

    # Why a decision's received date is refused.
    RECEIVED_BEFORE_SENT = "received_before_sent"  # date, sent_on

    # Why a reassessment or appeal outcome is refused.
    NOTHING_TO_REASSESS = "nothing_to_reassess"  # the decision was no sanction
    BEFORE_DECISION = "before_decision"  # date, decided_on
    BEFORE_COMPLAINT = "before_complaint"  # date, received_on: an outcome before the complaint
    DATE_IN_FUTURE = "date_in_future"  # date, today

    # Why a move of a case, visit or route is refused (domain.lifecycle); each has
    # the parameters status and event.
    CASE_DECIDED = "case_decided"  # the ladder is closed: decided already
    CASE_CLOSED = "case_closed"
    CASE_NOT_DECIDED = "case_not_decided"  # remit or close before a decision
    VISIT_DONE = "visit_done"  # the visit's outcome is recorded already
    VISIT_CANCELLED = "visit_cancelled"
    TRANSITION_NOT_ALLOWED = "transition_not_allowed"  # any other refused move

    # Why a no-show cannot be registered.
    NO_SHOW_IN_FUTURE = "no_show_in_future"  # date, today
    NO_SHOW_KIND_NOT_IN_RULE_SET = "no_show_kind_not_in_rule_set"  # kind, rule_set
    NO_RULE_SET = "no_rule_set"  # date


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


@dataclass(frozen=True)
class Issue:
    """One reason, with its parameters (dates, rungs, ids) as plain Python values."""

    code: IssueCode
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", IssueCode(self.code))
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe ``{"code": ..., **params}``: dates as ISO strings, enums as values."""
        return {"code": self.code.value, **{k: _plain(v) for k, v in self.params.items()}}

    def __getitem__(self, key: str) -> Any:
        return self.params[key]


class Refused(ValueError):
    """Raised by the ``ensure_*`` helpers when the domain refuses an action.

    ``issues`` holds every reason, so the app can show them all at once.
    """

    def __init__(self, issues: tuple[Issue, ...]) -> None:
        self.issues = tuple(issues)
        super().__init__(", ".join(i.code.value for i in self.issues))
