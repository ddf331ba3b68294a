"""What a sanction decision must say, and the checks on it.

A sanction is refused (each reason named beside its field) when:

* the absence had a legally reasonable cause (:data:`REASONABLE_CAUSES`); an
  illness counts as one unless it was *not reported* (bek. 1716/2023 § 15
  nr. 6-7: failing to report sickness is itself a reason to assess
  availability), and for an illness the decision records whether it was reported;
* after contact, the reason for absence is "unknown" (the citizen could explain);
* it has no written reasons (forvaltningsloven § 22) or, after contact, no
  meeting channel;
* the citizen is aktivitetsparat and the decision does not record a "yes,
  with reasons" that the sanction brings the citizen closer to work or
  education (domain.md §4.2 G4, §7 guard 4; seed 000 §5-6): "no" rules the
  sanction out, no answer or "yes" without reasons is refused;
* progression factors (seed 000 §6) are ticked and no written reason says why
  the sanction still brings the citizen closer to work.
"""

from __future__ import annotations

from dataclasses import dataclass

from .deduction import DeductionInput
from .issues import Issue, IssueCode
from .vocabulary import (
    REASONABLE_CAUSES,
    AbsenceReason,
    DecisionOutcome,
    IllnessReport,
    MeetingChannel,
    ProgressionFactor,
    TargetGroup,
)

__all__ = ["DecisionContent", "content_issues", "is_reasonable_cause", "needs_closer_to_work"]


@dataclass(frozen=True)
class DecisionContent:
    """The caseworker's assessment, as recorded on the decision form.

    ``closer_to_work`` is the explicit answer to "will the sanction bring the
    citizen closer to work or education?" (None: not answered) and
    ``closer_to_work_reasons`` the concrete reasons for a "yes".
    ``progression_reasoning`` says why a sanction is still right when
    progression factors are ticked.
    """

    absence_reason: AbsenceReason
    reasoning: str = ""
    meeting_channel: MeetingChannel | None = None
    illness_report: IllnessReport | None = None
    closer_to_work: bool | None = None
    closer_to_work_reasons: str = ""
    progression_factors: tuple[ProgressionFactor, ...] = ()
    progression_reasoning: str = ""
    deduction: DeductionInput | None = None


def is_reasonable_cause(reason: AbsenceReason, illness_report: IllnessReport | None) -> bool:
    """True when ``reason`` is a legally reasonable cause that rules out a sanction.

    An illness that was not reported is not automatically one: the caseworker
    weighs it (and may still find no reasonable cause).
    """
    reason = AbsenceReason(reason)
    if reason == AbsenceReason.ILLNESS and illness_report == IllnessReport.NOT_REPORTED:
        return False
    return reason in REASONABLE_CAUSES


def needs_closer_to_work(group: TargetGroup) -> bool:
    """True when a sanction needs the assessment that it brings the citizen closer to work."""
    return TargetGroup(group) == TargetGroup.AKTIVITETSPARAT


def _reason_issues(outcome: DecisionOutcome, content: DecisionContent) -> list[Issue]:
    reason = AbsenceReason(content.absence_reason)
    if reason == AbsenceReason.ILLNESS and content.illness_report is None:
        return [Issue(IssueCode.ILLNESS_REPORT_NOT_RECORDED)]
    if is_reasonable_cause(reason, content.illness_report):
        return [Issue(IssueCode.REASONABLE_CAUSE_FOUND, {"absence_reason": reason})]
    if reason == AbsenceReason.UNKNOWN and outcome == DecisionOutcome.SANCTION_WITH_CONTACT:
        # After contact the citizen could explain: the reason must be assessed.
        return [Issue(IssueCode.ABSENCE_REASON_NOT_ASSESSED)]
    return []


def _closer_to_work_issues(group: TargetGroup, content: DecisionContent) -> list[Issue]:
    issues: list[Issue] = []
    if needs_closer_to_work(group):
        if content.closer_to_work is None:
            issues.append(Issue(IssueCode.CLOSER_TO_WORK_NOT_ASSESSED))
        elif content.closer_to_work is False:
            issues.append(Issue(IssueCode.CLOSER_TO_WORK_DENIED))
        elif not content.closer_to_work_reasons.strip():
            issues.append(Issue(IssueCode.CLOSER_TO_WORK_REASONS_MISSING))
    elif content.closer_to_work is False:
        # Whoever the citizen is: a caseworker who finds the sanction does not
        # bring the citizen closer cannot at the same time impose it.
        issues.append(Issue(IssueCode.CLOSER_TO_WORK_DENIED))
    if content.progression_factors and not content.progression_reasoning.strip():
        issues.append(
            Issue(
                IssueCode.PROGRESSION_REASON_MISSING,
                {"factors": tuple(ProgressionFactor(f) for f in content.progression_factors)},
            )
        )
    return issues


def content_issues(
    group: TargetGroup, outcome: DecisionOutcome, content: DecisionContent
) -> list[Issue]:
    """Every reason the content of a sanction decision is refused (outcome is a sanction)."""
    issues = _reason_issues(outcome, content)
    if not content.reasoning.strip():
        # forvaltningsloven § 22: a decision against the citizen states its reasons.
        issues.append(Issue(IssueCode.REASONING_MISSING))
    if outcome == DecisionOutcome.SANCTION_WITH_CONTACT and content.meeting_channel is None:
        issues.append(Issue(IssueCode.MEETING_CHANNEL_MISSING))
    issues += _closer_to_work_issues(group, content)
    return issues
