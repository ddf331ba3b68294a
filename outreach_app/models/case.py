"""A case is one no-show and everything that follows: attempts, decision, reassessment, appeal.

History is append-only: a wrong entry is corrected by a new entry that names it in
`corrects_id`, never by editing or deleting the old one.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.current_step import CaseStep
from ..domain.lifecycle import CaseStatus
from ..extensions import db
from ._base import UtcDateTime, one_of, utcnow

CASE_STATUSES = tuple(CaseStatus)
CASE_STEPS = tuple(CaseStep)


class Case(db.Model):
    __tablename__ = "cases"
    __table_args__ = (
        one_of("status", CASE_STATUSES),
        one_of("step", CASE_STEPS),
        CheckConstraint("hearing_reply_days > 0", name="reply_days_positive"),
        # The work queues: open cases by due day, counts per step, the caseworker's desk.
        Index("ix_cases_status_due", "status", "step_due_on", "id"),
        Index("ix_cases_status_step", "status", "step"),
        Index("ix_cases_status_no_show", "status", "no_show_date", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The municipality's case reference, also the key that makes CSV re-imports harmless.
    case_ref: Mapped[str] = mapped_column(String(40), unique=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    target_group: Mapped[str] = mapped_column(String(32))
    no_show_kind: Mapped[str] = mapped_column(String(16))
    no_show_date: Mapped[date] = mapped_column(Date, index=True)
    # LAS § 35: written guidance on duties and consequences, given beforehand.
    las35_guidance_on: Mapped[date | None] = mapped_column(Date)
    las35_guidance_channel: Mapped[str | None] = mapped_column(String(16))
    # What the guidance said (or the name and version of the standard text used).
    las35_guidance_wording: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The rule set in force on the no-show date (domain.rules.rule_set_for).
    rule_set_key: Mapped[str] = mapped_column(String(80))
    hearing_reply_days: Mapped[int] = mapped_column(Integer, default=7)
    status: Mapped[str] = mapped_column(String(24), default=CaseStatus.OPEN.value)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    # The current step, stored by the service that changes the case in the same
    # transaction (services.case_state), so lists filter, sort and page in SQL:
    # overdue is `step_due_on < today`. NULL only before `flask refresh-steps` has run.
    step: Mapped[str | None] = mapped_column(String(24))
    step_due_on: Mapped[date | None] = mapped_column(Date)
    # The last day a deduction may be made (LAS § 35 stk. 3).
    deadline_on: Mapped[date | None] = mapped_column(Date)
    # The day the decision must be taken by: the due day once the calendar alone has moved
    # the case on to the decision (domain.step_on, services.case_list.step_on).
    decision_due_on: Mapped[date | None] = mapped_column(Date)
    # The day a home visit is planned on a route (the route's team is then the case's team).
    visit_planned_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Optimistic locking of what people edit: two coordinators saving the same case do not
    # overwrite each other. Only a person's change of the case bumps it
    # (case_commands.store_case); what the system stores on its own (the step refreshed,
    # a visit planned, a reply from the citizen) leaves it, so a form open meanwhile still
    # saves. Every UPDATE still checks it, so no write can go over a change it did not see.
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    citizen = relationship("Citizen")
    attempts: Mapped[list[ContactAttempt]] = relationship(
        back_populates="case", order_by="ContactAttempt.id"
    )
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="case", order_by="Decision.id"
    )
    hearing_extensions: Mapped[list[HearingExtension]] = relationship(
        back_populates="case", order_by="HearingExtension.id"
    )


class HearingExtension(db.Model):
    """The citizen (or a representative) asked for more time: the hearing deadline moves."""

    __tablename__ = "hearing_extensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    requested_on: Mapped[date] = mapped_column(Date)
    new_deadline: Mapped[date] = mapped_column(Date)
    # The deadline it replaced, kept so the history reads without recomputing.
    previous_deadline: Mapped[date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="hearing_extensions")


class ContactAttempt(db.Model):
    """One rung of the ladder: what was tried, when, by whom, and what came of it."""

    __tablename__ = "contact_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    rung: Mapped[str] = mapped_column(String(32))
    outcome: Mapped[str] = mapped_column(String(32))
    occurred_on: Mapped[date] = mapped_column(Date)
    letter_channel: Mapped[str | None] = mapped_column(String(16))
    # Hearing letters: the reply deadline given in this letter.
    reply_days: Mapped[int | None] = mapped_column(Integer)
    # The partner contacted, or for a hearing letter the representative it went to.
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"))
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("contact_attempts.id"))
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)

    case: Mapped[Case] = relationship(back_populates="attempts")


class Decision(db.Model):
    """The caseworker's decision with the assessment the seeds require."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(32))
    overall_situation: Mapped[str] = mapped_column(Text, default="")
    absence_reason: Mapped[str] = mapped_column(String(40))
    medical_information: Mapped[str] = mapped_column(Text, default="")
    progression_factors: Mapped[str] = mapped_column(Text, default="")
    short_term_circumstances: Mapped[str] = mapped_column(Text, default="")
    meeting_channel: Mapped[str | None] = mapped_column(String(16))
    # The written reasons (forvaltningsloven § 22) and the citizen's own explanation,
    # both quoted in the decision letter.
    reasoning: Mapped[str] = mapped_column(Text, default="")
    citizen_explanation: Mapped[str] = mapped_column(Text, default="")
    letter_text: Mapped[str] = mapped_column(Text, default="")
    # Was an illness given as the reason reported in time? (domain.IllnessReport)
    illness_report: Mapped[str | None] = mapped_column(String(16))
    # "Will the sanction bring the citizen closer to work?" yes / no / not answered.
    closer_to_work: Mapped[bool | None] = mapped_column(Boolean)
    closer_to_work_reasons: Mapped[str] = mapped_column(Text, default="", server_default="")
    progression_reasoning: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The deduction (LAS §§ 36-37): the period, its days and, with a daily rate, the amount.
    contact_reestablished_on: Mapped[date | None] = mapped_column(Date)
    deduction_first_day: Mapped[date | None] = mapped_column(Date)
    deduction_last_day: Mapped[date | None] = mapped_column(Date)
    deduction_days: Mapped[int | None] = mapped_column(Integer)
    daily_rate: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    deduction_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    # How the letter went and the day it counts as received (the appeal clock starts then).
    letter_channel: Mapped[str | None] = mapped_column(String(16))
    received_on: Mapped[date | None] = mapped_column(Date)
    decided_on: Mapped[date] = mapped_column(Date)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))

    case: Mapped[Case] = relationship(back_populates="decisions")


class Reassessment(db.Model):
    """New information after a decision (e.g. the citizen appears on payment day)."""

    __tablename__ = "reassessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(16))
    new_information: Mapped[str] = mapped_column(Text)
    # Contact re-established after the decision: the deduction period ends the day before.
    contact_reestablished_on: Mapped[date | None] = mapped_column(Date)
    deduction_last_day: Mapped[date | None] = mapped_column(Date)
    deduction_days: Mapped[int | None] = mapped_column(Integer)
    deduction_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    decided_on: Mapped[date] = mapped_column(Date)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Appeal(db.Model):
    """A complaint against a decision and, later, the appeals board's outcome."""

    __tablename__ = "appeals"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"), index=True)
    received_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(16))
    outcome_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
