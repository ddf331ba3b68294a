from dataclasses import replace

from outreach_app.domain import (
    Attempt,
    DecisionOutcome,
    Rung,
    RungState,
    SkipReason,
    StepAction,
    TargetGroup,
    assess,
    validate_decision,
)

from ._factories import MENTOR, SKP, Outcome, codes, day, ladder_without_contact, letter, make_facts


def steps(assessment):
    return [(s.action.value, s.rung.value if s.rung else None) for s in assessment.next_steps]


def test_new_case_starts_with_the_hearing_letter_to_citizen_and_each_representative():
    assessment = assess(make_facts(representatives=("rep-1", "rep-2")))
    assert steps(assessment) == [("record_attempt", "hearing_letter")] * 3
    assert [s.recipient for s in assessment.next_steps] == [None, "rep-1", "rep-2"]
    assert assessment.next_steps[0].for_citizen
    assert assessment.current_rung == Rung.HEARING_LETTER


def test_hearing_letter_rung_stays_open_until_every_representative_got_it():
    facts = make_facts(representatives=("rep-1",), attempts=(letter(1),))
    assessment = assess(facts)
    assert steps(assessment) == [("record_attempt", "hearing_letter")]
    assert assessment.next_steps[0].recipient == "rep-1"
    assert "representative_not_heard" in codes(assessment.missing)


def test_ladder_climbs_file_check_phone_then_sms_in_order():
    attempts = [letter(1)]
    assert steps(assess(make_facts(attempts=tuple(attempts)))) == [
        ("record_attempt", "case_file_check")
    ]
    attempts.append(Attempt(Rung.CASE_FILE_CHECK, Outcome.NO_CONTACT, day(2)))
    assert steps(assess(make_facts(attempts=tuple(attempts)))) == [("record_attempt", "phone_call")]
    attempts.append(Attempt(Rung.PHONE_CALL, Outcome.NO_ANSWER, day(3)))
    assert steps(assess(make_facts(attempts=tuple(attempts)))) == [("record_attempt", "sms_prompt")]


def test_sms_rung_is_to_be_recorded_as_skipped_without_mobile():
    facts = make_facts(has_mobile=False, attempts=ladder_without_contact()[:3])
    (step,) = assess(facts).next_steps
    assert step.action == StepAction.RECORD_SKIP
    assert step.rung == Rung.SMS_PROMPT
    assert step.skip_reason == SkipReason.NO_MOBILE


def test_sms_rung_is_to_be_recorded_as_skipped_after_opt_out():
    facts = make_facts(sms_opt_out=True, attempts=ladder_without_contact()[:3])
    (step,) = assess(facts).next_steps
    assert (step.action, step.skip_reason) == (StepAction.RECORD_SKIP, SkipReason.SMS_OPT_OUT)


def test_skipped_sms_counts_as_done_and_is_shown_as_skipped():
    attempts = (*ladder_without_contact()[:3], Attempt(Rung.SMS_PROMPT, Outcome.SKIPPED, day(3)))
    assessment = assess(make_facts(has_mobile=False, attempts=attempts, partners=(MENTOR,)))
    assert assessment.rung(Rung.SMS_PROMPT).state == RungState.SKIPPED
    assert steps(assessment) == [("record_attempt", "partner_contact")]


def test_partner_rung_asks_for_each_partner_separately():
    facts = make_facts(
        partners=(MENTOR, SKP), attempts=ladder_without_contact(home_visit=False)[:4]
    )
    assessment = assess(facts)
    assert steps(assessment) == [("record_attempt", "partner_contact")] * 2
    assert [s.partner for s in assessment.next_steps] == [MENTOR.id, SKP.id]


def test_partner_not_contacted_is_listed_as_missing_by_id():
    attempts = ladder_without_contact(home_visit=False)[:5]  # only the mentor contacted
    assessment = assess(make_facts(partners=(MENTOR, SKP), attempts=attempts))
    assert {"code": "partner_not_contacted", "partner": SKP.id} in [
        i.as_dict() for i in assessment.missing
    ]
    assert [s.partner for s in assessment.next_steps] == [SKP.id]


def test_partner_rung_does_not_apply_when_the_citizen_has_no_partners():
    facts = make_facts(attempts=ladder_without_contact(partners=(), home_visit=False))
    assessment = assess(facts)
    assert assessment.rung(Rung.PARTNER_CONTACT).state == RungState.NOT_APPLICABLE
    assert steps(assessment) == [("record_attempt", "home_visit")]


def test_home_visit_required_when_no_partner_gave_contact_and_carries_its_deadline():
    facts = make_facts(partners=(MENTOR, SKP), attempts=ladder_without_contact(home_visit=False))
    assessment = assess(facts)
    (step,) = assessment.next_steps
    assert (step.action, step.rung) == (StepAction.RECORD_ATTEMPT, Rung.HOME_VISIT)
    assert step.due == assessment.deadlines.latest_home_visit_day
    assert not step.overdue


def test_home_visit_not_required_when_a_partner_gave_contact():
    attempts = (
        *ladder_without_contact(home_visit=False)[:4],
        Attempt(Rung.PARTNER_CONTACT, Outcome.CONTACT, day(5), partner=MENTOR.id),
    )
    assessment = assess(make_facts(partners=(MENTOR, SKP), attempts=attempts))
    assert assessment.contact_achieved
    assert steps(assessment) == [("decide", None)]
    assert Rung.HOME_VISIT not in [s.rung for s in assessment.next_steps]


def test_home_visit_step_is_overdue_after_the_latest_visit_day():
    facts = make_facts(partners=(MENTOR, SKP), attempts=ladder_without_contact(home_visit=False))
    late = replace(facts, today=assess(facts).deadlines.latest_home_visit_day + (day(1) - day(0)))
    assert assess(late).next_steps[0].overdue


def test_aborted_home_visit_leaves_the_rung_open():
    attempts = (
        *ladder_without_contact(home_visit=False),
        Attempt(Rung.HOME_VISIT, Outcome.ABORTED, day(12)),
    )
    assessment = assess(make_facts(partners=(MENTOR, SKP), attempts=attempts))
    assert assessment.rung(Rung.HOME_VISIT).state == RungState.OPEN
    assert steps(assessment) == [("record_attempt", "home_visit")]


def test_contact_by_phone_ends_the_search_and_leads_to_decision_with_contact():
    attempts = (
        letter(1),
        Attempt(Rung.CASE_FILE_CHECK, Outcome.NO_CONTACT, day(2)),
        Attempt(Rung.PHONE_CALL, Outcome.CONTACT, day(3)),
    )
    assessment = assess(make_facts(partners=(MENTOR,), attempts=attempts))
    assert assessment.contact_achieved
    assert (assessment.contact_on, assessment.contact_rung) == (day(3), Rung.PHONE_CALL)
    assert steps(assessment) == [("decide", None)]
    assert assessment.current_rung is None
    assert assessment.allowed_outcomes == (
        DecisionOutcome.NO_SANCTION,
        DecisionOutcome.SANCTION_WITH_CONTACT,
    )
    assert codes(assessment.missing) == ["contact_achieved"]


def test_reply_to_hearing_letter_is_contact():
    attempts = (letter(1), Attempt(Rung.HEARING_LETTER, Outcome.CONTACT, day(4)))
    assert assess(make_facts(attempts=attempts)).contact_achieved


def test_decision_on_existing_basis_refused_on_a_new_case_listing_every_open_rung():
    assessment = assess(make_facts(partners=(MENTOR,)))
    assert not assessment.existing_basis_allowed
    assert [i.as_dict() for i in assessment.missing] == [
        {"code": "rung_open", "rung": "hearing_letter"},
        {"code": "rung_open", "rung": "case_file_check"},
        {"code": "rung_open", "rung": "phone_call"},
        {"code": "rung_open", "rung": "sms_prompt"},
        {"code": "partner_not_contacted", "partner": MENTOR.id},
        {"code": "rung_open", "rung": "home_visit"},
    ]


def test_decision_on_existing_basis_refused_until_home_visit_done():
    facts = make_facts(partners=(MENTOR, SKP), attempts=ladder_without_contact(home_visit=False))
    assert [
        i.as_dict() for i in validate_decision(facts, DecisionOutcome.SANCTION_EXISTING_BASIS)
    ] == [{"code": "rung_open", "rung": "home_visit"}]
    done = replace(facts, attempts=ladder_without_contact())
    assert validate_decision(done, DecisionOutcome.SANCTION_EXISTING_BASIS) == ()


def test_decision_on_existing_basis_refused_until_hearing_deadline_passed():
    facts = make_facts(
        partners=(MENTOR, SKP),
        attempts=(letter(1, reply_days=20), *ladder_without_contact()[1:]),
        today=day(15),
    )
    assessment = assess(facts)
    assert [i.as_dict() for i in assessment.missing] == [
        {"code": "hearing_deadline_not_passed", "date": day(21).isoformat()}
    ]
    assert steps(assessment) == [("wait_for_hearing_deadline", None)]
    assert assessment.next_steps[0].due == day(21)
    on_deadline = replace(facts, today=day(21))
    assert not assess(on_deadline).existing_basis_allowed
    after = replace(facts, today=day(22))
    assert assess(after).existing_basis_allowed


def test_decision_on_existing_basis_allowed_when_all_means_are_exhausted():
    facts = make_facts(partners=(MENTOR, SKP), attempts=ladder_without_contact())
    assessment = assess(facts)
    assert assessment.existing_basis_allowed
    assert assessment.missing == ()
    assert steps(assessment) == [("decide", None)]
    assert DecisionOutcome.SANCTION_EXISTING_BASIS in assessment.allowed_outcomes
    assert DecisionOutcome.SANCTION_WITH_CONTACT not in assessment.allowed_outcomes
    assert assessment.next_steps[0].due == assessment.deadlines.latest_decision_day


def test_decision_with_contact_refused_without_contact():
    facts = make_facts(partners=(MENTOR, SKP), attempts=ladder_without_contact())
    assert codes(validate_decision(facts, DecisionOutcome.SANCTION_WITH_CONTACT)) == [
        "no_contact_achieved"
    ]


def test_decision_on_existing_basis_refused_after_contact():
    attempts = (letter(1), Attempt(Rung.CASE_FILE_CHECK, Outcome.CONTACT, day(2)))
    facts = make_facts(attempts=attempts)
    assert codes(validate_decision(facts, DecisionOutcome.SANCTION_EXISTING_BASIS)) == [
        "contact_achieved"
    ]
    assert validate_decision(facts, DecisionOutcome.SANCTION_WITH_CONTACT) == ()


def test_no_sanction_decision_is_always_allowed():
    assert validate_decision(make_facts(), DecisionOutcome.NO_SANCTION) == ()


def test_jobparat_needs_only_hearing_letter_and_deadline_before_existing_basis():
    facts = make_facts(target_group=TargetGroup.JOBPARAT, partners=(MENTOR,), attempts=(letter(1),))
    assessment = assess(facts)
    assert assessment.existing_basis_allowed
    assert assessment.rung(Rung.HOME_VISIT).state == RungState.NOT_REQUIRED
    assert assessment.rung(Rung.PARTNER_CONTACT).state == RungState.NOT_REQUIRED


def test_ressourceforloeb_needs_the_whole_ladder_like_aktivitetsparate():
    facts = make_facts(target_group=TargetGroup.RESSOURCEFORLOEB, attempts=(letter(1),))
    assert "rung_open" in codes(assess(facts).missing)


def test_assessment_names_its_rule_set_and_legal_basis():
    assessment = assess(make_facts())
    assert assessment.rule_set_key == "dk-2020"
    assert assessment.legal_basis_keys == ("las_37",)


def test_decision_step_is_overdue_after_the_latest_decision_day():
    facts = make_facts(partners=(MENTOR, SKP), attempts=ladder_without_contact())
    late = replace(facts, today=assess(facts).deadlines.latest_decision_day + (day(1) - day(0)))
    assert assess(late).next_steps[0].overdue
