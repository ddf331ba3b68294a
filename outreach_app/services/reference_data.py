"""Reference data every installation needs: the shipped rule sets and suspension periods."""

from __future__ import annotations

from sqlalchemy import select

from ..domain.periods import PRELOADED_SUSPENSION_PERIODS
from ..domain.rule_sets_shipped import SHIPPED_RULE_SETS
from ..domain.rules import rule_set_to_dict
from ..domain.sms_content import DEFAULT_FORBIDDEN_TERMS, DEFAULT_TEMPLATES, TemplateKey
from ..extensions import db
from ..models import RuleSet, SmsForbiddenTerm, SmsTemplate, SuspensionPeriod
from .unit_of_work import unit_of_work

#: How long before a job-centre meeting each reminder goes out, until an admin changes it.
DEFAULT_REMINDER_LEAD_MINUTES = {TemplateKey.REMINDER_DAYS: 2 * 24 * 60,
                                 TemplateKey.REMINDER_HOURS: 3 * 60}


@unit_of_work()
def ensure_reference_data() -> dict[str, int]:
    """Install the shipped rule sets and preloaded suspension periods; upgrade older copies.

    A shipped rule set that is missing is added; an installed copy of an older
    shipped revision is replaced by the current one (rule sets are read-only in
    the app, so an older revision is the shipped text, not an admin's edit; a
    copy whose revision is current or newer is left alone). Suspension periods
    are added when missing and never changed (an admin may have adjusted them).
    Returns how many rows were added or upgraded of each kind.
    """
    added = {"rule_sets": 0, "rule_sets_upgraded": 0, "suspension_periods": 0}
    installed = {row.key: row for row in db.session.scalars(select(RuleSet))}
    for rule_set in SHIPPED_RULE_SETS:
        definition = rule_set_to_dict(rule_set)
        row = installed.get(rule_set.key)
        if row is None:
            db.session.add(RuleSet(
                key=rule_set.key, name=rule_set.name, valid_from=rule_set.valid_from,
                valid_to=rule_set.valid_to, draft=rule_set.draft, definition=definition,
            ))
            added["rule_sets"] += 1
        elif row.definition.get("revision", 1) < rule_set.revision:
            row.name, row.valid_from, row.valid_to = (rule_set.name, rule_set.valid_from,
                                                      rule_set.valid_to)
            row.draft, row.definition = rule_set.draft, definition
            added["rule_sets_upgraded"] += 1
    known_periods = set(db.session.scalars(select(SuspensionPeriod.name)))
    for period in PRELOADED_SUSPENSION_PERIODS:
        if period.name not in known_periods:
            db.session.add(SuspensionPeriod(
                name=period.name, starts_on=period.start, ends_on=period.end,
                meetings_voluntary=period.meetings_voluntary,
                availability_duty_suspended=period.availability_duty_suspended,
                digital_meetings_allowed=period.digital_meetings_allowed,
                note=period.note,
            ))
            added["suspension_periods"] += 1
    added.update(_ensure_sms_reference_data())
    return added


def _ensure_sms_reference_data() -> dict[str, int]:
    """The shipped Danish SMS templates (missing keys only) and, on a new installation,
    the shipped list of forbidden terms."""
    known = set(db.session.scalars(select(SmsTemplate.key).where(SmsTemplate.locale == "da")))
    templates = 0
    for key, body in DEFAULT_TEMPLATES.items():
        if key.value not in known:
            db.session.add(SmsTemplate(key=key.value, locale="da", body=body,
                                       lead_minutes=DEFAULT_REMINDER_LEAD_MINUTES.get(key)))
            templates += 1
    terms = 0
    if db.session.scalar(select(SmsForbiddenTerm.id).limit(1)) is None:
        for term in DEFAULT_FORBIDDEN_TERMS:
            db.session.add(SmsForbiddenTerm(term=term))
            terms += 1
    return {"sms_templates": templates, "sms_forbidden_terms": terms}
