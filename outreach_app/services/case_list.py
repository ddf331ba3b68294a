"""The desk's work queues, in SQL on each case's stored step (services.case_state).

The coordinator's queue: open cases, most urgent first (overdue, then due soonest),
with counts per step and "due within 7 days" over all open cases; decided and closed
cases behind a filter. The caseworker's queue: cases awaiting a decision, oldest
first. Both page (PAGE_SIZE rows) and never run the domain per case, so a page costs
the same few statements whatever the number of cases.

Filters carry no personal data and may sit in a URL; a search term may be a name, so
it arrives by POST and is written to the audit trail with the citizens it found
(Datatilsynet: searches are logged with their criteria). Every list read is audited
with the ids of the citizens shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import case as when
from sqlalchemy import func, or_, select

from ..domain import ACTIVE_CASE_STATUSES, QUEUE_STEPS, CaseStatus, CaseStep
from ..domain.text import clean_text, like_pattern
from ..extensions import db
from ..models import Case, Citizen, Team
from . import audit
from .unit_of_work import unit_of_work

PAGE_SIZE = 50
DUE_SOON_DAYS = 7
#: The steps a case can stand at, in ladder order, for the filter.
STEPS = (*QUEUE_STEPS, CaseStep.DECIDED)
DECIDED_STEP = CaseStep.DECIDED


class Show(StrEnum):
    """Which cases the coordinator's list shows."""

    OPEN = "open"  # open and awaiting a decision: the work queue
    DECIDED = "decided"  # decided and closed
    ALL = "all"


@dataclass(frozen=True)
class QueueFilter:
    step: CaseStep | None = None
    show: Show = Show.OPEN
    overdue: bool = False
    due_soon: bool = False
    target_group: str | None = None
    team_id: int | None = None


@dataclass(frozen=True)
class CaseListRow:
    id: int
    case_ref: str
    citizen_id: int
    citizen_name: str
    target_group: str
    no_show_date: date
    status: str
    step: str | None
    due: date | None
    overdue: bool
    deadline: date | None
    team_name: str | None
    visit_planned_on: date | None


@dataclass(frozen=True)
class QueueCounts:
    """Over all open cases: how many stand at each step, are overdue, are due soon."""

    by_step: dict[str, int]
    overdue: int
    due_soon: int

    @property
    def open(self) -> int:
        return sum(self.by_step.values())


@dataclass(frozen=True)
class QueuePage:
    rows: list[CaseListRow]
    total: int
    page: int
    per_page: int = PAGE_SIZE
    counts: QueueCounts | None = None
    extra: dict = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def past_end(self) -> bool:
        """A page number beyond the last page (the list itself is not empty)."""
        return self.page > self.pages


def _moved_to_decision(today: date):
    """domain.step_on's rule in SQL: the calendar alone has moved a stored active step on
    to the decision (a wait whose due day has come, any step after the last deduction day),
    so lists see the case move on the day a deadline has passed, without a job rewriting
    stored steps."""
    waited = (Case.step == CaseStep.WAIT) & (Case.step_due_on <= today)
    return (Case.step != CaseStep.DECIDED) & (waited | (Case.deadline_on < today))


def step_on(today: date):
    """The stored step as it stands on `today`, in SQL (domain.step_on)."""
    return when((_moved_to_decision(today), CaseStep.DECIDE.value), else_=Case.step)


def due_on(today: date):
    """The day the step as it stands on `today` is due, in SQL (domain.step_on): a case
    moved on to the decision is due by the decision's day, so its row, the overdue and
    "due soon" counts and filters agree with the domain."""
    return when((_moved_to_decision(today), Case.decision_due_on), else_=Case.step_due_on)


def _rows_query(today: date):
    return (select(Case.id, Case.case_ref, Case.citizen_id, Citizen.full_name,
                   Case.target_group, Case.no_show_date, Case.status, step_on(today),
                   due_on(today), Case.deadline_on, Team.name, Case.visit_planned_on)
            .join(Citizen, Citizen.id == Case.citizen_id)
            .outerjoin(Team, Team.id == Case.team_id))


def _row(r, today: date) -> CaseListRow:
    active = CaseStatus(r[6]).active
    due = r[8] if active else None
    return CaseListRow(id=r[0], case_ref=r[1], citizen_id=r[2], citizen_name=r[3],
                       target_group=r[4], no_show_date=r[5], status=r[6], step=r[7], due=due,
                       overdue=due is not None and due < today, deadline=r[9],
                       team_name=r[10], visit_planned_on=r[11])


def _conditions(flt: QueueFilter, today: date) -> list:
    where = []
    if flt.show == Show.OPEN:
        where.append(Case.status.in_(ACTIVE_CASE_STATUSES))
    elif flt.show == Show.DECIDED:
        where.append(Case.status.not_in(ACTIVE_CASE_STATUSES))
    if flt.step:
        where.append(step_on(today) == flt.step)
    if flt.overdue:
        where += [Case.status.in_(ACTIVE_CASE_STATUSES), due_on(today) < today]
    if flt.due_soon:
        where += [Case.status.in_(ACTIVE_CASE_STATUSES),
                  due_on(today).between(today, today + timedelta(days=DUE_SOON_DAYS))]
    if flt.target_group:
        where.append(Case.target_group == flt.target_group)
    if flt.team_id:
        where.append(Case.team_id == flt.team_id)
    return where


def _order(show: Show, today: date) -> tuple:
    if show == Show.DECIDED:
        return (Case.no_show_date.desc(), Case.id.desc())
    # Open cases first, the most urgent on top: overdue (the earliest due), then due soonest.
    active_first = when((Case.status.in_(ACTIVE_CASE_STATUSES), 0), else_=1)
    return (active_first, due_on(today).asc().nulls_last(), Case.id)


def open_counts(today: date) -> QueueCounts:
    """One statement: per step, with how many of them are overdue or due within 7 days."""
    soon = today + timedelta(days=DUE_SOON_DAYS)
    step, due = step_on(today), due_on(today)
    rows = db.session.execute(
        select(step, func.count(),
               func.sum(when((due < today, 1), else_=0)),
               func.sum(when((due.between(today, soon), 1), else_=0)))
        .where(Case.status.in_(ACTIVE_CASE_STATUSES)).group_by(step)).all()
    return QueueCounts(by_step={step: n for step, n, _o, _s in rows if step},
                       overdue=sum(int(o or 0) for *_x, o, _s in rows),
                       due_soon=sum(int(s or 0) for *_x, s in rows))


def _page(stmt, count_stmt, page: int, today: date) -> tuple[list[CaseListRow], int]:
    total = db.session.scalar(count_stmt) or 0
    offset = (page - 1) * PAGE_SIZE
    if page < 1 or offset >= total:
        return [], total
    rows = db.session.execute(stmt.limit(PAGE_SIZE).offset(offset)).all()
    return [_row(r, today) for r in rows], total


def _audit_list(action: str, rows: list[CaseListRow], details: dict) -> None:
    # Ids, not names: a citizen's own trail ("who looked at me") must show list reads too.
    audit.record(action, details={**details, "count": len(rows),
                                  "citizen_ids": sorted({r.citizen_id for r in rows})})


@unit_of_work()
def coordinator_queue(today: date, flt: QueueFilter, page: int = 1) -> QueuePage:
    """One page of the coordinator's queue with the counts over all open cases; audited."""
    where = _conditions(flt, today)
    stmt = _rows_query(today).where(*where).order_by(*_order(flt.show, today))
    count_stmt = select(func.count(Case.id)).where(*where)
    rows, total = _page(stmt, count_stmt, page, today)
    details = {k: v for k, v in (("step", flt.step), ("show", flt.show),
                                 ("overdue", flt.overdue or None),
                                 ("due_soon", flt.due_soon or None),
                                 ("target_group", flt.target_group), ("team", flt.team_id),
                                 ("page", page)) if v}
    _audit_list("case.list", rows, details)
    return QueuePage(rows, total, page, counts=open_counts(today))


@unit_of_work()
def search(today: date, query: str) -> QueuePage:
    """The first page of cases whose citizen name, case or citizen reference matches."""
    # % and _ typed by the user are letters to find, not wildcards.
    like = like_pattern(clean_text(query).strip().lower())
    match = or_(func.lower(Citizen.full_name).like(like, escape="\\"),
                func.lower(Case.case_ref).like(like, escape="\\"),
                func.lower(Citizen.reference).like(like, escape="\\"))
    stmt = _rows_query(today).where(match).order_by(*_order(Show.ALL, today))
    count_stmt = (select(func.count(Case.id)).join(Citizen, Citizen.id == Case.citizen_id)
                  .where(match))
    rows, total = _page(stmt, count_stmt, 1, today)
    # The one place a search term enters the trail: the log of a search must show what
    # was searched for and whose records it returned.
    _audit_list("case.search", rows, {"query": query.strip()})
    return QueuePage(rows, total, 1, counts=open_counts(today))


@unit_of_work()
def caseworker_queue(today: date, page: int = 1) -> QueuePage:
    """One page of the cases awaiting a decision, the oldest no-show first; audited."""
    where = [Case.status.in_(ACTIVE_CASE_STATUSES), step_on(today) == CaseStep.DECIDE]
    stmt = _rows_query(today).where(*where).order_by(Case.no_show_date, Case.id)
    count_stmt = select(func.count(Case.id)).where(*where)
    rows, total = _page(stmt, count_stmt, page, today)
    overdue = db.session.scalar(select(func.count(Case.id)).where(
        *where, due_on(today) < today)) or 0
    _audit_list("case.list", rows, {"queue": "decisions", "page": page})
    return QueuePage(rows, total, page, extra={"overdue": overdue})
