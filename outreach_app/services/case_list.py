"""The coordinator's case list: each case's current step from the domain, filters and search.

Filters (step, overdue, target group, team) carry no personal data and may sit in a
URL; a search term may be a name, so it arrives by POST and is written to the audit
trail with the citizens it found (Datatilsynet: searches are logged with their
criteria).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from .. import domain
from ..domain import CaseStatus, StepAction
from ..extensions import db
from ..models import Case, Citizen, Team
from . import audit, ladder

#: The step of a case that is past its decision (decided or closed).
DECIDED_STEP = CaseStatus.DECIDED.value
#: The steps a case can stand at, in ladder order, for the filter.
STEPS = (*(r.value for r in domain.LADDER_ORDER), "wait", "decide", DECIDED_STEP)


@dataclass(frozen=True)
class CaseListRow:
    id: int
    case_ref: str
    citizen_id: int
    citizen_name: str
    target_group: str
    no_show_date: date
    status: str
    step: str
    due: date | None
    overdue: bool
    team_name: str | None


def _step(case: Case, today: date, rule_sets, periods) -> tuple[str, date | None, bool]:
    if not CaseStatus(case.status).active:
        return DECIDED_STEP, None, False
    facts = ladder.case_facts(case, today, rule_sets=rule_sets, periods=periods)
    assessment = domain.assess(facts)
    first = assessment.next_steps[0]
    step = {StepAction.DECIDE: "decide", StepAction.WAIT_FOR_HEARING_DEADLINE: "wait"}.get(
        first.action, first.rung.value if first.rung else "decide")
    dues = [s.due for s in assessment.next_steps if s.due is not None]
    return step, min(dues) if dues else None, any(s.overdue for s in assessment.next_steps)


def case_rows(today: date, *, step: str | None = None, overdue: bool = False,
              target_group: str | None = None, team_id: int | None = None,
              query: str | None = None) -> list[CaseListRow]:
    """The cases matching the filters (and search), newest no-show first; audited."""
    stmt = (select(Case).join(Citizen, Citizen.id == Case.citizen_id)
            .options(selectinload(Case.citizen).selectinload(Citizen.partners),
                     selectinload(Case.citizen).selectinload(Citizen.exemptions),
                     selectinload(Case.attempts))
            .order_by(Case.no_show_date.desc(), Case.id.desc()))
    if target_group:
        stmt = stmt.where(Case.target_group == target_group)
    if team_id:
        stmt = stmt.where(Case.team_id == team_id)
    if query:
        like = f"%{query.strip().lower()}%"
        stmt = stmt.where(or_(func.lower(Citizen.full_name).like(like),
                              func.lower(Case.case_ref).like(like),
                              func.lower(Citizen.reference).like(like)))
    teams = dict(db.session.execute(select(Team.id, Team.name)).all())
    rule_sets, periods = ladder.all_rule_sets(), ladder.suspension_periods()
    rows = []
    for case in db.session.scalars(stmt):
        where, due, late = _step(case, today, rule_sets, periods)
        if step and where != step:
            continue
        if overdue and not late:
            continue
        rows.append(CaseListRow(case.id, case.case_ref, case.citizen_id, case.citizen.full_name,
                                case.target_group, case.no_show_date, case.status, where, due,
                                late, teams.get(case.team_id)))
    filters = {k: v for k, v in (("step", step), ("overdue", overdue or None),
                                 ("target_group", target_group), ("team", team_id)) if v}
    if query:
        # The one place a search term enters the trail: the log of a search must show
        # what was searched for and whose records it returned.
        audit.record("case.search", details={"query": query.strip(), **filters,
                                             "count": len(rows),
                                             "citizen_ids": sorted({r.citizen_id for r in rows})})
    else:
        # Ids, not names: a citizen's own trail ("who looked at me") must show list reads too.
        audit.record("case.list", details={**filters, "count": len(rows),
                                           "citizen_ids": sorted({r.citizen_id for r in rows})})
    db.session.commit()
    return rows

