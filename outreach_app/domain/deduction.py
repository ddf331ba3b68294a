"""The deduction period and amount (LAS §§ 36-37, § 69 b).

LAS § 37 (missed job interview): the deduction runs "for the days from when the
person should have attended ... until contact with the job centre is
re-established"; the missed day itself is always deducted, even when the person
makes contact the same day. So the period starts on the no-show day and ends on
the day before contact is re-established, and never ends before the no-show day.
Until contact is re-established the period is open.

LAS § 36 (absence from an offer; also late arrival and partial absence, and
§ 69 b for ressourceforløbsydelse): the deduction covers the days of absence,
which the caseworker records as a period that cannot start before the no-show.

Days are calendar days. The amount is days x the daily rate when a daily rate is
entered (the rates themselves are not fixed here: domain.md §3 says to take them
from the current LAS / STAR rates).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .facts import CaseFacts
from .issues import Issue, IssueCode
from .rungs import first_contact
from .vocabulary import NoShowKind

__all__ = [
    "DeductionInput",
    "DeductionPeriod",
    "compute_deduction",
    "runs_until_contact",
    "validate_deduction",
]


def runs_until_contact(kind: NoShowKind) -> bool:
    """True when the deduction runs until contact is re-established (LAS § 37: interviews)."""
    return NoShowKind(kind) == NoShowKind.INTERVIEW


@dataclass(frozen=True)
class DeductionInput:
    """What the caseworker records about the deduction.

    ``contact_reestablished_on``: the day the citizen contacted the municipality
    again (interviews; None: not yet, or take the ladder's contact date).
    ``starts_on`` / ``ends_on``: the days of absence (offers, late arrival,
    partial absence; None: the no-show day). ``daily_rate``: kroner per day.
    """

    contact_reestablished_on: date | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    daily_rate: Decimal | None = None


@dataclass(frozen=True)
class DeductionPeriod:
    """The computed deduction.

    ``last_day`` is None while the period is open (contact not re-established);
    ``days`` and ``amount`` then count up to and including ``counted_to``.
    """

    first_day: date
    last_day: date | None
    counted_to: date
    until_contact: bool
    contact_reestablished_on: date | None = None
    daily_rate: Decimal | None = None

    @property
    def days(self) -> int:
        """Days from the first day up to and including ``counted_to``."""
        return (self.counted_to - self.first_day).days + 1

    @property
    def open(self) -> bool:
        """True while contact has not been re-established (the deduction still runs)."""
        return self.last_day is None

    @property
    def amount(self) -> Decimal | None:
        """Days x daily rate, in kroner with øre (None without a daily rate)."""
        if self.daily_rate is None:
            return None
        return (self.daily_rate * self.days).quantize(Decimal("0.01"))


def _contact_day(facts: CaseFacts, data: DeductionInput) -> date | None:
    if data.contact_reestablished_on is not None:
        return data.contact_reestablished_on
    contact = first_contact(facts)
    return contact.on if contact is not None else None


def compute_deduction(facts: CaseFacts, data: DeductionInput, as_of: date) -> DeductionPeriod:
    """The deduction period for the case, counted up to ``as_of`` while it is open.

    Interviews (LAS § 37): from the no-show day to the day before contact was
    re-established, at least the no-show day. Other kinds: ``starts_on`` to
    ``ends_on`` (both default to the no-show day). Call :func:`validate_deduction`
    first: this function does not check the dates.
    """
    no_show = facts.no_show_date
    if runs_until_contact(facts.no_show_kind):
        contact = _contact_day(facts, data)
        if contact is None:
            counted_to = max(no_show, as_of)
            return DeductionPeriod(
                first_day=no_show,
                last_day=None,
                counted_to=counted_to,
                until_contact=True,
                daily_rate=data.daily_rate,
            )
        last = max(no_show, contact - timedelta(days=1))
        return DeductionPeriod(
            first_day=no_show,
            last_day=last,
            counted_to=last,
            until_contact=True,
            contact_reestablished_on=contact,
            daily_rate=data.daily_rate,
        )
    first = data.starts_on or no_show
    last = data.ends_on or first
    return DeductionPeriod(
        first_day=first,
        last_day=last,
        counted_to=last,
        until_contact=False,
        daily_rate=data.daily_rate,
    )


def validate_deduction(facts: CaseFacts, data: DeductionInput) -> tuple[Issue, ...]:
    """Reasons to refuse the recorded deduction dates and rate (empty: accepted).

    Refused: a period starting before the no-show; for an interview a period
    that does not start on the no-show day (the missed day always counts);
    an end before the start; contact re-established before the no-show or in
    the future; a negative daily rate.
    """
    issues: list[Issue] = []
    no_show = facts.no_show_date
    if data.starts_on is not None and data.starts_on < no_show:
        issues.append(
            Issue(
                IssueCode.DEDUCTION_BEFORE_NO_SHOW,
                {"date": data.starts_on, "no_show_date": no_show},
            )
        )
    elif (
        data.starts_on is not None
        and runs_until_contact(facts.no_show_kind)
        and data.starts_on != no_show
    ):
        issues.append(Issue(IssueCode.DEDUCTION_MISSED_DAY_EXCLUDED, {"no_show_date": no_show}))
    first = data.starts_on or no_show
    if (
        data.ends_on is not None
        and not runs_until_contact(facts.no_show_kind)
        and data.ends_on < first
    ):
        issues.append(Issue(IssueCode.DEDUCTION_END_BEFORE_START, {"date": data.ends_on,
                                                                  "start": first}))
    contact = data.contact_reestablished_on
    if contact is not None and contact < no_show:
        issues.append(
            Issue(IssueCode.CONTACT_BEFORE_NO_SHOW, {"date": contact, "no_show_date": no_show})
        )
    if contact is not None and contact > facts.today:
        issues.append(
            Issue(IssueCode.CONTACT_IN_FUTURE, {"date": contact, "today": facts.today})
        )
    if data.daily_rate is not None and data.daily_rate < 0:
        issues.append(Issue(IssueCode.DAILY_RATE_INVALID, {"daily_rate": data.daily_rate}))
    return tuple(issues)
