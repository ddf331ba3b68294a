"""Refuse what the domain forbids: an attempt out of order or badly dated, a forbidden decision.

``validate_*`` return every reason as :class:`Issue` objects (empty: accepted);
``ensure_*`` raise :class:`Refused` with those reasons, for services that want
to stop before saving anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from types import MappingProxyType

from .decision_content import DecisionContent, content_issues
from .deduction import validate_deduction
from .facts import Attempt, CaseFacts
from .issues import Issue, IssueCode, Refused
from .ladder import assess
from .rules import NoRuleSetError, RuleSet, rule_set_for
from .rungs import ALLOWED_OUTCOMES, first_contact, rung_statuses
from .vocabulary import (
    AbsenceReason,
    AttemptOutcome,
    DecisionOutcome,
    LetterChannel,
    MeetingChannel,
    NoShowKind,
    Rung,
    VisitOutcome,
)

__all__ = [
    "VISIT_TO_ATTEMPT_OUTCOME",
    "attempt_outcome_for_visit",
    "ensure_attempt_valid",
    "ensure_decision_valid",
    "validate_attempt",
    "validate_decision",
    "validate_no_show",
]

_O = AttemptOutcome

#: How a home visit's outcome is recorded on the ladder. A refusal at the door is
#: personal contact (the citizen had the chance to explain); a visit aborted for
#: safety leaves the home-visit rung open, so it is planned again.
VISIT_TO_ATTEMPT_OUTCOME: Mapping[VisitOutcome, AttemptOutcome] = MappingProxyType(
    {
        VisitOutcome.MET: _O.CONTACT,
        VisitOutcome.REFUSED: _O.CONTACT,
        VisitOutcome.NOT_AT_HOME: _O.NO_CONTACT,
        VisitOutcome.MOVED: _O.NO_CONTACT,
        VisitOutcome.OTHER: _O.NO_CONTACT,
        VisitOutcome.ABORTED_SAFETY: _O.ABORTED,
    }
)


def attempt_outcome_for_visit(outcome: VisitOutcome) -> AttemptOutcome:
    """The ladder outcome to record for a home visit that ended with ``outcome``."""
    return VISIT_TO_ATTEMPT_OUTCOME[VisitOutcome(outcome)]


def _date_issues(facts: CaseFacts, attempt: Attempt) -> list[Issue]:
    issues = []
    if attempt.on < facts.no_show_date:
        issues.append(
            Issue(
                IssueCode.ATTEMPT_BEFORE_NO_SHOW,
                {"date": attempt.on, "no_show_date": facts.no_show_date},
            )
        )
    if attempt.on > facts.today:
        issues.append(
            Issue(IssueCode.ATTEMPT_IN_FUTURE, {"date": attempt.on, "today": facts.today})
        )
    return issues


def _who_issues(facts: CaseFacts, attempt: Attempt) -> list[Issue]:
    issues = []
    if attempt.rung == Rung.PARTNER_CONTACT:
        if attempt.partner is None:
            issues.append(Issue(IssueCode.PARTNER_MISSING))
        elif attempt.partner not in {p.id for p in facts.partners}:
            issues.append(Issue(IssueCode.PARTNER_UNKNOWN, {"partner": attempt.partner}))
    elif attempt.partner is not None:
        issues.append(Issue(IssueCode.PARTNER_NOT_EXPECTED, {"rung": attempt.rung}))
    if attempt.rung == Rung.HEARING_LETTER:
        if attempt.recipient is not None and attempt.recipient not in facts.representatives:
            issues.append(Issue(IssueCode.RECIPIENT_UNKNOWN, {"representative": attempt.recipient}))
    elif attempt.recipient is not None:
        issues.append(Issue(IssueCode.RECIPIENT_NOT_EXPECTED, {"rung": attempt.rung}))
    return issues


def _sent_before(facts: CaseFacts, attempt: Attempt) -> bool:
    return any(
        a.rung == attempt.rung
        and a.outcome == _O.SENT
        and a.recipient is None
        and a.on <= attempt.on
        for a in facts.attempts
    )


def _channel_issues(facts: CaseFacts, attempt: Attempt) -> list[Issue]:
    issues: list[Issue] = []
    if attempt.rung == Rung.HEARING_LETTER and attempt.outcome == _O.SENT:
        if attempt.channel is None:
            issues.append(Issue(IssueCode.LETTER_CHANNEL_MISSING))
        elif (
            attempt.channel == LetterChannel.DIGITAL_POST
            and attempt.recipient is None
            and facts.digital_post_exempt
        ):
            issues.append(Issue(IssueCode.DIGITAL_POST_EXEMPT))
        if attempt.reply_days is not None and attempt.reply_days < 1:
            issues.append(Issue(IssueCode.REPLY_DAYS_INVALID, {"reply_days": attempt.reply_days}))
    if attempt.rung == Rung.SMS_PROMPT:
        if attempt.outcome == _O.SENT and not facts.has_mobile:
            issues.append(Issue(IssueCode.SMS_NO_MOBILE))
        if attempt.outcome == _O.SENT and facts.sms_opt_out:
            issues.append(Issue(IssueCode.SMS_OPTED_OUT))
        if attempt.outcome == _O.SKIPPED and facts.has_mobile and not facts.sms_opt_out:
            issues.append(Issue(IssueCode.SMS_SKIP_NOT_ALLOWED))
    replies = (
        attempt.rung in (Rung.HEARING_LETTER, Rung.SMS_PROMPT) and attempt.outcome == _O.CONTACT
    )
    if replies and not _sent_before(facts, attempt):
        issues.append(Issue(IssueCode.REPLY_BEFORE_SENDING, {"rung": attempt.rung}))
    return issues


def _order_issues(facts: CaseFacts, attempt: Attempt) -> list[Issue]:
    # Order is checked when a required rung is started; later attempts on a
    # started rung (a second call, a reply) are always in order. Contact is
    # never out of order: the citizen may turn up through any channel at any
    # time, and refusing to record it would hide the fact that ends the search.
    if attempt.outcome == _O.CONTACT:
        return []
    statuses = rung_statuses(facts)
    this = next(s for s in statuses if s.rung == attempt.rung)
    if not this.required or this.attempts > 0:
        return []
    issues: list[Issue] = []
    for previous in statuses:
        if previous.rung == attempt.rung:
            break
        if not previous.required:
            continue
        if not previous.closed:
            issues.append(
                Issue(
                    IssueCode.RUNG_OUT_OF_ORDER,
                    {"rung": attempt.rung, "missing_rung": previous.rung},
                )
            )
        elif previous.done_on is not None and attempt.on < previous.done_on:
            issues.append(
                Issue(
                    IssueCode.ATTEMPT_BEFORE_PREVIOUS_RUNG,
                    {
                        "rung": attempt.rung,
                        "previous_rung": previous.rung,
                        "date": previous.done_on,
                    },
                )
            )
    return issues


def validate_attempt(facts: CaseFacts, attempt: Attempt) -> tuple[Issue, ...]:
    """Every reason to refuse recording ``attempt`` on the case (empty: accepted).

    Refused: a date before the no-show or after today; an outcome that makes no
    sense on the rung; any attempt dated on or after the day contact was
    achieved (the search has ended); a partner contact without a known partner,
    a letter to an unknown representative; a hearing letter without channel,
    by Digital Post to a citizen exempt from it, or with reply days below 1; an
    SMS sent to a citizen without mobile or who opted out, or skipped although
    it could be sent; a reply before anything was sent; and starting a required
    rung before every earlier required rung is closed, or dated before an
    earlier rung was completed (a ``contact`` outcome is exempt from the order:
    contact may come at any time).
    """
    issues = _date_issues(facts, attempt)
    if attempt.outcome not in ALLOWED_OUTCOMES[attempt.rung]:
        issues.append(
            Issue(IssueCode.OUTCOME_NOT_ALLOWED, {"rung": attempt.rung, "outcome": attempt.outcome})
        )
    contact = first_contact(facts)
    if contact is not None and contact.on <= attempt.on:
        issues.append(Issue(IssueCode.SEARCH_ENDED, {"date": contact.on, "rung": contact.rung}))
    issues += _who_issues(facts, attempt)
    issues += _channel_issues(facts, attempt)
    issues += _order_issues(facts, attempt)
    return tuple(issues)


def _content(
    content: DecisionContent | None,
    absence_reason: AbsenceReason | None,
    reasoning: str,
    meeting_channel: MeetingChannel | None,
) -> DecisionContent | None:
    if content is not None or absence_reason is None:
        return content
    return DecisionContent(
        absence_reason=AbsenceReason(absence_reason),
        reasoning=reasoning,
        meeting_channel=meeting_channel,
    )


def validate_decision(
    facts: CaseFacts,
    outcome: DecisionOutcome,
    content: DecisionContent | None = None,
    *,
    absence_reason: AbsenceReason | None = None,
    reasoning: str = "",
    meeting_channel: MeetingChannel | None = None,
) -> tuple[Issue, ...]:
    """Every reason to refuse deciding ``outcome`` today (empty: accepted).

    ``no_sanction`` is always possible. ``sanction_with_contact`` needs contact
    with the citizen and no sanction exclusion. ``sanction_existing_basis``
    needs everything :attr:`LadderAssessment.missing` lists to be resolved.

    With ``content`` (every decision form passes it; ``absence_reason``,
    ``reasoning`` and ``meeting_channel`` alone are the short form) the
    decision's content is checked too, see :mod:`.decision_content`, and the
    deduction dates when given (:func:`validate_deduction`). Without it only
    the case facts are checked.
    """
    outcome = DecisionOutcome(outcome)
    if outcome == DecisionOutcome.NO_SANCTION:
        return ()
    assessment = assess(facts)
    if outcome == DecisionOutcome.SANCTION_WITH_CONTACT:
        issues = list(assessment.exclusions)
        if not assessment.contact_achieved:
            issues.insert(0, Issue(IssueCode.NO_CONTACT_ACHIEVED))
    else:
        issues = list(assessment.missing)
    content = _content(content, absence_reason, reasoning, meeting_channel)
    if content is not None:
        issues += content_issues(facts.target_group, outcome, content)
        if content.deduction is not None:
            issues += validate_deduction(facts, content.deduction)
    return tuple(issues)


def ensure_attempt_valid(facts: CaseFacts, attempt: Attempt) -> None:
    """Raise :class:`Refused` with every reason when ``attempt`` may not be recorded."""
    issues = validate_attempt(facts, attempt)
    if issues:
        raise Refused(issues)


def ensure_decision_valid(
    facts: CaseFacts,
    outcome: DecisionOutcome,
    content: DecisionContent | None = None,
    *,
    absence_reason: AbsenceReason | None = None,
    reasoning: str = "",
    meeting_channel: MeetingChannel | None = None,
) -> None:
    """Raise :class:`Refused` with every reason when ``outcome`` may not be decided."""
    issues = validate_decision(
        facts,
        outcome,
        content,
        absence_reason=absence_reason,
        reasoning=reasoning,
        meeting_channel=meeting_channel,
    )
    if issues:
        raise Refused(issues)


def validate_no_show(
    no_show_date: date,
    today: date,
    rule_sets: Iterable[RuleSet],
    *,
    kind: NoShowKind | None = None,
    include_drafts: bool = False,
) -> tuple[Issue, ...]:
    """Reasons to refuse registering a no-show on ``no_show_date`` (empty: accepted).

    Refused: a no-show in the future, a no-show on a date no rule set covers,
    and (``kind`` given) a kind of no-show the rule set in force does not know,
    e.g. a late arrival under a rule set that does not count it. (A no-show
    whose deduction deadline has passed, or without valid LAS § 35 guidance,
    can be registered; the assessment then shows that no sanction is possible.)
    """
    issues = []
    if no_show_date > today:
        issues.append(Issue(IssueCode.NO_SHOW_IN_FUTURE, {"date": no_show_date, "today": today}))
    try:
        rule_set = rule_set_for(no_show_date, rule_sets, include_drafts=include_drafts)
    except NoRuleSetError:
        issues.append(Issue(IssueCode.NO_RULE_SET, {"date": no_show_date}))
    else:
        if kind is not None and not rule_set.allows_no_show_kind(kind):
            issues.append(
                Issue(
                    IssueCode.NO_SHOW_KIND_NOT_IN_RULE_SET,
                    {"kind": NoShowKind(kind), "rule_set": rule_set.name},
                )
            )
    return tuple(issues)
