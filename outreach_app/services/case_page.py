"""The case page's read model: everything the case page shows about one case.

Reading it is a read of the citizen's record and is audited as such. The commands
that change a case live in services.case_commands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from .. import domain
from ..domain import OPEN_VISIT_STATUSES, Rung
from ..extensions import db
from ..models import (
    Appeal,
    Case,
    Citizen,
    ContactAttempt,
    Decision,
    Reassessment,
    RuleSet,
    Team,
    User,
    Visit,
)
from . import audit, case_facts, case_state, clock
from .unit_of_work import unit_of_work


@dataclass(frozen=True)
class AttemptEntry:
    """One line of the case history; corrected entries stay, marked as replaced."""

    attempt: ContactAttempt
    corrected_by: int | None
    recorded_by: str


@dataclass(frozen=True)
class DecisionEntry:
    decision: Decision
    reassessments: list[Reassessment]
    appeals: list[Appeal]
    decided_by: str
    replaced: bool


@dataclass
class CaseView:
    """Everything the case page shows, computed once per request."""

    case: Case
    citizen: Citizen
    assessment: domain.LadderAssessment
    rule_set: RuleSet
    history: list[AttemptEntry]
    visits: list[Visit]
    decisions: list[DecisionEntry]
    suspensions: tuple[domain.SuspensionPeriod, ...]
    team_name: str | None = None
    open_visit: Visit | None = None
    next_rungs: list[Rung] = field(default_factory=list)

    @property
    def latest_decision(self) -> Decision | None:
        live = [d.decision for d in self.decisions if not d.replaced]
        return live[-1] if live else None


def _user_names(ids) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    rows = db.session.execute(select(User.id, User.full_name, User.username)
                              .where(User.id.in_(ids)))
    return {i: full or name for i, full, name in rows}


def view_case(case_id: int, today: date | None = None) -> CaseView | None:
    """What the case page shows, read for a person: audited as a read of the citizen's
    record (a unit of work of its own, so the trail entry is saved)."""
    with unit_of_work():
        view = view_case_for_change(case_id, today)
        if view is not None:
            audit.record("case.view", object_type="case", object_id=view.case.id,
                         citizen_id=view.case.citizen_id)
    return view


def view_case_for_change(case_id: int, today: date | None = None) -> CaseView | None:
    """The same data for a form that changes the case, with no trail entry of its own:
    the change audits itself, and a form shown again with its errors is audited as the
    request's read (audit.record_unaudited_reads runs after every page shown)."""
    today = today or clock.today()
    case = case_facts.load_case(case_id)
    if case is None:
        return None
    facts = case_facts.for_case(case, today)
    assessment = domain.assess(facts)
    corrected_by = {a.corrects_id: a.id for a in case.attempts if a.corrects_id}
    decision_ids = [d.id for d in case.decisions]
    reassessments = list(db.session.scalars(
        select(Reassessment).where(Reassessment.decision_id.in_(decision_ids))
        .order_by(Reassessment.id))) if decision_ids else []
    appeals = list(db.session.scalars(
        select(Appeal).where(Appeal.decision_id.in_(decision_ids)).order_by(Appeal.id))
    ) if decision_ids else []
    names = _user_names([a.recorded_by_id for a in case.attempts]
                        + [d.decided_by_id for d in case.decisions])
    replaced = {d.corrects_id for d in case.decisions if d.corrects_id}
    visits = case_state.visits_of(case.id)
    team_name = db.session.scalar(select(Team.name).where(Team.id == case.team_id)) \
        if case.team_id else None
    return CaseView(
        case=case,
        citizen=case.citizen,
        assessment=assessment,
        rule_set=db.session.scalar(select(RuleSet).where(RuleSet.key == case.rule_set_key)),
        history=[AttemptEntry(a, corrected_by.get(a.id), names.get(a.recorded_by_id, "–"))
                 for a in case.attempts],
        visits=visits,
        decisions=[DecisionEntry(d, [r for r in reassessments if r.decision_id == d.id],
                                 [p for p in appeals if p.decision_id == d.id],
                                 names.get(d.decided_by_id, "–"), d.id in replaced)
                   for d in case.decisions],
        suspensions=tuple(p for p in facts.suspension_periods
                          if p.covers(case.no_show_date)),
        team_name=team_name,
        open_visit=next((v for v in visits if v.status in OPEN_VISIT_STATUSES), None),
        next_rungs=[s.rung for s in assessment.next_steps if s.rung is not None],
    )
