"""Deadlines of a case: hearing reply deadline, latest visit and decision days, deduction limit.

The hard limit is LAS § 35 stk. 3: a deduction must be made "inden for 3 hele
kalendermåneder efter" the no-show. We read "whole calendar months after" as
the calendar months that begin after the no-show: the month of the no-show is
not a whole month after it, so it does not count. The last day a deduction may
be made is therefore the LAST DAY of the 3rd calendar month after the month of
the no-show:

* no-show 15 Jan 2024 -> whole months Feb, Mar, Apr -> last day 30 Apr 2024;
* no-show 1 Jan 2024 and 31 Jan 2024 -> also 30 Apr 2024;
* no-show 30 Nov 2023 -> Dec, Jan, Feb -> 29 Feb 2024 (leap year).

Everything else is planned back from that day: the latest decision day is
``decision_lead_days`` earlier, the latest home-visit day a further
``visit_lead_days`` earlier (both from the rule set).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from .facts import Attempt, CaseFacts
from .rules import RuleSet
from .vocabulary import AttemptOutcome, LetterChannel, Rung

__all__ = [
    "Deadlines",
    "add_months",
    "compute_deadlines",
    "end_of_month",
    "hearing_reply_deadline",
    "last_deduction_day",
    "letter_reply_deadline",
]


def end_of_month(day: date) -> date:
    """The last day of ``day``'s calendar month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    """``day`` moved ``months`` calendar months, clamped to the end of a shorter month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def last_deduction_day(no_show_date: date, whole_months: int = 3) -> date:
    """The last day a deduction for a no-show on ``no_show_date`` may be made.

    The last day of the ``whole_months``-th calendar month after the month of
    the no-show (see the module docstring for the reading of LAS § 35 stk. 3).
    """
    return end_of_month(add_months(no_show_date.replace(day=1), whole_months))


def letter_reply_deadline(letter: Attempt, rule_set: RuleSet) -> date:
    """The reply deadline of one hearing letter.

    The letter's date plus its own ``reply_days`` (or the rule set's default),
    plus the rule set's paper-post allowance when it went on paper.
    """
    days = letter.reply_days if letter.reply_days is not None else rule_set.hearing_reply_days
    if letter.channel == LetterChannel.PAPER:
        days += rule_set.paper_letter_extra_days
    return letter.on + timedelta(days=days)


def hearing_reply_deadline(facts: CaseFacts) -> date | None:
    """The case's hearing deadline: the latest reply deadline of all hearing letters sent.

    Letters to the citizen and to each representative all count, so everyone
    heard has their full time, and so does every extension granted on request
    (an extension moves the deadline, and with it the earliest decision day on
    the existing basis). None when no hearing letter was sent yet.
    """
    deadlines = [
        letter_reply_deadline(a, facts.rule_set)
        for a in facts.attempts
        if a.rung == Rung.HEARING_LETTER and a.outcome == AttemptOutcome.SENT
    ]
    if not deadlines:
        return None
    return max((*deadlines, *facts.hearing_extensions))


@dataclass(frozen=True)
class Deadlines:
    """The dates that bound a case.

    ``hearing_reply_deadline`` is the last day the citizen may reply (a
    decision on the existing basis is possible from the day after);
    ``latest_home_visit_day`` is the day a home visit must be done by;
    ``latest_decision_day`` the day the decision must be taken by; and
    ``last_deduction_day`` the last day a deduction may be made at all.
    """

    hearing_reply_deadline: date | None
    latest_home_visit_day: date
    latest_decision_day: date
    last_deduction_day: date


def compute_deadlines(facts: CaseFacts) -> Deadlines:
    """All deadlines of the case described by ``facts``."""
    rs = facts.rule_set
    last = last_deduction_day(facts.no_show_date, rs.deduction_deadline_months)
    decision = last - timedelta(days=rs.decision_lead_days)
    visit = decision - timedelta(days=rs.visit_lead_days)
    return Deadlines(
        hearing_reply_deadline=hearing_reply_deadline(facts),
        latest_home_visit_day=visit,
        latest_decision_day=decision,
        last_deduction_day=last,
    )
