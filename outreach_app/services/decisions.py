"""The caseworker's use cases: decide, write the letter, reassess, record complaints and outcomes.

The domain decides what is allowed (validate_decision, validate_reassessment,
validate_appeal) and writes the letter (letters.compose_decision_letter); this
module loads the case, checks the optimistic lock, saves with an audit event and
commits once. A decision is never edited: deciding again (after a remittal) adds a
new decision that names the one it replaces.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask import current_app
from sqlalchemy import select

from .. import domain
from ..domain import (
    AbsenceReason,
    CaseEvent,
    CaseStatus,
    DecisionOutcome,
    IllnessReport,
    MeetingChannel,
    ProgressionFactor,
    transition,
)
from ..domain.deduction import runs_until_contact
from ..extensions import db
from ..models import Appeal, Case, Decision, Office, Reassessment, User
from . import audit, case_commands, case_facts, case_page, case_state
from .refusal import Refusal
from .unit_of_work import unit_of_work

DEFAULT_MUNICIPALITY = "Kommunen"


@dataclass(frozen=True)
class DecisionInput:
    outcome: DecisionOutcome
    absence_reason: AbsenceReason
    overall_situation: str
    medical_information: str = ""
    progression_factors: tuple[ProgressionFactor, ...] = ()
    short_term_circumstances: str = ""
    meeting_channel: MeetingChannel | None = None
    citizen_explanation: str = ""
    reasoning: str = ""
    illness_report: IllnessReport | None = None
    closer_to_work: bool | None = None
    closer_to_work_reasons: str = ""
    progression_reasoning: str = ""
    contact_reestablished_on: date | None = None
    deduction_starts_on: date | None = None
    deduction_ends_on: date | None = None
    daily_rate: Decimal | None = None
    #: A paper letter's actual day of receipt, when known (else computed by the rule set).
    received_on: date | None = None

    def content(self) -> domain.DecisionContent:
        """The assessment as the domain checks it."""
        return domain.DecisionContent(
            absence_reason=self.absence_reason,
            reasoning=_one_block(self.reasoning),
            meeting_channel=self.meeting_channel,
            illness_report=self.illness_report,
            closer_to_work=self.closer_to_work,
            closer_to_work_reasons=_one_block(self.closer_to_work_reasons),
            progression_factors=self.progression_factors,
            progression_reasoning=_one_block(self.progression_reasoning),
            deduction=self.deduction(),
        )

    def deduction(self) -> domain.DeductionInput:
        return domain.DeductionInput(
            contact_reestablished_on=self.contact_reestablished_on,
            starts_on=self.deduction_starts_on, ends_on=self.deduction_ends_on,
            daily_rate=self.daily_rate,
        )


def letter_channel(case: Case) -> domain.LetterChannel:
    """Letters go by Digital Post, on paper to a citizen exempt from it."""
    return (domain.LetterChannel.PAPER if case.citizen.digital_post_exempt
            else domain.LetterChannel.DIGITAL_POST)


def received_on(case: Case, rules: domain.RuleSet, sent_on: date,
                recorded: date | None) -> date:
    """The day the decision counts as received: recorded for paper when known, else computed."""
    channel = letter_channel(case)
    if channel == domain.LetterChannel.PAPER and recorded is not None:
        return recorded
    return domain.decision_received_on(sent_on, channel, rules.paper_post_delivery_days)


def blocked_outcomes(view: case_page.CaseView, today: date
                     ) -> dict[DecisionOutcome, tuple[domain.Issue, ...]]:
    """For each outcome the ladder does not allow today, the domain's reasons."""
    facts = case_facts.for_case(view.case, today)
    blocked = {}
    for outcome in DecisionOutcome:
        issues = domain.validate_decision(facts, outcome)
        if issues:
            blocked[outcome] = issues
    return blocked


@dataclass(frozen=True)
class Evidence:
    """What the caseworker decides on, shown beside the decision form."""

    attempts: list  # live ContactAttempt rows, oldest first
    explanations: list[tuple[date, str]]  # what the citizen or partners said, by date
    exemptions: list  # the citizen's exemptions (documentation may hold medical information)
    earlier_decisions: list[Decision]  # e.g. before a remittal: medical info, progression
    guidance_on: date | None
    guidance_channel: str | None
    guidance_wording: str
    hearing_deadline: date | None
    contact_on: date | None


def evidence(view: case_page.CaseView) -> Evidence:
    """The case's evidence for the decision form (the page read is audited by view_case)."""
    live = case_facts.live_attempts(view.case)
    explanations = [(a.occurred_on, a.notes) for a in live if a.notes.strip()]
    return Evidence(
        attempts=sorted(live, key=lambda a: (a.occurred_on, a.id)),
        explanations=sorted(explanations, key=lambda e: e[0]),
        exemptions=list(view.citizen.exemptions),
        earlier_decisions=[d.decision for d in view.decisions],
        guidance_on=view.case.las35_guidance_on,
        guidance_channel=view.case.las35_guidance_channel,
        guidance_wording=view.case.las35_guidance_wording or "",
        hearing_deadline=view.assessment.deadlines.hearing_reply_deadline,
        contact_on=view.assessment.contact_on,
    )


def live_decision(case: Case) -> Decision | None:
    """The decision that stands: the latest one not replaced by a later decision."""
    replaced = {d.corrects_id for d in case.decisions if d.corrects_id}
    live = [d for d in case.decisions if d.id not in replaced]
    return live[-1] if live else None


def municipality_name() -> str:
    """The municipality that signs letters: the first office's name."""
    name = db.session.scalar(select(Office.name).order_by(Office.id))
    return name or DEFAULT_MUNICIPALITY


def _one_block(text: str) -> str:
    # The stored letter separates sections by blank lines; typed text must not add any.
    return "\n".join(line.strip() for line in text.strip().splitlines() if line.strip())


def compose_letter(case: Case, facts: domain.CaseFacts, data: DecisionInput,
                   decided_on: date, deduction: domain.DeductionPeriod | None = None,
                   received: date | None = None) -> str:
    """The Danish decision letter for this case and assessment, as plain text."""
    assessment = domain.assess(facts)
    situation = _one_block(data.overall_situation)
    letter = domain.compose_decision_letter(domain.DecisionLetterInput(
        municipality=municipality_name(),
        office_phone=current_app.config["SETTINGS"].office_phone,
        citizen_name=case.citizen.full_name,
        case_reference=case.case_ref,
        decided_on=decided_on,
        outcome=data.outcome,
        no_show_date=case.no_show_date,
        no_show_kind=domain.NoShowKind(case.no_show_kind),
        reasoning=_one_block(data.reasoning),
        legal_basis_keys=assessment.legal_basis_keys,
        absence_reason=data.absence_reason,
        citizen_explanation=_one_block(data.citizen_explanation) or None,
        facts_relied_on=(f"Din samlede situation: {situation}",) if situation else (),
        attempts=facts.attempts,
        partners=facts.partners,
        las35_guidance_given=case.las35_guidance_on,
        las35_guidance_channel=facts.las35_guidance_channel,
        las35_guidance_wording=_one_block(facts.las35_guidance_wording),
        medical_information=_one_block(data.medical_information) or None,
        progression_factors=data.progression_factors,
        progression_reasoning=_one_block(data.progression_reasoning),
        closer_to_work=data.closer_to_work,
        closer_to_work_reasons=_one_block(data.closer_to_work_reasons),
        illness_report=data.illness_report,
        deduction=deduction,
        channel=letter_channel(case),
        received_on=received,
    ))
    return letter.text


@unit_of_work()
def decide(case_id: int, expected_version: int | None, data: DecisionInput, user: User,
           today: date) -> Decision:
    """Decide the case today if the domain allows the outcome; write the letter with it.

    Raises domain.Refused (what is missing, e.g. for a decision on the existing basis,
    a reasonable cause for the absence, missing reasons or meeting channel, and the
    lifecycle's refusal when the case is decided or closed), case_commands.StaleCase on a
    concurrent change. Nothing is saved when it raises.
    """
    case = case_commands.lock_case(case_id, expected_version)
    decided = transition(case.status, CaseEvent.DECIDE)
    facts = case_facts.for_case(case, today)
    domain.ensure_decision_valid(facts, data.outcome, data.content())
    sanction = data.outcome != DecisionOutcome.NO_SANCTION
    deduction = domain.compute_deduction(facts, data.deduction(), today) if sanction else None
    received = received_on(case, facts.rule_set, today, data.received_on)
    if data.received_on is not None:
        issues = domain.validate_received_on(today, data.received_on)
        if issues:
            raise domain.Refused(issues)
    previous = live_decision(case)
    decision = Decision(
        case=case, outcome=data.outcome.value, absence_reason=data.absence_reason.value,
        overall_situation=data.overall_situation.strip(),
        medical_information=data.medical_information.strip(),
        progression_factors=",".join(f.value for f in data.progression_factors),
        short_term_circumstances=data.short_term_circumstances.strip(),
        meeting_channel=data.meeting_channel.value if data.meeting_channel else None,
        citizen_explanation=data.citizen_explanation.strip(),
        reasoning=data.reasoning.strip(),
        letter_text=compose_letter(case, facts, data, today, deduction, received),
        illness_report=data.illness_report.value if data.illness_report else None,
        closer_to_work=data.closer_to_work,
        closer_to_work_reasons=data.closer_to_work_reasons.strip(),
        progression_reasoning=data.progression_reasoning.strip(),
        contact_reestablished_on=deduction.contact_reestablished_on if deduction else None,
        deduction_first_day=deduction.first_day if deduction else None,
        deduction_last_day=deduction.last_day if deduction else None,
        deduction_days=deduction.days if deduction else None,
        daily_rate=data.daily_rate if sanction else None,
        deduction_amount=deduction.amount if deduction else None,
        letter_channel=letter_channel(case).value, received_on=received,
        decided_on=today, decided_by_id=user.id,
        corrects_id=previous.id if previous else None,
    )
    db.session.add(decision)
    case.status = decided
    # The decision ends the ladder: a home visit still waiting is no longer needed.
    case_state.cancel_open_visits(case, CaseStatus.DECIDED, user)
    db.session.flush()
    audit.record("decision.create", object_type="decision", object_id=decision.id,
                 citizen_id=case.citizen_id, user=user,
                 details={"case": case.id, "outcome": data.outcome.value,
                          **({"replaces": previous.id} if previous else {})})
    case_commands.store_case(case, today)
    return decision


def get_decision(decision_id: int) -> Decision | None:
    return db.session.get(Decision, decision_id)


def view_letter(decision_id: int) -> Decision | None:
    """The decision with its letter; reading it is audited."""
    decision = db.session.get(Decision, decision_id)
    if decision is None:
        return None
    with unit_of_work():
        audit.record("decision.letter_view", object_type="decision", object_id=decision.id,
                     citizen_id=decision.case.citizen_id)
    return decision


def _decision_for_change(decision_id: int) -> tuple[Decision, Case]:
    decision = db.session.get(Decision, decision_id)
    if decision is None:
        raise LookupError(decision_id)
    case = case_commands.lock_case(decision.case_id, None)
    if live_decision(case) is not decision:
        raise Refusal("replaced")
    return decision, case


@unit_of_work()
def reassess(decision_id: int, outcome: domain.ReassessmentOutcome, on: date,
             new_information: str, user: User, today: date,
             contact_reestablished_on: date | None = None) -> Reassessment:
    """Record a reassessment on new information: the sanction is maintained or annulled.

    When contact was re-established after the decision (typically on payment day),
    a maintained sanction's deduction period ends the day before it (LAS § 37).
    """
    decision, case = _decision_for_change(decision_id)
    issues = domain.validate_reassessment(DecisionOutcome(decision.outcome), decision.decided_on,
                                          on, today)
    period = None
    if contact_reestablished_on is not None:
        facts = case_facts.for_case(case, today)
        deduction = domain.DeductionInput(contact_reestablished_on=contact_reestablished_on,
                                          daily_rate=decision.daily_rate)
        issues += domain.validate_deduction(facts, deduction)
        if (not issues and outcome == domain.ReassessmentOutcome.MAINTAINED
                and runs_until_contact(facts.no_show_kind)):
            period = domain.compute_deduction(facts, deduction, on)
    if issues:
        raise domain.Refused(issues)
    row = Reassessment(decision_id=decision.id, outcome=outcome.value,
                       new_information=new_information.strip(), decided_on=on,
                       decided_by_id=user.id, contact_reestablished_on=contact_reestablished_on,
                       deduction_last_day=period.last_day if period else None,
                       deduction_days=period.days if period else None,
                       deduction_amount=period.amount if period else None)
    db.session.add(row)
    db.session.flush()
    audit.record("decision.reassess", object_type="decision", object_id=decision.id,
                 citizen_id=case.citizen_id, user=user, details={"outcome": outcome.value})
    case_commands.store_case(case, today)
    return row


def open_appeal(decision: Decision) -> Appeal | None:
    return db.session.scalar(select(Appeal).where(Appeal.decision_id == decision.id,
                                                  Appeal.outcome.is_(None)))


def appeals_of(decision: Decision) -> list[Appeal]:
    return list(db.session.scalars(select(Appeal).where(Appeal.decision_id == decision.id)
                                   .order_by(Appeal.id)))


@unit_of_work()
def receive_complaint(decision_id: int, on: date, notes: str, user: User,
                      today: date) -> Appeal:
    """Record that the citizen complained; the municipality reassesses, then the board decides."""
    decision, case = _decision_for_change(decision_id)
    issues = domain.validate_appeal(decision.decided_on, on, today)
    if issues:
        raise domain.Refused(issues)
    if open_appeal(decision) is not None:
        raise Refusal("appeal_open")
    row = Appeal(decision_id=decision.id, received_on=on, notes=notes.strip(),
                 recorded_by_id=user.id)
    db.session.add(row)
    db.session.flush()
    audit.record("appeal.receive", object_type="appeal", object_id=row.id,
                 citizen_id=case.citizen_id, user=user, details={"decision": decision.id})
    case_commands.store_case(case, today)
    return row


@unit_of_work()
def record_appeal_outcome(decision_id: int, outcome: domain.AppealOutcome, on: date, user: User,
                          today: date) -> Appeal:
    """Record the appeals board's outcome; a remitted case goes back for a new decision."""
    decision, case = _decision_for_change(decision_id)
    appeal = open_appeal(decision)
    if appeal is None:
        raise Refusal("no_open_appeal")
    issues = domain.validate_appeal(decision.decided_on, on, today,
                                    complaint_received_on=appeal.received_on)
    if issues:
        raise domain.Refused(issues)
    appeal.outcome = outcome.value
    appeal.outcome_on = on
    if outcome == domain.AppealOutcome.REMITTED:
        # Hjemvist: the municipality decides again (a new decision replaces this one).
        case.status = transition(case.status, CaseEvent.REMIT)
    audit.record("appeal.outcome", object_type="appeal", object_id=appeal.id,
                 citizen_id=case.citizen_id, user=user, details={"outcome": outcome.value})
    case_commands.store_case(case, today)
    return appeal
