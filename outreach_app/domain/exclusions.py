"""Why a sanction is excluded for a case, whatever the ladder says.

Any one of these is enough (domain.md §7): the no-show lies in a suspension
period; the citizen was exempt on the no-show date; written LAS § 35 guidance
was not given before the no-show (or is too old, when the rule set says so);
the target group is not sanctionable under the rule set in force; or the last
day a deduction may be made has passed.
"""

from __future__ import annotations

from datetime import date

from .deadlines import add_months, last_deduction_day
from .facts import CaseFacts
from .issues import Issue, IssueCode
from .periods import exemptions_covering, suspensions_covering

__all__ = ["guidance_expires_after", "sanction_exclusions"]


def sanction_exclusions(facts: CaseFacts) -> tuple[Issue, ...]:
    """Every reason a sanction is excluded for ``facts`` (empty when none)."""
    issues: list[Issue] = []
    day = facts.no_show_date
    for period in suspensions_covering(day, facts.suspension_periods):
        issues.append(
            Issue(
                IssueCode.SUSPENSION_PERIOD,
                {"name": period.name, "start": period.start, "end": period.end},
            )
        )
    for exemption in exemptions_covering(day, facts.exemptions):
        issues.append(
            Issue(
                IssueCode.EXEMPTION,
                {"reason": exemption.reason, "start": exemption.start, "end": exemption.end},
            )
        )
    issues.extend(_guidance_issues(facts))
    if not facts.rule_set.allows_no_show_kind(facts.no_show_kind):
        issues.append(
            Issue(
                IssueCode.NO_SHOW_KIND_NOT_ALLOWED,
                {"kind": facts.no_show_kind, "rule_set": facts.rule_set.name},
            )
        )
    if not facts.rule_set.is_sanctionable(facts.target_group):
        issues.append(
            Issue(
                IssueCode.TARGET_GROUP_NOT_SANCTIONABLE,
                {"target_group": facts.target_group, "rule_set": facts.rule_set.name},
            )
        )
    last = last_deduction_day(day, facts.rule_set.deduction_deadline_months)
    if facts.today > last:
        issues.append(Issue(IssueCode.DEDUCTION_DEADLINE_PASSED, {"date": last}))
    return tuple(issues)


def guidance_expires_after(given: date, max_age_months: int | None) -> date | None:
    """The last no-show date that guidance given on ``given`` still covers (None: no limit).

    Guidance repeated "at least every half year" covers no-shows up to and
    including the same calendar day ``max_age_months`` later.
    """
    return None if max_age_months is None else add_months(given, max_age_months)


def _guidance_issues(facts: CaseFacts) -> list[Issue]:
    # The guidance must be given beforehand: guidance dated on or after the
    # no-show day cannot have informed the citizen about that meeting.
    given = facts.las35_guidance_given
    if given is None or given >= facts.no_show_date:
        return [Issue(IssueCode.LAS35_GUIDANCE_MISSING, {"date": given})]
    max_age = facts.rule_set.las35_guidance_max_age_months
    expires = guidance_expires_after(given, max_age)
    if expires is not None and expires < facts.no_show_date:
        return [
            Issue(
                IssueCode.LAS35_GUIDANCE_OUTDATED,
                {"date": given, "max_age_months": max_age, "no_show_date": facts.no_show_date},
            )
        ]
    # The municipality must be able to document how it was given and its wording.
    missing = [
        name
        for name, value in (
            ("channel", facts.las35_guidance_channel),
            ("wording", facts.las35_guidance_wording.strip()),
        )
        if not value
    ]
    if missing:
        return [
            Issue(IssueCode.LAS35_GUIDANCE_UNDOCUMENTED, {"date": given, "missing": missing})
        ]
    return []
