"""The contact ladder: from a case's facts to the next step(s) and what a decision may be.

:func:`assess` is the one place that answers, for a case: which rungs are done;
whether contact with the citizen was achieved (contact at any rung ends the
search: the case goes to a decision with the citizen's explanation); the next
required step(s); whether a decision on the existing basis is allowed and, if
not, exactly what is missing; the deadlines; and whether a sanction is
excluded and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .deadlines import Deadlines, compute_deadlines
from .exclusions import sanction_exclusions
from .facts import CaseFacts, Ref
from .issues import Issue, IssueCode
from .periods import suspensions_covering
from .rungs import RungStatus, first_contact, rung_statuses
from .vocabulary import DecisionOutcome, Rung

__all__ = ["LadderAssessment", "NextStep", "StepAction", "SkipReason", "assess"]


class StepAction(StrEnum):
    """What the next step asks the user to do."""

    RECORD_ATTEMPT = "record_attempt"  # carry out a rung and record its outcome
    RECORD_SKIP = "record_skip"  # record the rung as skipped (SMS without mobile / opt-out)
    WAIT_FOR_HEARING_DEADLINE = "wait_for_hearing_deadline"  # until ``due`` has passed
    DECIDE = "decide"  # a caseworker decides (see ``allowed_outcomes``)


class SkipReason(StrEnum):
    """Why a rung is to be recorded as skipped."""

    NO_MOBILE = "no_mobile"
    SMS_OPT_OUT = "sms_opt_out"


@dataclass(frozen=True)
class NextStep:
    """One step the case is waiting for.

    ``recipient`` is set for hearing letters (None: the citizen; else a
    representative id, see ``for_citizen``), ``partner`` for partner contacts.
    ``due`` is the day the step must be done by (None when the law sets no
    date), ``overdue`` whether today is past it.
    """

    action: StepAction
    rung: Rung | None = None
    partner: Ref | None = None
    recipient: Ref | None = None
    due: date | None = None
    overdue: bool = False
    skip_reason: SkipReason | None = None

    @property
    def for_citizen(self) -> bool:
        """True for a hearing-letter step addressed to the citizen personally."""
        return self.rung == Rung.HEARING_LETTER and self.recipient is None


@dataclass(frozen=True)
class LadderAssessment:
    """Everything the app shows and enforces for one case, computed by :func:`assess`.

    ``missing`` lists exactly what stands in the way of a sanction decision on
    the existing basis (open rungs, representatives and partners not reached,
    the hearing deadline, contact already achieved, and every sanction
    exclusion); ``existing_basis_allowed`` is true exactly when it is empty.
    ``exclusions`` lists why no sanction is possible at all.
    ``current_rung`` is the first required rung still open (None when none).
    ``meetings_voluntary`` is true when the no-show lies in a suspension period
    in which meetings were voluntary (contact wording must say so).
    """

    rule_set_key: str
    rungs: tuple[RungStatus, ...]
    contact_achieved: bool
    contact_on: date | None
    contact_rung: Rung | None
    current_rung: Rung | None
    next_steps: tuple[NextStep, ...]
    existing_basis_allowed: bool
    missing: tuple[Issue, ...]
    exclusions: tuple[Issue, ...]
    allowed_outcomes: tuple[DecisionOutcome, ...]
    deadlines: Deadlines
    meetings_voluntary: bool
    legal_basis_keys: tuple[str, ...]

    @property
    def sanction_excluded(self) -> bool:
        """True when no sanction is possible for this case (see ``exclusions``)."""
        return bool(self.exclusions)

    def rung(self, rung: Rung) -> RungStatus:
        """The status of ``rung``."""
        return next(s for s in self.rungs if s.rung == rung)


def _ladder_gaps(statuses: tuple[RungStatus, ...]) -> list[Issue]:
    gaps: list[Issue] = []
    for status in statuses:
        if not status.required or status.closed:
            continue
        if status.rung == Rung.HEARING_LETTER:
            if None in status.pending_recipients:
                gaps.append(Issue(IssueCode.RUNG_OPEN, {"rung": status.rung}))
            gaps.extend(
                Issue(IssueCode.REPRESENTATIVE_NOT_HEARD, {"representative": r})
                for r in status.pending_recipients
                if r is not None
            )
        elif status.rung == Rung.PARTNER_CONTACT:
            gaps.extend(
                Issue(IssueCode.PARTNER_NOT_CONTACTED, {"partner": p})
                for p in status.pending_partners
            )
        else:
            gaps.append(Issue(IssueCode.RUNG_OPEN, {"rung": status.rung}))
    return gaps


def _steps_for_rung(facts: CaseFacts, status: RungStatus, deadlines: Deadlines) -> list[NextStep]:
    due = deadlines.latest_home_visit_day if status.rung == Rung.HOME_VISIT else None
    overdue = due is not None and facts.today > due
    if status.rung == Rung.HEARING_LETTER:
        return [
            NextStep(StepAction.RECORD_ATTEMPT, status.rung, recipient=r)
            for r in status.pending_recipients
        ]
    if status.rung == Rung.PARTNER_CONTACT:
        return [
            NextStep(StepAction.RECORD_ATTEMPT, status.rung, partner=p)
            for p in status.pending_partners
        ]
    if status.rung == Rung.SMS_PROMPT and (facts.sms_opt_out or not facts.has_mobile):
        reason = SkipReason.SMS_OPT_OUT if facts.sms_opt_out else SkipReason.NO_MOBILE
        return [NextStep(StepAction.RECORD_SKIP, status.rung, skip_reason=reason)]
    return [NextStep(StepAction.RECORD_ATTEMPT, status.rung, due=due, overdue=overdue)]


def assess(facts: CaseFacts) -> LadderAssessment:
    """Assess the case described by ``facts``: next steps, what is missing, deadlines.

    Rules enforced here:

    * contact at any rung ends the search: the only next step is a decision,
      and a decision on the existing basis is not allowed;
    * a decision on the existing basis needs every required rung closed, the
      hearing letter sent to the citizen and each representative, every partner
      contacted, the hearing deadline passed, and no sanction exclusion;
    * the rungs are climbed in ladder order: the next steps are those of the
      first required rung still open (all partners at once on the partner rung);
    * the SMS rung is to be recorded as skipped when the citizen has no mobile
      or opted out of SMS;
    * a case whose sanction is excluded goes straight to a decision, and only
      ``no_sanction`` is allowed.
    """
    statuses = rung_statuses(facts)
    deadlines = compute_deadlines(facts)
    exclusions = sanction_exclusions(facts)
    contact = first_contact(facts)
    decide_due = deadlines.latest_decision_day
    decide = NextStep(StepAction.DECIDE, due=decide_due, overdue=facts.today > decide_due)

    gaps = _ladder_gaps(statuses)
    hearing_deadline = deadlines.hearing_reply_deadline
    hearing_pending = hearing_deadline is not None and facts.today <= hearing_deadline
    if hearing_pending:
        gaps.append(Issue(IssueCode.HEARING_DEADLINE_NOT_PASSED, {"date": hearing_deadline}))

    open_required = [s for s in statuses if s.required and not s.closed]
    current = open_required[0] if open_required else None

    if contact is not None:
        missing = (
            Issue(IssueCode.CONTACT_ACHIEVED, {"date": contact.on, "rung": contact.rung}),
            *exclusions,
        )
        steps: tuple[NextStep, ...] = (decide,)
    else:
        missing = (*gaps, *exclusions)
        if exclusions:
            steps = (decide,)
        elif current is not None:
            steps = tuple(_steps_for_rung(facts, current, deadlines))
        elif hearing_pending:
            steps = (NextStep(StepAction.WAIT_FOR_HEARING_DEADLINE, due=hearing_deadline),)
        else:
            steps = (decide,)

    allowed = [DecisionOutcome.NO_SANCTION]
    if contact is not None and not exclusions:
        allowed.append(DecisionOutcome.SANCTION_WITH_CONTACT)
    if not missing:
        allowed.append(DecisionOutcome.SANCTION_EXISTING_BASIS)

    return LadderAssessment(
        rule_set_key=facts.rule_set.key,
        rungs=statuses,
        contact_achieved=contact is not None,
        contact_on=contact.on if contact else None,
        contact_rung=contact.rung if contact else None,
        current_rung=current.rung if current and contact is None else None,
        next_steps=steps,
        existing_basis_allowed=not missing,
        missing=tuple(missing),
        exclusions=exclusions,
        allowed_outcomes=tuple(allowed),
        deadlines=deadlines,
        meetings_voluntary=any(
            p.meetings_voluntary
            for p in suspensions_covering(facts.no_show_date, facts.suspension_periods)
        ),
        legal_basis_keys=facts.rule_set.legal_basis_keys(facts.target_group, facts.no_show_kind),
    )
