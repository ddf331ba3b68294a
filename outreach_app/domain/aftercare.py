"""After the decision: appeal and reassessment deadlines, and their validation.

The appeal deadline is 4 weeks from the day the citizen received the decision
(a Digital Post letter counts as received when it is available in the mailbox);
the municipality must reassess a complaint within 4 weeks of receiving it, and
forwards it to Ankestyrelsen when it upholds the decision (domain.md §6).
A reassessment on new information (e.g. the citizen turns up on payment day)
can maintain or annul a sanction (seed 000 §4).
"""

from __future__ import annotations

from datetime import date, timedelta

from .issues import Issue, IssueCode
from .vocabulary import DecisionOutcome, LetterChannel

__all__ = [
    "APPEAL_WEEKS",
    "appeal_deadline",
    "decision_received_on",
    "validate_received_on",
    "complaint_reassessment_deadline",
    "validate_appeal",
    "validate_reassessment",
]

APPEAL_WEEKS = 4


def _add_weekdays(day: date, weekdays: int) -> date:
    while weekdays > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            weekdays -= 1
    return day


def decision_received_on(
    sent_on: date, channel: LetterChannel, paper_delivery_days: int
) -> date:
    """The day a decision letter counts as received (the 4-week appeal clock starts then).

    Digital Post: the day it is available in the mailbox, i.e. the day it is sent
    (lov om Digital Post § 10 nr. 1). Paper: ``paper_delivery_days`` weekdays
    (Mon-Fri) after sending (the rule set's ``paper_post_delivery_days``; a
    municipal practice, e.g. Slagelse's 6 delivery days).
    """
    if LetterChannel(channel) == LetterChannel.DIGITAL_POST:
        return sent_on
    return _add_weekdays(sent_on, paper_delivery_days)


def validate_received_on(sent_on: date, received_on: date) -> tuple[Issue, ...]:
    """A recorded day of receipt cannot be before the letter was sent."""
    if received_on < sent_on:
        return (Issue(IssueCode.RECEIVED_BEFORE_SENT, {"date": received_on, "sent_on": sent_on}),)
    return ()


def appeal_deadline(decision_received_on: date) -> date:
    """The last day the citizen may complain: 4 weeks after receiving the decision."""
    return decision_received_on + timedelta(weeks=APPEAL_WEEKS)


def complaint_reassessment_deadline(complaint_received_on: date) -> date:
    """The day the municipality must have reassessed a complaint by (4 weeks)."""
    return complaint_received_on + timedelta(weeks=APPEAL_WEEKS)


def _dated_after_decision(decided_on: date, on: date, today: date) -> list[Issue]:
    issues = []
    if on < decided_on:
        issues.append(Issue(IssueCode.BEFORE_DECISION, {"date": on, "decided_on": decided_on}))
    if on > today:
        issues.append(Issue(IssueCode.DATE_IN_FUTURE, {"date": on, "today": today}))
    return issues


def validate_reassessment(
    decision: DecisionOutcome, decided_on: date, reassessed_on: date, today: date
) -> tuple[Issue, ...]:
    """Reasons to refuse recording a reassessment (empty: accepted).

    Only a sanction can be reassessed (maintained or annulled); the
    reassessment cannot predate the decision or lie in the future.
    """
    issues = []
    if DecisionOutcome(decision) == DecisionOutcome.NO_SANCTION:
        issues.append(Issue(IssueCode.NOTHING_TO_REASSESS))
    issues += _dated_after_decision(decided_on, reassessed_on, today)
    return tuple(issues)


def validate_appeal(
    decided_on: date,
    appeal_decided_on: date,
    today: date,
    *,
    complaint_received_on: date | None = None,
) -> tuple[Issue, ...]:
    """Reasons to refuse recording a complaint or an appeal outcome (empty: accepted).

    Neither can predate the decision or lie in the future; an outcome
    (``complaint_received_on`` given: the day the complaint it answers was
    received) cannot predate that complaint either.
    """
    issues = _dated_after_decision(decided_on, appeal_decided_on, today)
    if complaint_received_on is not None and appeal_decided_on < complaint_received_on:
        issues.append(
            Issue(
                IssueCode.BEFORE_COMPLAINT,
                {"date": appeal_decided_on, "received_on": complaint_received_on},
            )
        )
    return tuple(issues)
