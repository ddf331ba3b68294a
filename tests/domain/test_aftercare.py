from datetime import date

from outreach_app.domain import (
    DecisionOutcome,
    ProgressionFactor,
    appeal_deadline,
    complaint_reassessment_deadline,
    validate_appeal,
    validate_reassessment,
)

from ._factories import codes

DECIDED = date(2024, 3, 25)


def test_appeal_deadline_is_four_weeks_after_the_decision_was_received():
    assert appeal_deadline(date(2024, 3, 26)) == date(2024, 4, 23)


def test_municipality_reassesses_a_complaint_within_four_weeks():
    assert complaint_reassessment_deadline(date(2024, 4, 2)) == date(2024, 4, 30)


def test_sanction_can_be_reassessed_on_new_information_on_payment_day():
    assert (
        validate_reassessment(
            DecisionOutcome.SANCTION_EXISTING_BASIS, DECIDED, date(2024, 3, 28), date(2024, 4, 1)
        )
        == ()
    )


def test_no_sanction_decision_cannot_be_reassessed():
    issues = validate_reassessment(DecisionOutcome.NO_SANCTION, DECIDED, DECIDED, DECIDED)
    assert codes(issues) == ["nothing_to_reassess"]


def test_reassessment_before_the_decision_or_in_the_future_is_refused():
    today = date(2024, 4, 1)
    before = validate_reassessment(
        DecisionOutcome.SANCTION_WITH_CONTACT, DECIDED, date(2024, 3, 20), today
    )
    future = validate_reassessment(
        DecisionOutcome.SANCTION_WITH_CONTACT, DECIDED, date(2024, 4, 2), today
    )
    assert codes(before) == ["before_decision"]
    assert codes(future) == ["date_in_future"]


def test_appeal_outcome_before_the_decision_is_refused():
    assert codes(validate_appeal(DECIDED, date(2024, 3, 1), date(2024, 6, 1))) == [
        "before_decision"
    ]
    assert validate_appeal(DECIDED, date(2024, 5, 1), date(2024, 6, 1)) == ()


def test_progression_factors_from_the_seed_are_available():
    assert {f.value for f in ProgressionFactor} >= {
        "treatment_start",
        "own_housing",
        "relapse",
        "divorce",
        "medication_change",
    }


def test_appeal_outcome_before_the_complaint_was_received_is_refused():
    received = date(2024, 4, 20)
    issues = validate_appeal(DECIDED, date(2024, 4, 10), date(2024, 6, 1),
                             complaint_received_on=received)
    assert [i.as_dict() for i in issues] == [
        {"code": "before_complaint", "date": "2024-04-10", "received_on": "2024-04-20"}
    ]
    assert validate_appeal(DECIDED, received, date(2024, 6, 1),
                           complaint_received_on=received) == ()
