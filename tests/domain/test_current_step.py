"""The stored step moves with the calendar: a case waiting for its hearing deadline stands at
the decision from the day after the deadline, and any active case once the last deduction
day has passed (no sanction is possible then), due by the decision's day: read from what
was stored, never rewritten, exactly what a fresh assessment says on that day."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from outreach_app.domain import (
    CaseStatus,
    CaseStep,
    TargetGroup,
    assess,
    current_step,
    step_on,
)

from ._factories import day, ladder_without_contact, letter, make_facts


def _waiting(reply_days: int):
    """A jobparat case: only the hearing letter is required, sent on day 1."""
    return make_facts(target_group=TargetGroup.JOBPARAT, today=day(2),
                      attempts=(letter(1, reply_days=reply_days),))


def test_a_wait_is_due_the_day_after_the_hearing_deadline():
    facts = _waiting(7)
    assessment = assess(facts)
    stored = current_step(CaseStatus.OPEN, assessment)
    assert stored.step == CaseStep.WAIT
    assert stored.due_on == assessment.deadlines.hearing_reply_deadline + timedelta(days=1)


@given(reply_days=st.integers(min_value=1, max_value=21),
       later=st.integers(min_value=0, max_value=40))
def test_the_stored_wait_read_on_a_later_day_is_what_the_domain_says_that_day(reply_days, later):
    facts = _waiting(reply_days)
    stored = current_step(CaseStatus.OPEN, assess(facts))
    on = facts.today + timedelta(days=later)
    fresh = current_step(CaseStatus.OPEN, assess(replace(facts, today=on)))
    assert step_on(stored, on) == fresh


@given(stored_on=st.integers(min_value=1, max_value=60),
       later=st.integers(min_value=0, max_value=120), climbed=st.integers(0, 7))
def test_a_stored_rung_read_after_the_last_deduction_day_is_the_decision(stored_on, later,
                                                                         climbed):
    """The ladder stopped at some rung; the days pass until no deduction may be made."""
    attempts = ladder_without_contact()[:climbed]
    facts = make_facts(today=day(stored_on), attempts=attempts)
    stored = current_step(CaseStatus.OPEN, assess(facts))
    on = facts.today + timedelta(days=later)
    fresh = current_step(CaseStatus.OPEN, assess(replace(facts, today=on)))
    assert step_on(stored, on) == fresh
    if on > stored.deadline_on:
        assert fresh.step == CaseStep.DECIDE
