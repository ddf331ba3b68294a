"""The domain's facts about a case, built from the database: the one place that does it.

The rules live in outreach_app.domain and read plain facts (domain.CaseFacts, rule sets,
suspension periods). This module is where rows become those facts, so every service
that asks the domain (the case page, the commands, the stored step, the lists) asks
about the same case: one loader of the installed rule sets (:func:`rule_sets`), one of
the suspension periods, one of a case with what its facts read (:func:`load_case`),
and :func:`for_case`. It writes nothing.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from .. import domain
from ..domain import Attempt, AttemptOutcome, CaseFacts, LetterChannel, Rung
from ..extensions import db
from ..models import Case, Citizen, ContactAttempt, RuleSet, SuspensionPeriod


def case_with_facts(case_id: int) -> Select:
    """The query for a case with what its facts and its page read: citizen, partners,
    exemptions, attempts and decisions."""
    return select(Case).where(Case.id == case_id).options(
        selectinload(Case.citizen).selectinload(Citizen.partners),
        selectinload(Case.citizen).selectinload(Citizen.exemptions),
        selectinload(Case.attempts),
        selectinload(Case.decisions),
    )


def load_case(case_id: int) -> Case | None:
    """The case with what its facts and its page read loaded."""
    return db.session.scalar(case_with_facts(case_id))


def rule_sets() -> dict[str, domain.RuleSet]:
    """Every installed rule set by key: the one place rule-set rows become the domain's.

    Loaded whole (a handful of rows), so a list assesses many cases with one query.
    """
    return {r.key: domain.rule_set_from_dict(r.definition)
            for r in db.session.scalars(select(RuleSet).order_by(RuleSet.valid_from))}


def rule_set(key: str) -> domain.RuleSet:
    """The installed rule set `key` (a case's own, by its rule_set_key)."""
    found = rule_sets().get(key)
    if found is None:
        raise LookupError(f"rule set {key!r} is not installed (run init-db)")
    return found


def rule_set_for_date(no_show_date: date) -> domain.RuleSet:
    """The rule set in force on a no-show date, from the installed (non-draft) rule sets."""
    return domain.rule_set_for(no_show_date, list(rule_sets().values()))


def suspension_periods() -> tuple[domain.SuspensionPeriod, ...]:
    return tuple(
        domain.SuspensionPeriod(name=p.name, start=p.starts_on, end=p.ends_on,
                                meetings_voluntary=p.meetings_voluntary,
                                availability_duty_suspended=p.availability_duty_suspended,
                                digital_meetings_allowed=p.digital_meetings_allowed,
                                note=p.note)
        for p in db.session.scalars(select(SuspensionPeriod))
    )


def attempt(row: ContactAttempt) -> Attempt:
    """One recorded attempt as the domain reads it."""
    is_letter = row.rung == Rung.HEARING_LETTER
    return Attempt(
        rung=Rung(row.rung),
        outcome=AttemptOutcome(row.outcome),
        on=row.occurred_on,
        partner=row.partner_id if not is_letter else None,
        recipient=row.partner_id if is_letter else None,
        channel=LetterChannel(row.letter_channel) if row.letter_channel else None,
        reply_days=row.reply_days,
    )


def live_attempts(case: Case) -> list[ContactAttempt]:
    """The attempts that stand: an attempt corrected by a later entry is replaced by it."""
    corrected = {a.corrects_id for a in case.attempts if a.corrects_id is not None}
    return [a for a in case.attempts if a.id not in corrected]


def for_case(case: Case, today: date, *, without: int | None = None,
               rule_sets: dict[str, domain.RuleSet] | None = None,
               periods: tuple[domain.SuspensionPeriod, ...] | None = None) -> CaseFacts:
    """Everything the domain needs about `case`, as of `today`.

    `without` leaves out one attempt: the one a correction is about to replace.
    `rule_sets` and `periods` may be given preloaded when many cases are assessed.
    """
    citizen = case.citizen
    return CaseFacts(
        target_group=domain.TargetGroup(case.target_group),
        no_show_date=case.no_show_date,
        no_show_kind=domain.NoShowKind(case.no_show_kind),
        rule_set=(rule_sets or {}).get(case.rule_set_key) or rule_set(case.rule_set_key),
        today=today,
        las35_guidance_given=case.las35_guidance_on,
        las35_guidance_channel=(domain.GuidanceChannel(case.las35_guidance_channel)
                                if case.las35_guidance_channel else None),
        las35_guidance_wording=case.las35_guidance_wording or "",
        hearing_extensions=tuple(e.new_deadline for e in case.hearing_extensions),
        attempts=tuple(attempt(a) for a in live_attempts(case) if a.id != without),
        partners=tuple(domain.Partner(id=p.id, kind=domain.PartnerKind(p.kind))
                       for p in citizen.partners),
        representatives=tuple(p.id for p in citizen.partners if p.is_representative),
        digital_post_exempt=citizen.digital_post_exempt,
        has_mobile=bool(citizen.phone_mobile),
        sms_opt_out=citizen.sms_opt_out,
        exemptions=tuple(domain.Exemption(reason=domain.ExemptionReason(e.reason),
                                          start=e.starts_on, end=e.ends_on)
                         for e in citizen.exemptions),
        suspension_periods=suspension_periods() if periods is None else periods,
    )
