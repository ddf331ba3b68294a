from datetime import date

import pytest

from outreach_app.domain import (
    REASONABLE_CAUSES,
    SHIPPED_RULE_SETS,
    AbsenceReason,
    Attempt,
    AttemptOutcome,
    DecisionContent,
    DecisionOutcome,
    IllnessReport,
    LetterChannel,
    MeetingChannel,
    Refused,
    Rung,
    TargetGroup,
    VisitOutcome,
    attempt_outcome_for_visit,
    ensure_attempt_valid,
    ensure_decision_valid,
    validate_attempt,
    validate_decision,
    validate_no_show,
)

from ._factories import MENTOR, SKP, Outcome, codes, day, ladder_without_contact, letter, make_facts


def test_attempt_dated_before_the_no_show_is_refused():
    issues = validate_attempt(make_facts(), letter(-1))
    assert [i.as_dict() for i in issues] == [
        {
            "code": "attempt_before_no_show",
            "date": day(-1).isoformat(),
            "no_show_date": day(0).isoformat(),
        }
    ]


def test_attempt_dated_in_the_future_is_refused():
    assert codes(validate_attempt(make_facts(today=day(5)), letter(6))) == ["attempt_in_future"]


def test_attempt_on_the_no_show_day_and_today_is_accepted():
    assert validate_attempt(make_facts(today=day(0)), letter(0)) == ()


def test_phone_call_before_hearing_letter_is_refused_as_out_of_order():
    issues = validate_attempt(make_facts(), Attempt(Rung.PHONE_CALL, Outcome.NO_ANSWER, day(2)))
    assert [i.as_dict() for i in issues] == [
        {"code": "rung_out_of_order", "rung": "phone_call", "missing_rung": "hearing_letter"},
        {"code": "rung_out_of_order", "rung": "phone_call", "missing_rung": "case_file_check"},
    ]


def test_home_visit_before_every_partner_was_contacted_is_refused():
    facts = make_facts(
        partners=(MENTOR, SKP), attempts=ladder_without_contact(home_visit=False)[:5]
    )
    issues = validate_attempt(facts, Attempt(Rung.HOME_VISIT, Outcome.NO_CONTACT, day(12)))
    assert [i.as_dict() for i in issues] == [
        {"code": "rung_out_of_order", "rung": "home_visit", "missing_rung": "partner_contact"}
    ]


def test_rung_dated_before_the_previous_rung_was_done_is_refused():
    facts = make_facts(attempts=(letter(5),))
    issues = validate_attempt(facts, Attempt(Rung.CASE_FILE_CHECK, Outcome.NO_CONTACT, day(3)))
    assert [i.as_dict() for i in issues] == [
        {
            "code": "attempt_before_previous_rung",
            "rung": "case_file_check",
            "previous_rung": "hearing_letter",
            "date": day(5).isoformat(),
        }
    ]


def test_a_second_attempt_on_a_started_rung_is_in_order():
    facts = make_facts(partners=(MENTOR, SKP), attempts=ladder_without_contact())
    assert validate_attempt(facts, Attempt(Rung.PHONE_CALL, Outcome.NO_ANSWER, day(20))) == ()


def test_rungs_not_required_for_the_target_group_may_be_recorded_in_any_order():
    facts = make_facts(target_group=TargetGroup.JOBPARAT)
    assert validate_attempt(facts, Attempt(Rung.PHONE_CALL, Outcome.NO_ANSWER, day(1))) == ()


def test_attempt_after_contact_is_refused_because_the_search_has_ended():
    facts = make_facts(attempts=(letter(1), Attempt(Rung.CASE_FILE_CHECK, Outcome.CONTACT, day(2))))
    issues = validate_attempt(facts, Attempt(Rung.PHONE_CALL, Outcome.NO_ANSWER, day(3)))
    assert codes(issues) == ["search_ended"]


@pytest.mark.parametrize(
    ("rung", "outcome"),
    [
        (Rung.PHONE_CALL, AttemptOutcome.SENT),
        (Rung.HEARING_LETTER, AttemptOutcome.NO_ANSWER),
        (Rung.HOME_VISIT, AttemptOutcome.SKIPPED),
        (Rung.CASE_FILE_CHECK, AttemptOutcome.MESSAGE_LEFT),
    ],
)
def test_outcome_that_makes_no_sense_on_the_rung_is_refused(rung, outcome):
    facts = make_facts(target_group=TargetGroup.JOBPARAT)
    assert "outcome_not_allowed" in codes(validate_attempt(facts, Attempt(rung, outcome, day(1))))


def test_partner_contact_without_a_partner_is_refused():
    facts = make_facts(partners=(MENTOR,), attempts=ladder_without_contact(partners=())[:4])
    attempt = Attempt(Rung.PARTNER_CONTACT, Outcome.NO_ANSWER, day(5))
    assert codes(validate_attempt(facts, attempt)) == ["partner_missing"]


def test_partner_contact_with_an_unknown_partner_is_refused():
    facts = make_facts(partners=(MENTOR,), attempts=ladder_without_contact(partners=())[:4])
    attempt = Attempt(Rung.PARTNER_CONTACT, Outcome.NO_ANSWER, day(5), partner="stranger")
    assert [i.as_dict() for i in validate_attempt(facts, attempt)] == [
        {"code": "partner_unknown", "partner": "stranger"}
    ]


def test_hearing_letter_to_an_unknown_representative_is_refused():
    assert codes(validate_attempt(make_facts(), letter(1, recipient="rep-x"))) == [
        "recipient_unknown"
    ]


def test_hearing_letter_without_channel_is_refused():
    assert codes(validate_attempt(make_facts(), letter(1, channel=None))) == [
        "letter_channel_missing"
    ]


def test_hearing_letter_by_digital_post_refused_for_citizen_exempt_from_digital_post():
    facts = make_facts(digital_post_exempt=True)
    assert codes(validate_attempt(facts, letter(1))) == ["digital_post_exempt"]
    assert validate_attempt(facts, letter(1, channel=LetterChannel.PAPER)) == ()


def test_hearing_letter_with_reply_days_below_one_is_refused():
    assert codes(validate_attempt(make_facts(), letter(1, reply_days=0))) == ["reply_days_invalid"]


def test_reply_to_a_hearing_letter_never_sent_is_refused():
    attempt = Attempt(Rung.HEARING_LETTER, Outcome.CONTACT, day(1))
    assert codes(validate_attempt(make_facts(), attempt)) == ["reply_before_sending"]


def _before_sms(**kw):
    return make_facts(attempts=ladder_without_contact()[:3], **kw)


def test_sms_to_citizen_without_mobile_is_refused():
    attempt = Attempt(Rung.SMS_PROMPT, Outcome.SENT, day(4))
    assert codes(validate_attempt(_before_sms(has_mobile=False), attempt)) == ["sms_no_mobile"]


def test_sms_to_citizen_who_opted_out_is_refused():
    attempt = Attempt(Rung.SMS_PROMPT, Outcome.SENT, day(4))
    assert codes(validate_attempt(_before_sms(sms_opt_out=True), attempt)) == ["sms_opted_out"]


def test_sms_skipped_although_it_could_be_sent_is_refused():
    attempt = Attempt(Rung.SMS_PROMPT, Outcome.SKIPPED, day(4))
    assert codes(validate_attempt(_before_sms(), attempt)) == ["sms_skip_not_allowed"]
    assert validate_attempt(_before_sms(has_mobile=False), attempt) == ()


def test_every_reason_is_reported_at_once():
    facts = make_facts(today=day(5), digital_post_exempt=True)
    issues = validate_attempt(facts, letter(9, recipient="rep-x", reply_days=0))
    assert set(codes(issues)) == {"attempt_in_future", "recipient_unknown", "reply_days_invalid"}


def test_ensure_attempt_valid_raises_refused_with_all_issues():
    with pytest.raises(Refused) as error:
        ensure_attempt_valid(make_facts(), Attempt(Rung.HOME_VISIT, Outcome.NO_CONTACT, day(-2)))
    assert "attempt_before_no_show" in codes(error.value.issues)
    assert "rung_out_of_order" in codes(error.value.issues)


def test_ensure_decision_valid_raises_refused_for_a_forbidden_decision():
    with pytest.raises(Refused) as error:
        ensure_decision_valid(make_facts(), DecisionOutcome.SANCTION_EXISTING_BASIS)
    assert "rung_open" in codes(error.value.issues)
    ensure_decision_valid(make_facts(), DecisionOutcome.NO_SANCTION)


@pytest.mark.parametrize(
    ("visit", "attempt"),
    [
        (VisitOutcome.MET, AttemptOutcome.CONTACT),
        (VisitOutcome.REFUSED, AttemptOutcome.CONTACT),
        (VisitOutcome.NOT_AT_HOME, AttemptOutcome.NO_CONTACT),
        (VisitOutcome.MOVED, AttemptOutcome.NO_CONTACT),
        (VisitOutcome.OTHER, AttemptOutcome.NO_CONTACT),
        (VisitOutcome.ABORTED_SAFETY, AttemptOutcome.ABORTED),
    ],
)
def test_home_visit_outcome_maps_to_a_ladder_outcome(visit, attempt):
    assert attempt_outcome_for_visit(visit) == attempt


def test_no_show_in_the_future_cannot_be_registered():
    assert codes(validate_no_show(day(2), day(1), SHIPPED_RULE_SETS)) == ["no_show_in_future"]
    assert validate_no_show(day(1), day(1), SHIPPED_RULE_SETS) == ()


def test_no_show_on_a_date_without_rule_set_cannot_be_registered():
    issues = validate_no_show(date(2019, 6, 1), date(2024, 1, 1), SHIPPED_RULE_SETS)
    assert codes(issues) == ["no_rule_set"]


def test_contact_can_be_recorded_at_any_time_even_before_its_rung_is_reached():
    facts = make_facts(attempts=(letter(1),))
    walked_in = Attempt(Rung.CASE_FILE_CHECK, Outcome.CONTACT, day(1))
    met_at_home = Attempt(Rung.HOME_VISIT, Outcome.CONTACT, day(2))
    assert validate_attempt(make_facts(), walked_in) == ()
    assert validate_attempt(facts, met_at_home) == ()


def _contact_facts():
    return make_facts(attempts=(letter(1), Attempt(Rung.PHONE_CALL, Outcome.CONTACT, day(2))))


def _existing_basis_facts():
    return make_facts(partners=(MENTOR, SKP), attempts=ladder_without_contact())


def test_reasonable_causes_are_every_reason_but_none_and_unknown():
    assert set(AbsenceReason) - REASONABLE_CAUSES == {AbsenceReason.NONE, AbsenceReason.UNKNOWN}


def content(reason, **kw) -> DecisionContent:
    """A complete sanction assessment for an aktivitetsparat citizen, changed by ``kw``."""
    base = {
        "absence_reason": reason,
        "reasoning": "Begrundelse.",
        "meeting_channel": MeetingChannel.PHONE,
        "closer_to_work": True,
        "closer_to_work_reasons": "Sanktionen skaber mødestabilitet.",
    }
    if reason == AbsenceReason.ILLNESS:
        base["illness_report"] = IllnessReport.REPORTED
    return DecisionContent(**{**base, **kw})


@pytest.mark.parametrize("reason", sorted(REASONABLE_CAUSES))
@pytest.mark.parametrize(
    ("facts", "outcome"),
    [
        (_contact_facts, DecisionOutcome.SANCTION_WITH_CONTACT),
        (_existing_basis_facts, DecisionOutcome.SANCTION_EXISTING_BASIS),
    ],
)
def test_a_sanction_is_refused_when_the_absence_had_a_reasonable_cause(facts, outcome, reason):
    issues = validate_decision(facts(), outcome, content(reason))
    assert [i.as_dict() for i in issues] == [
        {"code": "reasonable_cause_found", "absence_reason": reason.value}
    ]
    assert validate_decision(facts(), DecisionOutcome.NO_SANCTION, absence_reason=reason) == ()


def test_unknown_reason_fits_only_the_existing_basis_and_none_fits_both():
    with_contact = DecisionOutcome.SANCTION_WITH_CONTACT
    existing = DecisionOutcome.SANCTION_EXISTING_BASIS
    assert codes(
        validate_decision(_contact_facts(), with_contact, content(AbsenceReason.UNKNOWN))
    ) == ["absence_reason_not_assessed"]
    assert validate_decision(_contact_facts(), with_contact, content(AbsenceReason.NONE)) == ()
    for reason in (AbsenceReason.UNKNOWN, AbsenceReason.NONE):
        assert validate_decision(
            _existing_basis_facts(), existing, content(reason, meeting_channel=None)
        ) == ()


def test_a_sanction_needs_reasons_and_after_contact_the_meeting_channel():
    assert codes(
        validate_decision(_contact_facts(), DecisionOutcome.SANCTION_WITH_CONTACT,
                          content(AbsenceReason.NONE, reasoning="  ", meeting_channel=None))
    ) == ["reasoning_missing", "meeting_channel_missing"]
    assert codes(
        validate_decision(_existing_basis_facts(), DecisionOutcome.SANCTION_EXISTING_BASIS,
                          content(AbsenceReason.UNKNOWN, reasoning="", meeting_channel=None))
    ) == ["reasoning_missing"]
    assert validate_decision(_contact_facts(), DecisionOutcome.NO_SANCTION,
                             absence_reason=AbsenceReason.NONE) == ()
