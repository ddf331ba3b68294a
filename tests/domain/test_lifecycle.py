"""The lifecycle of cases, home visits and route plans: which moves are allowed, and why not."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outreach_app.domain import (
    RULES_2020,
    Attempt,
    AttemptOutcome,
    CaseEvent,
    CaseFacts,
    CaseStatus,
    Exemption,
    ExemptionReason,
    GuidanceChannel,
    IssueCode,
    NoShowKind,
    Refused,
    RouteEvent,
    RoutePlanStatus,
    Rung,
    TargetGroup,
    VisitEvent,
    VisitStatus,
    allowed,
    assess,
    refusal,
    status_after_ladder_step,
    transition,
)


def _refused_code(status, event) -> IssueCode:
    with pytest.raises(Refused) as caught:
        transition(status, event)
    (issue,) = caught.value.issues
    assert issue["status"] == str(status) and issue["event"] == str(event)
    return issue.code


def test_deciding_an_active_case_makes_it_decided():
    assert transition(CaseStatus.OPEN, CaseEvent.DECIDE) == CaseStatus.DECIDED
    assert transition(CaseStatus.AWAITING_DECISION, CaseEvent.DECIDE) == CaseStatus.DECIDED


def test_a_decided_case_cannot_be_decided_again_nor_climb_the_ladder():
    for event in (CaseEvent.DECIDE, CaseEvent.RECORD_STEP, CaseEvent.REQUEST_VISIT,
                  CaseEvent.RECORD_VISIT_OUTCOME):
        assert _refused_code(CaseStatus.DECIDED, event) == IssueCode.CASE_DECIDED


def test_a_closed_case_refuses_everything_with_its_own_reason():
    for event in CaseEvent:
        assert _refused_code(CaseStatus.CLOSED, event) == IssueCode.CASE_CLOSED


def test_remittal_sends_a_decided_case_back_to_the_caseworker_only_when_decided():
    assert transition(CaseStatus.DECIDED, CaseEvent.REMIT) == CaseStatus.AWAITING_DECISION
    assert _refused_code(CaseStatus.OPEN, CaseEvent.REMIT) == IssueCode.CASE_NOT_DECIDED
    assert _refused_code(CaseStatus.AWAITING_DECISION, CaseEvent.CLOSE) == \
        IssueCode.CASE_NOT_DECIDED


def test_ladder_steps_keep_an_active_case_active():
    for status in (CaseStatus.OPEN, CaseStatus.AWAITING_DECISION):
        for event in (CaseEvent.RECORD_STEP, CaseEvent.REQUEST_VISIT,
                      CaseEvent.RECORD_VISIT_OUTCOME):
            assert transition(status, event) == status


def test_a_visit_is_planned_replanned_unplanned_and_ends_done_or_cancelled():
    assert transition(VisitStatus.REQUESTED, VisitEvent.PLAN) == VisitStatus.PLANNED
    assert transition(VisitStatus.PLANNED, VisitEvent.PLAN) == VisitStatus.PLANNED
    assert transition(VisitStatus.PLANNED, VisitEvent.UNPLAN) == VisitStatus.REQUESTED
    assert transition(VisitStatus.PLANNED, VisitEvent.RECORD_OUTCOME) == VisitStatus.DONE
    assert transition(VisitStatus.REQUESTED, VisitEvent.CANCEL) == VisitStatus.CANCELLED


def test_an_outcome_on_a_cancelled_or_done_visit_is_refused():
    assert _refused_code(VisitStatus.CANCELLED, VisitEvent.RECORD_OUTCOME) == \
        IssueCode.VISIT_CANCELLED
    assert _refused_code(VisitStatus.DONE, VisitEvent.RECORD_OUTCOME) == IssueCode.VISIT_DONE
    assert _refused_code(VisitStatus.DONE, VisitEvent.PLAN) == IssueCode.VISIT_DONE


def test_a_route_is_published_to_the_field_then_started_and_finished():
    status = RoutePlanStatus.DRAFT
    assert not status.in_field
    status = transition(status, RouteEvent.PUBLISH)
    assert status == RoutePlanStatus.PUBLISHED and status.in_field
    assert transition(status, RouteEvent.UNPUBLISH) == RoutePlanStatus.DRAFT
    status = transition(status, RouteEvent.START)
    assert _refused_code(status, RouteEvent.UNPUBLISH) == IssueCode.TRANSITION_NOT_ALLOWED
    assert transition(status, RouteEvent.FINISH) == RoutePlanStatus.FINISHED
    assert _refused_code(RoutePlanStatus.DRAFT, RouteEvent.START) == \
        IssueCode.TRANSITION_NOT_ALLOWED


def test_the_stored_string_works_like_the_enum():
    assert transition("open", CaseEvent.DECIDE) == "decided"
    assert allowed("planned", VisitEvent.RECORD_OUTCOME)
    assert not allowed("cancelled", VisitEvent.RECORD_OUTCOME)
    with pytest.raises(ValueError):
        refusal("lost", CaseEvent.DECIDE)


def test_an_event_of_another_machine_is_a_programming_error():
    with pytest.raises(TypeError):
        refusal(CaseStatus.OPEN, "decide")


@given(st.sampled_from([*CaseStatus, *VisitStatus, *RoutePlanStatus]),
       st.sampled_from([*CaseEvent, *VisitEvent, *RouteEvent]))
def test_every_move_is_either_allowed_to_a_status_of_its_machine_or_refused_with_a_reason(
        status, event):
    machine = {CaseEvent: CaseStatus, VisitEvent: VisitStatus, RouteEvent: RoutePlanStatus}[
        type(event)]
    if not isinstance(status, machine):
        return
    issue = refusal(status, event)
    if issue is None:
        assert isinstance(transition(status, event), machine)
    else:
        assert not allowed(status, event)
        with pytest.raises(Refused):
            transition(status, event)


def _facts(**kw) -> CaseFacts:
    base = dict(target_group=TargetGroup.AKTIVITETSPARAT, no_show_date=date(2025, 3, 3),
                no_show_kind=NoShowKind.INTERVIEW, rule_set=RULES_2020,
                today=date(2025, 3, 10), las35_guidance_given=date(2025, 1, 10),
                las35_guidance_channel=GuidanceChannel.DIGITAL_POST,
                las35_guidance_wording="Vejledning om rådighed og sanktioner")
    return CaseFacts(**{**base, **kw})


def test_a_case_climbing_the_ladder_stays_open():
    assert status_after_ladder_step(assess(_facts())) == CaseStatus.OPEN


def test_contact_puts_the_case_on_the_caseworkers_desk():
    facts = _facts(attempts=(
        Attempt(Rung.HEARING_LETTER, AttemptOutcome.SENT, date(2025, 3, 4)),
        Attempt(Rung.CASE_FILE_CHECK, AttemptOutcome.CONTACT, date(2025, 3, 5)),
    ))
    assert status_after_ladder_step(assess(facts)) == CaseStatus.AWAITING_DECISION


def test_an_exempt_citizen_is_awaiting_decision_whatever_rungs_are_open():
    facts = _facts(exemptions=(Exemption(ExemptionReason.HOSPITALISED, date(2025, 3, 1),
                                         None),))
    assessment = assess(facts)
    assert assessment.current_rung is not None  # the ladder has open rungs ...
    assert status_after_ladder_step(assessment) == CaseStatus.AWAITING_DECISION  # ... no matter
