from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outreach_app.domain import RULES_2020, LetterChannel, compute_deadlines, last_deduction_day
from outreach_app.domain.deadlines import add_months, end_of_month

from ._factories import NO_SHOW, day, letter, make_facts


@pytest.mark.parametrize(
    ("no_show", "last_day"),
    [
        (date(2024, 1, 15), date(2024, 4, 30)),  # whole months Feb, Mar, Apr
        (date(2024, 1, 1), date(2024, 4, 30)),  # January itself is never a whole month "after"
        (date(2024, 1, 31), date(2024, 4, 30)),
        (date(2023, 11, 30), date(2024, 2, 29)),  # leap year February
        (date(2022, 11, 30), date(2023, 2, 28)),
        (date(2024, 10, 3), date(2025, 1, 31)),  # crosses the year
        (date(2024, 12, 31), date(2025, 3, 31)),
    ],
)
def test_deduction_deadline_is_end_of_third_whole_calendar_month_after_no_show(no_show, last_day):
    assert last_deduction_day(no_show) == last_day


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_deduction_window_holds_exactly_three_whole_months_after_the_no_show_month(no_show):
    last = last_deduction_day(no_show)
    assert last == end_of_month(last)
    months_after = (last.year - no_show.year) * 12 + last.month - no_show.month
    assert months_after == 3
    assert last > no_show + timedelta(days=88)


def test_add_months_clamps_to_the_end_of_a_short_month():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)
    assert add_months(date(2024, 12, 15), 1) == date(2025, 1, 15)


def test_hearing_reply_deadline_is_letter_date_plus_rule_set_reply_days():
    facts = make_facts(attempts=(letter(1),))
    assert compute_deadlines(facts).hearing_reply_deadline == day(1 + RULES_2020.hearing_reply_days)


def test_hearing_reply_deadline_uses_the_letters_own_reply_days():
    facts = make_facts(attempts=(letter(1, reply_days=14),))
    assert compute_deadlines(facts).hearing_reply_deadline == day(15)


def test_paper_letter_gets_the_paper_post_allowance_on_its_deadline():
    facts = make_facts(attempts=(letter(1, channel=LetterChannel.PAPER, reply_days=10),))
    expected = day(11 + RULES_2020.paper_letter_extra_days)
    assert compute_deadlines(facts).hearing_reply_deadline == expected


def test_hearing_deadline_is_the_latest_of_all_letters_incl_representatives():
    facts = make_facts(
        representatives=("rep-1",),
        attempts=(letter(1, reply_days=7), letter(4, recipient="rep-1", reply_days=7)),
    )
    assert compute_deadlines(facts).hearing_reply_deadline == day(11)


def test_no_hearing_deadline_before_a_letter_is_sent():
    assert compute_deadlines(make_facts()).hearing_reply_deadline is None


def test_latest_decision_and_home_visit_days_are_planned_back_from_the_deduction_deadline():
    facts = make_facts()
    d = compute_deadlines(facts)
    assert d.last_deduction_day == date(2024, 6, 30)
    assert d.latest_decision_day == d.last_deduction_day - timedelta(
        days=RULES_2020.decision_lead_days
    )
    assert d.latest_home_visit_day == d.latest_decision_day - timedelta(
        days=RULES_2020.visit_lead_days
    )
    assert NO_SHOW < d.latest_home_visit_day < d.latest_decision_day < d.last_deduction_day


def test_deduction_months_come_from_the_rule_set():
    facts = make_facts(rule_set=replace(RULES_2020, deduction_deadline_months=2))
    assert compute_deadlines(facts).last_deduction_day == date(2024, 5, 31)
