"""The hearing (forvaltningsloven § 19) as a use case: the printable letter and deadline extensions.

The domain composes the letter (domain.compose_hearing_letter) and decides whether an
extension is allowed (domain.validate_extension); this module loads the case, names the
recipients, saves with an audit event and commits once (services.unit_of_work).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app

from .. import domain
from ..domain.deadlines import hearing_reply_deadline, letter_reply_deadline
from ..extensions import db
from ..models import ContactAttempt, HearingExtension, User
from . import audit, case_commands, case_facts
from .decisions import municipality_name
from .unit_of_work import unit_of_work

_ROLE_DA = {
    domain.PartnerKind.ACTIVATION_PROVIDER: "tilbudsgiver",
    domain.PartnerKind.MENTOR: "mentor",
    domain.PartnerKind.SUPPORT_CONTACT_PERSON: "støttekontaktperson",
    domain.PartnerKind.HOUSING_ADVISER: "boligrådgiver",
    domain.PartnerKind.HOMELESS_UNIT: "kontaktperson i hjemløseenheden",
    domain.PartnerKind.COUNSELLING_CENTRE: "rådgiver",
    domain.PartnerKind.PSYCHIATRIC_CENTRE: "kontaktperson i psykiatrien",
    domain.PartnerKind.OTHER: "kontaktperson",
}


@dataclass(frozen=True)
class HearingLetterPage:
    case_id: int
    attempt: ContactAttempt
    letter: domain.DecisionLetter


def _letters_sent(case) -> list[ContactAttempt]:
    return [a for a in case_facts.live_attempts(case)
            if a.rung == domain.Rung.HEARING_LETTER and a.outcome == domain.AttemptOutcome.SENT]


def hearing_letter(case_id: int, attempt_id: int) -> HearingLetterPage | None:
    """The hearing letter of one 'sent' hearing-letter entry, composed; reading it is audited.

    The citizen's letter names the representatives who get a copy; a representative's
    copy says it is a copy and whose case it is. None when there is no such letter.
    """
    case = case_facts.load_case(case_id)
    if case is None:
        return None
    attempt = next((a for a in _letters_sent(case) if a.id == attempt_id), None)
    if attempt is None:
        return None
    citizen = case.citizen
    rules = case_facts.rule_set(case.rule_set_key)
    facts_attempt = case_facts.attempt(attempt)
    channel = facts_attempt.channel or domain.LetterChannel.DIGITAL_POST
    representatives = [p for p in citizen.partners if p.is_representative]
    if attempt.partner_id is None:
        recipient_name, copy_for = citizen.full_name, None
        copies = tuple(f"{p.name} ({_ROLE_DA[domain.PartnerKind(p.kind)]})"
                       for p in representatives)
        address = (citizen.address, f"{citizen.postcode} {citizen.city}") \
            if channel == domain.LetterChannel.PAPER else ()
    else:
        partner = next((p for p in citizen.partners if p.id == attempt.partner_id), None)
        if partner is None:
            return None
        recipient_name = partner.name
        copy_for = _ROLE_DA[domain.PartnerKind(partner.kind)]
        copies = ()
        address = (partner.organisation,) if partner.organisation else ()
    letter = domain.compose_hearing_letter(domain.HearingLetterInput(
        municipality=municipality_name(),
        office_phone=current_app.config["SETTINGS"].office_phone,
        citizen_name=citizen.full_name, case_reference=case.case_ref,
        sent_on=attempt.occurred_on,
        reply_deadline=letter_reply_deadline(facts_attempt, rules),
        channel=channel, no_show_date=case.no_show_date,
        no_show_kind=domain.NoShowKind(case.no_show_kind),
        target_group=domain.TargetGroup(case.target_group),
        recipient_name=recipient_name, copy_for=copy_for, copies_to=copies,
        address_lines=address,
    ))
    with unit_of_work():
        audit.record("hearing_letter.view", object_type="case", object_id=case.id,
                     citizen_id=case.citizen_id, details={"attempt": attempt.id})
    return HearingLetterPage(case.id, attempt, letter)


def current_deadline(case_id: int, today: date) -> date | None:
    """The case's hearing reply deadline today (letters and extensions), None before a letter."""
    case = case_facts.load_case(case_id)
    return hearing_reply_deadline(case_facts.for_case(case, today)) if case else None


@unit_of_work()
def extend_deadline(case_id: int, expected_version: int | None, new_deadline: date,
                    notes: str, user: User, today: date) -> HearingExtension:
    """Record an extension of the hearing deadline asked for by the citizen or a representative.

    Raises domain.Refused (no letter sent, case decided, a new deadline not after the
    current one) or case_commands.StaleCase. Nothing is saved when it raises.
    """
    case = case_commands.lock_case(case_id, expected_version)
    facts = case_facts.for_case(case, today)
    issues = domain.validate_extension(
        facts, new_deadline, decided=case.status not in domain.ACTIVE_CASE_STATUSES)
    if issues:
        raise domain.Refused(issues)
    row = HearingExtension(case=case, requested_on=today, new_deadline=new_deadline,
                           previous_deadline=hearing_reply_deadline(facts),
                           notes=notes.strip(), recorded_by_id=user.id)
    db.session.add(row)
    db.session.flush()
    audit.record("hearing.extend", object_type="case", object_id=case.id,
                 citizen_id=case.citizen_id, user=user,
                 details={"new_deadline": new_deadline.isoformat()})
    db.session.expire(case, ["hearing_extensions"])
    case_commands.store_case(case, today)
    return row
