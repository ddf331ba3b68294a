"""The current step is stored on the case by whatever changes it, and always equals a fresh
assessment by the domain: lists read it in SQL instead of assessing every case."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from outreach_app import domain
from outreach_app.domain import (
    ALLOWED_OUTCOMES,
    AbsenceReason,
    CaseStatus,
    CaseStep,
    DecisionOutcome,
    ExemptionReason,
    LetterChannel,
    Rung,
    VisitOutcome,
)
from outreach_app.extensions import db
from outreach_app.models import AuditEvent, Case, Team, User, Visit
from outreach_app.services import (
    case_commands,
    case_facts,
    case_list,
    case_state,
    clock,
    decisions,
    exemptions,
    partners,
    planning,
)
from outreach_app.services.refusal import Refusal


def _today():
    return clock.today()


def _fresh(case: Case) -> tuple:
    assessment = domain.assess(case_facts.for_case(case, _today()))
    status = (domain.status_after_ladder_step(assessment) if CaseStatus(case.status).active
              else CaseStatus(case.status))
    step = domain.current_step(status, assessment)
    return status, step.step, step.due_on, step.deadline_on, step.decision_due_on


def _stored(case: Case) -> tuple:
    return case.status, case.step, case.step_due_on, case.deadline_on, case.decision_due_on


def _reload(case_id: int) -> Case:
    db.session.expire_all()
    return case_facts.load_case(case_id)


# One action on a case: what a coordinator or caseworker might do next, valid or not.
RUNGS = [r for r in Rung if r != Rung.HOME_VISIT]
ACTIONS = st.one_of(
    st.tuples(st.just("step"), st.sampled_from(RUNGS), st.integers(0, 30),
              st.integers(0, 5), st.booleans()),
    st.tuples(st.just("visit")),
    st.tuples(st.just("outcome"), st.sampled_from(list(VisitOutcome))),
    st.tuples(st.just("decide"), st.sampled_from(list(DecisionOutcome))),
    st.tuples(st.just("exemption"), st.integers(0, 40)),
    st.tuples(st.just("partner"), st.booleans()),
)


def _act(case_id: int, action: tuple, user: User, sara: User) -> None:
    today = _today()
    case = _reload(case_id)
    kind = action[0]
    try:
        if kind == "step":
            _, rung, days_ago, pick, paper = action
            outcomes = sorted(ALLOWED_OUTCOMES[rung])
            outcome = outcomes[pick % len(outcomes)]
            partner_ids = [p.id for p in case.citizen.partners]
            partner = partner_ids[pick % len(partner_ids)] if partner_ids and (
                rung == Rung.PARTNER_CONTACT or (rung == Rung.HEARING_LETTER and pick % 2)
            ) else None
            is_letter = rung == Rung.HEARING_LETTER
            case_commands.record_step(case_id, None, case_commands.NewAttempt(
                rung, outcome, today - timedelta(days=days_ago), partner_id=partner,
                letter_channel=(LetterChannel.PAPER if paper else LetterChannel.DIGITAL_POST)
                if is_letter else None,
                reply_days=7 if is_letter else None), user, today)
        elif kind == "visit":
            case_commands.request_visit(case_id, None, case_commands.VisitRequest(today),
                                        user, today)
        elif kind == "outcome":
            visit = next((v for v in case_state.visits_of(case_id)), None)
            if visit is not None:
                case_commands.record_visit_outcome(case_id, None, visit.id, action[1], today,
                                                   "", True, user, today)
        elif kind == "decide":
            decisions.decide(case_id, None, decisions.DecisionInput(
                outcome=action[1], absence_reason=AbsenceReason.UNKNOWN,
                overall_situation="Samlet vurdering.", reasoning="Begrundelse."), sara, today)
        elif kind == "exemption":
            exemptions.add_exemption(case.citizen_id, ExemptionReason.HOSPITALISED,
                                     case.no_show_date - timedelta(days=action[1] - 20), None,
                                     "", user)
        elif kind == "partner":
            partners.add_partner(case.citizen_id, {
                "kind": "mentor", "name": "Mentor", "organisation": "", "phone": "",
                "email": "", "is_representative": action[1]}, user)
    except (domain.Refused, Refusal):
        db.session.rollback()


def _close_every_case() -> None:
    """The examples share a database: earlier examples' cases leave the open queues."""
    db.session.execute(update(Case).values(status=CaseStatus.CLOSED, step=CaseStep.DECIDED,
                                           step_due_on=None))
    db.session.commit()


def _queues_on(day) -> tuple:
    """What the queues show on `day`, read from the stored rows, of the only open case:
    its row's step and due day, where the counts put it, and which filters find it."""
    page = case_list.coordinator_queue(day, case_list.QueueFilter())
    row = page.rows[0] if page.rows else None
    found = {name: case_list.coordinator_queue(day, case_list.QueueFilter(**flt)).total
             for name, flt in (("step", {"step": row and row.step}), ("overdue", {"overdue": True}),
                               ("due_soon", {"due_soon": True}))}
    decisions_queue = case_list.caseworker_queue(day)
    return ((row.step, row.due, row.overdue) if row else None, page.counts,
            found, (decisions_queue.total, decisions_queue.extra["overdue"]))


def _expected_on(case: Case, day) -> tuple:
    """The same, from a fresh assessment of the case on `day`."""
    assessment = domain.assess(case_facts.for_case(case, day))
    if not CaseStatus(case.status).active:
        return None, case_list.QueueCounts({}, 0, 0), {
            "step": 0, "overdue": 0, "due_soon": 0}, (0, 0)
    step = domain.current_step(domain.status_after_ladder_step(assessment), assessment)
    overdue = step.due_on < day
    soon = day <= step.due_on <= day + timedelta(days=case_list.DUE_SOON_DAYS)
    decide = step.step == CaseStep.DECIDE
    return ((step.step, step.due_on, overdue),
            case_list.QueueCounts({step.step: 1}, int(overdue), int(soon)),
            {"step": 1, "overdue": int(overdue), "due_soon": int(soon)},
            (int(decide), int(decide and overdue)))


@settings(max_examples=60, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
# A jobparat case needs only the hearing letter, so many ladders end waiting for its deadline.
@given(age=st.integers(1, 80), actions=st.lists(ACTIONS, min_size=1, max_size=12),
       group=st.sampled_from(["aktivitetsparat", "jobparat"]), later=st.integers(0, 150))
def test_the_stored_step_always_equals_a_fresh_assessment(app, make_user, make_case,
                                                          age, actions, group, later):
    kim = db.session.scalar(select(User).where(User.username == "kim")) or make_user(
        "kim", "coordinator")
    sara = db.session.scalar(select(User).where(User.username == "sara")) or make_user(
        "sara", "caseworker")
    _close_every_case()
    case = make_case(no_show_date=_today() - timedelta(days=age), target_group=group)
    case_state.refresh(case, _today())
    db.session.commit()
    for action in actions:
        _act(case.id, action, kim, sara)
        stored = _reload(case.id)
        assert _stored(stored) == _fresh(stored), action
    # Days pass with nothing recorded (past the hearing deadline or the last deduction day,
    # too): the queues' reading of the row stored then is what the domain says on that day.
    day = _today() + timedelta(days=later)
    assert _queues_on(day) == _expected_on(_reload(case.id), day)


def test_a_registered_case_stands_at_the_hearing_letter_due_by_the_latest_visit_day(
        app, make_user, make_case):
    case = make_case(no_show_date=_today() - timedelta(days=3))
    case_state.refresh(case, _today())
    db.session.commit()
    case = _reload(case.id)
    assessment = domain.assess(case_facts.for_case(case, _today()))
    assert case.step == CaseStep.HEARING_LETTER
    assert case.step_due_on == assessment.deadlines.latest_home_visit_day
    assert case.deadline_on == assessment.deadlines.last_deduction_day


def test_planning_a_visit_stores_its_day_and_team_on_the_case(app, make_case):
    team = Team(name="Nord", travel_mode="bicycle", start_address="Rådhuspladsen 1",
                start_lat=55.6761, start_lon=12.5683, shift_start=time(8, 0),
                shift_end=time(16, 0))
    team.members.append(User(username="w", role="outreach", password_hash="x"))
    db.session.add(team)
    case = make_case()
    day = _today() + timedelta(days=1)
    visit = Visit(case=case, earliest_on=_today(), deadline_on=day + timedelta(days=5),
                  service_minutes=20)
    db.session.add(visit)
    db.session.commit()
    planning.plan_team_day(team, day, [visit])
    db.session.commit()
    case = _reload(case.id)
    assert (case.visit_planned_on, case.team_id) == (day, team.id)
    # Planned again without it: the case no longer shows a planned day.
    planning.plan_team_day(team, day, [])
    db.session.commit()
    assert _reload(case.id).visit_planned_on is None


def test_an_interrupted_refresh_keeps_and_audits_the_batches_it_finished(app, make_case):
    ids = [make_case(no_show_date=_today() - timedelta(days=d)).id for d in (2, 40, 200)]

    def interrupt(done, total):
        raise KeyboardInterrupt  # the operator stops the command after its first batch

    with pytest.raises(KeyboardInterrupt):
        case_state.refresh_all(_today(), batch=2, progress=interrupt)
    db.session.expire_all()
    assert [_reload(i).step is not None for i in ids] == [True, True, False]
    [event] = db.session.scalars(select(AuditEvent)
                                 .where(AuditEvent.action == "case.refresh_steps"))
    assert event.details == {"cases": 2, "changed": 2}


def test_refresh_steps_fills_every_case_and_a_second_run_changes_nothing(app, make_case):
    ids = [make_case(no_show_date=_today() - timedelta(days=d)).id for d in (2, 40, 200)]
    runner = app.test_cli_runner()
    first = runner.invoke(args=["refresh-steps"])
    assert first.exit_code == 0, first.output
    assert "Done: 3 case(s) changed." in first.output
    assert "3/3 cases" in first.output
    versions = [_reload(i).version for i in ids]
    for case_id in ids:
        stored = _reload(case_id)
        assert _stored(stored) == _fresh(stored)
    second = runner.invoke(args=["refresh-steps"])
    assert "Done: 0 case(s) changed." in second.output
    assert [_reload(i).version for i in ids] == versions
    # A no-show 200 days ago is past the deduction deadline: on the caseworker's desk.
    assert _reload(ids[2]).status == CaseStatus.AWAITING_DECISION
