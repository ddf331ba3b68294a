"""Late arrival and partial absence are kinds of no-show where the rule set allows them."""

from dataclasses import replace
from datetime import date

from outreach_app.domain import (
    RULES_2020,
    LetterChannel,
    NoShowKind,
    TargetGroup,
    assess,
    decision_received_on,
    sanction_exclusions,
    validate_no_show,
    validate_received_on,
)

from ._factories import codes, make_facts

STRICT = replace(RULES_2020, key="strict", no_show_kinds=frozenset({NoShowKind.INTERVIEW,
                                                                    NoShowKind.OFFER}))


def test_shipped_rule_set_allows_late_arrival_and_partial_absence_under_las_36():
    for kind in (NoShowKind.LATE_ARRIVAL, NoShowKind.PARTIAL_ABSENCE):
        assert validate_no_show(date(2024, 3, 4), date(2024, 3, 5), [RULES_2020], kind=kind) == ()
        assert assess(make_facts(no_show_kind=kind)).legal_basis_keys == ("las_36",)
    ressource = make_facts(no_show_kind=NoShowKind.LATE_ARRIVAL,
                           target_group=TargetGroup.RESSOURCEFORLOEB)
    assert assess(ressource).legal_basis_keys == ("las_69b", "las_36")


def test_a_late_arrival_is_refused_where_the_rule_set_does_not_allow_it():
    issues = validate_no_show(date(2024, 3, 4), date(2024, 3, 5), [STRICT],
                              kind=NoShowKind.LATE_ARRIVAL)
    assert codes(issues) == ["no_show_kind_not_in_rule_set"]
    facts = make_facts(rule_set=STRICT, no_show_kind=NoShowKind.PARTIAL_ABSENCE)
    assert codes(sanction_exclusions(facts)) == ["no_show_kind_not_allowed"]


def test_a_digital_post_decision_counts_as_received_the_day_it_is_sent():
    assert decision_received_on(date(2024, 3, 25), LetterChannel.DIGITAL_POST, 6) == date(
        2024, 3, 25)


def test_a_paper_decision_counts_as_received_after_the_delivery_weekdays():
    # Monday 25 March 2024 + 6 weekdays = Tuesday 2 April 2024.
    assert decision_received_on(date(2024, 3, 25), LetterChannel.PAPER, 6) == date(2024, 4, 2)
    # Friday + 1 weekday = Monday.
    assert decision_received_on(date(2024, 3, 22), LetterChannel.PAPER, 1) == date(2024, 3, 25)


def test_a_received_date_before_the_letter_was_sent_is_refused():
    assert codes(validate_received_on(date(2024, 3, 25), date(2024, 3, 24))) == [
        "received_before_sent"
    ]
    assert validate_received_on(date(2024, 3, 25), date(2024, 3, 25)) == ()
