"""LAS § 37: the deduction runs from the missed day until contact is re-established, and the
missed day always counts; LAS § 36: the days of absence (domain.md §3)."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from outreach_app.domain import (
    Attempt,
    AttemptOutcome,
    DeductionInput,
    NoShowKind,
    Rung,
    compute_deduction,
    validate_deduction,
)

from ._factories import NO_SHOW, codes, day, make_facts


def test_interview_deduction_runs_until_the_day_before_contact_is_reestablished():
    period = compute_deduction(make_facts(), DeductionInput(contact_reestablished_on=day(3)),
                               day(30))
    assert (period.first_day, period.last_day, period.days) == (NO_SHOW, day(2), 3)


def test_the_missed_day_counts_even_when_contact_is_made_the_same_day():
    period = compute_deduction(make_facts(), DeductionInput(contact_reestablished_on=NO_SHOW),
                               day(30))
    assert (period.first_day, period.last_day, period.days) == (NO_SHOW, NO_SHOW, 1)


def test_contact_the_next_day_deducts_only_the_missed_day():
    period = compute_deduction(make_facts(), DeductionInput(contact_reestablished_on=day(1)),
                               day(30))
    assert period.days == 1


def test_without_contact_the_period_is_open_and_counted_to_the_decision_day():
    period = compute_deduction(make_facts(), DeductionInput(daily_rate=Decimal("400")), day(9))
    assert period.open and period.last_day is None
    assert period.days == 10 and period.amount == Decimal("4000.00")


def test_the_ladder_contact_date_is_used_when_no_other_contact_date_is_recorded():
    facts = make_facts(attempts=(Attempt(Rung.PHONE_CALL, AttemptOutcome.CONTACT, day(5)),))
    period = compute_deduction(facts, DeductionInput(), day(30))
    assert (period.last_day, period.days) == (day(4), 5)


def test_amount_is_days_times_the_daily_rate():
    period = compute_deduction(
        make_facts(),
        DeductionInput(contact_reestablished_on=day(4), daily_rate=Decimal("312.45")),
        day(30),
    )
    assert period.days == 4 and period.amount == Decimal("1249.80")


def test_offer_deduction_covers_the_recorded_days_of_absence():
    facts = make_facts(no_show_kind=NoShowKind.OFFER)
    period = compute_deduction(facts, DeductionInput(starts_on=NO_SHOW, ends_on=day(2)), day(30))
    assert (period.first_day, period.last_day, period.days) == (NO_SHOW, day(2), 3)
    single = compute_deduction(facts, DeductionInput(), day(30))
    assert (single.first_day, single.last_day, single.days) == (NO_SHOW, NO_SHOW, 1)


def test_a_deduction_period_starting_before_the_no_show_is_refused():
    for kind in NoShowKind:
        facts = make_facts(no_show_kind=kind)
        issues = validate_deduction(facts, DeductionInput(starts_on=day(-1)))
        assert [i.as_dict() for i in issues] == [
            {"code": "deduction_before_no_show", "date": day(-1).isoformat(),
             "no_show_date": NO_SHOW.isoformat()}
        ]


def test_an_interview_deduction_must_include_the_missed_day():
    assert codes(validate_deduction(make_facts(), DeductionInput(starts_on=day(1)))) == [
        "deduction_missed_day_excluded"
    ]


def test_an_end_before_the_start_and_contact_before_the_no_show_or_in_the_future_are_refused():
    offer = make_facts(no_show_kind=NoShowKind.OFFER)
    assert codes(validate_deduction(offer, DeductionInput(starts_on=day(2), ends_on=day(1)))) == [
        "deduction_end_before_start"
    ]
    facts = make_facts()
    assert codes(validate_deduction(facts, DeductionInput(contact_reestablished_on=day(-2)))) == [
        "contact_before_no_show"
    ]
    future = replace(facts, today=day(3))
    assert codes(validate_deduction(future, DeductionInput(contact_reestablished_on=day(4)))) == [
        "contact_in_future"
    ]
    assert codes(validate_deduction(facts, DeductionInput(daily_rate=Decimal("-1")))) == [
        "daily_rate_invalid"
    ]


def test_a_reassessment_with_later_contact_closes_an_open_period():
    facts = make_facts()
    open_period = compute_deduction(facts, DeductionInput(), date(2024, 3, 20))
    closed = compute_deduction(facts, DeductionInput(contact_reestablished_on=date(2024, 3, 31)),
                               date(2024, 4, 2))
    assert open_period.open and not closed.open
    assert closed.days == 27  # 4-30 March
