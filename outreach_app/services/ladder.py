"""The contact ladder as a use case: build the domain's facts from the database, record steps.

The rules live in outreach_app.domain; this module only translates rows to facts and
writes what the domain accepted, with its audit event, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import domain
from ..domain import Attempt, AttemptOutcome, CaseFacts, LetterChannel, Rung
from ..extensions import db
from ..models import Case, Citizen, ContactAttempt, RuleSet, SuspensionPeriod, User
from . import audit


def load_case(case_id: int) -> Case | None:
    """The case with what its facts and its page read loaded: citizen, partners,
    exemptions, attempts and decisions."""
    return db.session.scalar(
        select(Case).where(Case.id == case_id).options(
            selectinload(Case.citizen).selectinload(Citizen.partners),
            selectinload(Case.citizen).selectinload(Citizen.exemptions),
            selectinload(Case.attempts),
            selectinload(Case.decisions),
        )
    )


def rule_set(key: str) -> domain.RuleSet:
    row = db.session.scalar(select(RuleSet).where(RuleSet.key == key))
    if row is None:
        raise LookupError(f"rule set {key!r} is not installed (run init-db)")
    return domain.rule_set_from_dict(row.definition)


def rule_set_for_date(no_show_date: date) -> domain.RuleSet:
    """The rule set in force on a no-show date, from the installed (non-draft) rule sets."""
    rows = db.session.scalars(select(RuleSet)).all()
    return domain.rule_set_for(no_show_date, [domain.rule_set_from_dict(r.definition)
                                              for r in rows])


def suspension_periods() -> tuple[domain.SuspensionPeriod, ...]:
    return tuple(
        domain.SuspensionPeriod(name=p.name, start=p.starts_on, end=p.ends_on,
                                meetings_voluntary=p.meetings_voluntary,
                                availability_duty_suspended=p.availability_duty_suspended,
                                digital_meetings_allowed=p.digital_meetings_allowed,
                                note=p.note)
        for p in db.session.scalars(select(SuspensionPeriod))
    )


def _attempt(row: ContactAttempt) -> Attempt:
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


def all_rule_sets() -> dict[str, domain.RuleSet]:
    """Every installed rule set by key (lists load them once, not once per case)."""
    return {r.key: domain.rule_set_from_dict(r.definition)
            for r in db.session.scalars(select(RuleSet))}


def case_facts(case: Case, today: date, *, without: int | None = None,
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
        rule_set=rule_sets[case.rule_set_key] if rule_sets else rule_set(case.rule_set_key),
        today=today,
        las35_guidance_given=case.las35_guidance_on,
        las35_guidance_channel=(domain.GuidanceChannel(case.las35_guidance_channel)
                                if case.las35_guidance_channel else None),
        las35_guidance_wording=case.las35_guidance_wording or "",
        hearing_extensions=tuple(e.new_deadline for e in case.hearing_extensions),
        attempts=tuple(_attempt(a) for a in live_attempts(case) if a.id != without),
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


@dataclass(frozen=True)
class NewAttempt:
    rung: Rung
    outcome: AttemptOutcome
    on: date
    partner_id: int | None = None
    letter_channel: LetterChannel | None = None
    reply_days: int | None = None
    notes: str = ""
    client_id: str | None = None
    # The attempt this entry corrects: it stands in the history, replaced by this one.
    corrects_id: int | None = None


def record_attempt(case: Case, new: NewAttempt, user: User | None, today: date,
                   *, commit: bool = True) -> ContactAttempt:
    """Record one rung's attempt if the domain accepts it; raise domain.Refused otherwise."""
    is_letter = new.rung == Rung.HEARING_LETTER
    facts = case_facts(case, today, without=new.corrects_id)
    domain.ensure_attempt_valid(facts, Attempt(
        rung=new.rung, outcome=new.outcome, on=new.on,
        partner=None if is_letter else new.partner_id,
        recipient=new.partner_id if is_letter else None,
        channel=new.letter_channel, reply_days=new.reply_days,
    ))
    row = ContactAttempt(
        case=case, rung=new.rung.value, outcome=new.outcome.value, occurred_on=new.on,
        partner_id=new.partner_id,
        letter_channel=new.letter_channel.value if new.letter_channel else None,
        reply_days=new.reply_days, notes=new.notes, client_id=new.client_id,
        recorded_by_id=user.id if user else None, corrects_id=new.corrects_id,
    )
    db.session.add(row)
    db.session.flush()
    audit.record("attempt.create", object_type="case", object_id=case.id,
                 citizen_id=case.citizen_id, user=user,
                 details={"rung": new.rung.value, "outcome": new.outcome.value,
                          **({"corrects": new.corrects_id} if new.corrects_id else {})})
    if commit:
        db.session.commit()
    return row
