"""A case's stored state, kept in line with the domain: status, current step, planned visit.

Lists filter, sort and page cases in SQL; they never run the domain over every case
on a page view. So whatever changes a case stores, in the same transaction, what the
domain says about it now (:func:`refresh`, called by case_commands.store_case before every
commit of a case): the status an active case has on the ladder, the current step with
its due day and the legal deadline, and the day and team of a planned home visit.
Overdue is then ``step_due_on < today`` in SQL, so nothing needs rewriting as days
pass; after a rule-set change ``flask refresh-steps`` recomputes every case
(:func:`refresh_all`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from .. import domain
from ..domain import OPEN_VISIT_STATUSES, CaseStatus, VisitEvent, transition
from ..extensions import db
from ..models import Case, Citizen, RoutePlan, RouteStop, User, Visit
from . import audit, case_facts, sms_outbox
from .unit_of_work import batch_commands_allowed, unit_of_work


def visits_of(case_id: int) -> list[Visit]:
    return list(db.session.scalars(select(Visit).where(Visit.case_id == case_id)
                                   .order_by(Visit.id)))


def cancel_open_visits(case: Case, reason: str, user: User | None = None) -> None:
    """Cancel the case's requested or planned home visits, each with a visit.cancel event.

    The caller commits with its own change (contact achieved, the case decided).
    """
    # route_edits plans with planning, which stores planned days through this module.
    from .route_edits import leave_route

    for visit in visits_of(case.id):
        if visit.status in OPEN_VISIT_STATUSES:
            visit.status = transition(visit.status, VisitEvent.CANCEL)
            leave_route(visit)  # off its route; the route's later ETAs are computed again
            audit.record("visit.cancel", object_type="visit", object_id=visit.id,
                         citizen_id=case.citizen_id, user=user, details={"reason": reason})


def _planned_visits(case_ids: Iterable[int]) -> dict[int, tuple[date, int]]:
    """Per case, the day and team of its open home visit's route (only cases that have one)."""
    ids = list(case_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Visit.case_id, RoutePlan.day, RoutePlan.team_id)
        .join(RouteStop, RouteStop.visit_id == Visit.id)
        .join(RoutePlan, RoutePlan.id == RouteStop.route_plan_id)
        .where(Visit.case_id.in_(ids), Visit.status.in_(OPEN_VISIT_STATUSES))
        .order_by(RoutePlan.day))
    planned: dict[int, tuple[date, int]] = {}
    for case_id, day, team_id in rows:
        planned.setdefault(case_id, (day, team_id))
    return planned


def _store(case: Case, assessment: domain.LadderAssessment,
           planned: tuple[date, int] | None) -> None:
    step = domain.current_step(case.status, assessment)
    case.step, case.step_due_on, case.deadline_on = step.step, step.due_on, step.deadline_on
    case.decision_due_on = step.decision_due_on
    # The team that will do the visit is the case's team from then on.
    case.visit_planned_on = planned[0] if planned else None
    if planned:
        case.team_id = planned[1]


def refresh(case: Case, today: date) -> domain.CurrentStep:
    """Store what the domain says about `case` today (no commit).

    An active case moves between open and awaiting a decision as the ladder says
    (domain.status_after_ladder_step: contact, an excluded sanction or a finished ladder
    put it on the caseworker's desk); contact also cancels its open home visits.
    """
    db.session.flush()
    db.session.expire(case, ["attempts"])
    assessment = domain.assess(case_facts.for_case(case, today))
    if CaseStatus(case.status).active:
        case.status = domain.status_after_ladder_step(assessment)
        if assessment.contact_achieved:
            # Contact ends the search: planned home visits drop out of the planning, and a
            # prompt not yet sent is no longer needed.
            cancel_open_visits(case, "contact")
            sms_outbox.clear_pending(case_id=case.id, purpose="contact_prompt")
            db.session.flush()
    _store(case, assessment, _planned_visits([case.id]).get(case.id))
    return domain.current_step(case.status, assessment)


def store_planned_visit(cases: Iterable[Case]) -> None:
    """After planning: each case's planned visit day and team (no assessment needed)."""
    cases = list(cases)
    db.session.flush()
    planned = _planned_visits(c.id for c in cases)
    for case in cases:
        day_team = planned.get(case.id)
        case.visit_planned_on = day_team[0] if day_team else None
        if day_team:
            case.team_id = day_team[1]


def _load(where, after_id: int = 0, limit: int | None = None) -> list[Case]:
    stmt = (select(Case).where(where, Case.id > after_id).order_by(Case.id)
            .options(selectinload(Case.citizen).selectinload(Citizen.partners),
                     selectinload(Case.citizen).selectinload(Citizen.exemptions),
                     selectinload(Case.attempts))
            # The change that asks for a refresh may be in this session already (a new
            # exemption, partner): load the rows as they are now, not as first loaded.
            .execution_options(populate_existing=True))
    return list(db.session.scalars(stmt.limit(limit) if limit else stmt))


def _stored_state(case: Case) -> tuple:
    return (case.status, case.step, case.step_due_on, case.deadline_on, case.decision_due_on,
            case.visit_planned_on, case.team_id)


def _refresh_loaded(cases: list[Case], today: date, rule_sets, periods) -> int:
    """Store each case's state (no commit); return how many changed."""
    planned = _planned_visits(c.id for c in cases)
    changed = 0
    for case in cases:
        before = _stored_state(case)
        assessment = domain.assess(case_facts.for_case(case, today, rule_sets=rule_sets,
                                                     periods=periods))
        if CaseStatus(case.status).active:
            case.status = domain.status_after_ladder_step(assessment)
        _store(case, assessment, planned.get(case.id))
        # Equal values make no UPDATE: a second run bumps no version, changes nothing.
        changed += _stored_state(case) != before
    return changed


def refresh_where(where, today: date) -> int:
    """Store the state of the cases matching `where` (no commit): after a change outside
    the case that the domain reads (a partner, an exemption, a suspension period)."""
    db.session.flush()
    cases = _load(where)
    if not cases:
        return 0
    return _refresh_loaded(cases, today, case_facts.rule_sets(), case_facts.suspension_periods())


def refresh_citizen(citizen_id: int, today: date) -> int:
    """Store the state of the citizen's active cases (no commit)."""
    return refresh_where((Case.citizen_id == citizen_id)
                         & Case.status.in_(domain.ACTIVE_CASE_STATUSES), today)


def refresh_all(today: date, *, batch: int = 500, only_missing: bool = False,
                progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute the stored state of every case, in batches; return how many changed.

    `only_missing`: just the cases without a stored step (after the upgrade that added it).
    Idempotent: a second run changes nothing. Open home visits are left alone: only
    the step that records a contact cancels them.

    A command of its own, never a step inside a caller's unit: each batch is one unit of
    work with its audit event, and the session is emptied after it, so memory stays flat
    over a whole municipality's history, and an interrupted run keeps (and has audited)
    the batches it finished.
    """
    batch_commands_allowed()
    rule_sets, periods = case_facts.rule_sets(), case_facts.suspension_periods()
    which = Case.step.is_(None) if only_missing else Case.id.isnot(None)
    total = db.session.scalar(select(func.count(Case.id)).where(which)) or 0
    done = changed = 0
    last_id = 0
    while cases := _load(which, last_id, batch):
        with unit_of_work():
            batch_changed = _refresh_loaded(cases, today, rule_sets, periods)
            audit.record("case.refresh_steps",
                         details={"cases": len(cases), "changed": batch_changed})
        changed += batch_changed
        done += len(cases)
        last_id = cases[-1].id
        db.session.expunge_all()
        if progress:
            progress(done, total)
    return changed
