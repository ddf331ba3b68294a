"""The administrator's view of the law as data: rule sets (read-only) and suspension periods."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from .. import domain
from ..domain.dates import implausible
from ..extensions import db
from ..models import Case, RuleSet, SuspensionPeriod
from . import audit, case_facts, case_state, clock
from .refusal import Refusal
from .unit_of_work import unit_of_work


@dataclass(frozen=True)
class RuleSetView:
    row: RuleSet
    rules: domain.RuleSet
    in_force_today: bool


def rule_sets(today: date) -> list[RuleSetView]:
    """Every installed rule set, oldest first, with whether it is the one in force today."""
    rows = list(db.session.scalars(select(RuleSet).order_by(RuleSet.valid_from)))
    parsed = case_facts.rule_sets()
    try:
        current = domain.rule_set_for(today, list(parsed.values())).key
    except domain.NoRuleSetError:
        current = None
    return [RuleSetView(r, parsed[r.key], r.key == current) for r in rows]


def periods() -> list[SuspensionPeriod]:
    return list(db.session.scalars(select(SuspensionPeriod).order_by(SuspensionPeriod.starts_on)))


# Cases that can still be sanctioned (a decided case keeps its decision).
UNDECIDED = tuple(status.value for status in domain.ACTIVE_CASE_STATUSES)


def open_cases_within(starts_on: date, ends_on: date) -> int:
    """How many undecided cases have their no-show inside the period: none of them could
    be sanctioned while the period stands."""
    return db.session.scalar(select(func.count(Case.id)).where(
        Case.status.in_(UNDECIDED), Case.no_show_date >= starts_on,
        Case.no_show_date <= ends_on))


@unit_of_work()
def save_period(period_id: int | None, name: str, starts_on: date, ends_on: date,
                meetings_voluntary: bool, note: str, *,
                availability_duty_suspended: bool = True,
                digital_meetings_allowed: bool = False) -> SuspensionPeriod:
    """Create or change a suspension period; cases whose no-show falls inside cannot be
    sanctioned (the domain reads the periods on every assessment)."""
    today = clock.today()
    for field, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if implausible(day, today):
            raise Refusal("outside_window", field)
    if ends_on < starts_on:
        raise Refusal("end_before_start", "ends_on")
    name = name.strip()
    clash = db.session.scalar(select(SuspensionPeriod.id).where(
        func.lower(SuspensionPeriod.name) == name.lower()))
    if clash is not None and clash != period_id:
        raise Refusal("period_name_taken", "name")
    if period_id is None:
        row = SuspensionPeriod(name=name)
        db.session.add(row)
    else:
        row = db.session.get(SuspensionPeriod, period_id)
        if row is None:
            raise LookupError(period_id)
    before = (row.starts_on, row.ends_on)
    changed = audit.changed_fields(row, {"name": name, "starts_on": starts_on,
                                         "ends_on": ends_on,
                                         "meetings_voluntary": meetings_voluntary,
                                         "availability_duty_suspended":
                                             availability_duty_suspended,
                                         "digital_meetings_allowed": digital_meetings_allowed,
                                         "note": note.strip()})
    db.session.flush()
    # The cases whose no-show lies in the old or the new period change with it.
    first = min(d for d in (before[0], starts_on) if d is not None)
    last = max(d for d in (before[1], ends_on) if d is not None)
    case_state.refresh_where(Case.no_show_date.between(first, last), clock.today())
    audit.record("suspension.create" if period_id is None else "suspension.update",
                 object_type="suspension_period", object_id=row.id,
                 details={"fields": changed})
    return row
