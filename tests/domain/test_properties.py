"""Property tests for the ladder's invariants, over many generated cases."""

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_app.domain import (
    ALLOWED_OUTCOMES,
    RULES_2020,
    Attempt,
    AttemptOutcome,
    CaseFacts,
    DecisionOutcome,
    Exemption,
    ExemptionReason,
    GuidanceChannel,
    LetterChannel,
    NoShowKind,
    Partner,
    PartnerKind,
    Rung,
    StepAction,
    SuspensionPeriod,
    TargetGroup,
    assess,
    validate_attempt,
    validate_decision,
)

NO_SHOW_DATES = st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 9, 30))
LADDER_GAPS = {"rung_open", "partner_not_contacted", "representative_not_heard"}


@st.composite
def case_facts(draw, *, with_contact: bool | None = None) -> CaseFacts:
    """Arbitrary (not necessarily consistent) case facts under the 2020 rules."""
    no_show = draw(NO_SHOW_DATES)
    partner_ids = draw(st.lists(st.sampled_from(["a", "b", "c"]), unique=True, max_size=3))
    reps = draw(st.lists(st.sampled_from(["r1", "r2"]), unique=True, max_size=2))

    def attempt(rung: Rung) -> st.SearchStrategy[Attempt]:
        outcomes = sorted(ALLOWED_OUTCOMES[rung] - {AttemptOutcome.CONTACT})
        if with_contact is None:
            outcomes = sorted(ALLOWED_OUTCOMES[rung])
        return st.builds(
            Attempt,
            rung=st.just(rung),
            outcome=st.sampled_from(outcomes),
            on=st.integers(0, 60).map(lambda n: no_show + timedelta(days=n)),
            partner=st.sampled_from(partner_ids) if partner_ids else st.none(),
            recipient=st.sampled_from([None, *reps]),
            channel=st.sampled_from(list(LetterChannel)),
            reply_days=st.one_of(st.none(), st.integers(1, 21)),
        )

    attempts = draw(st.lists(st.sampled_from(list(Rung)).flatmap(attempt), max_size=12).map(tuple))
    if with_contact:
        rung = draw(st.sampled_from(list(Rung)))
        attempts += (
            Attempt(
                rung, AttemptOutcome.CONTACT, no_show + timedelta(days=draw(st.integers(0, 60)))
            ),
        )
    periods = draw(
        st.lists(
            st.builds(
                lambda start, length, voluntary: SuspensionPeriod(
                    "period", start, start + timedelta(days=length), voluntary
                ),
                NO_SHOW_DATES,
                st.integers(0, 90),
                st.booleans(),
            ),
            max_size=2,
        ).map(tuple)
    )
    return CaseFacts(
        target_group=draw(st.sampled_from(list(TargetGroup))),
        no_show_date=no_show,
        no_show_kind=draw(st.sampled_from(list(NoShowKind))),
        rule_set=RULES_2020,
        today=no_show + timedelta(days=draw(st.integers(0, 130))),
        las35_guidance_given=draw(
            st.one_of(st.none(), st.integers(-200, 5).map(lambda n: no_show + timedelta(days=n)))
        ),
        las35_guidance_channel=draw(st.one_of(st.none(), st.sampled_from(list(GuidanceChannel)))),
        las35_guidance_wording=draw(st.sampled_from(["", "Vejledning om rådighed"])),
        attempts=attempts,
        partners=tuple(Partner(p, PartnerKind.MENTOR) for p in partner_ids),
        representatives=tuple(reps),
        digital_post_exempt=draw(st.booleans()),
        has_mobile=draw(st.booleans()),
        sms_opt_out=draw(st.booleans()),
        exemptions=draw(
            st.lists(
                st.builds(
                    Exemption,
                    st.sampled_from(list(ExemptionReason)),
                    st.just(no_show - timedelta(days=400)),
                    st.one_of(st.none(), st.just(no_show - timedelta(days=1))),
                ),
                max_size=1,
            ).map(tuple)
        ),
        suspension_periods=periods,
    )


@settings(max_examples=100, deadline=None)
@given(case_facts(with_contact=True), st.sampled_from(list(Rung)), st.integers(0, 30))
def test_contact_achieved_ends_the_search(facts, rung, later):
    assessment = assess(facts)
    assert assessment.contact_achieved
    assert [s.action for s in assessment.next_steps] == [StepAction.DECIDE]
    assert not assessment.existing_basis_allowed
    assert DecisionOutcome.SANCTION_EXISTING_BASIS not in assessment.allowed_outcomes
    assert validate_decision(facts, DecisionOutcome.SANCTION_EXISTING_BASIS)
    on = assessment.contact_on + timedelta(days=later)
    new = Attempt(rung, sorted(ALLOWED_OUTCOMES[rung])[0], on)
    assert "search_ended" in [i.code.value for i in validate_attempt(facts, new)]


@settings(max_examples=100, deadline=None)
@given(case_facts(with_contact=None))
def test_no_decision_on_existing_basis_while_a_required_rung_is_open(facts):
    assessment = assess(facts)
    open_required = [s for s in assessment.rungs if s.required and not s.closed]
    refusal = validate_decision(facts, DecisionOutcome.SANCTION_EXISTING_BASIS)
    if open_required and not assessment.contact_achieved:
        assert refusal
        assert LADDER_GAPS & {i.code.value for i in refusal}
    if not refusal:
        assert not open_required
        deadline = assessment.deadlines.hearing_reply_deadline
        assert deadline is not None and facts.today > deadline


@settings(max_examples=100, deadline=None)
@given(case_facts(with_contact=None), st.integers(0, 30), st.integers(0, 30))
def test_no_sanction_inside_a_suspension_period(facts, before, after):
    period = SuspensionPeriod(
        "suspension",
        facts.no_show_date - timedelta(days=before),
        facts.no_show_date + timedelta(days=after),
    )
    facts = replace(facts, suspension_periods=(*facts.suspension_periods, period))
    assessment = assess(facts)
    assert assessment.allowed_outcomes == (DecisionOutcome.NO_SANCTION,)
    for outcome in (DecisionOutcome.SANCTION_WITH_CONTACT, DecisionOutcome.SANCTION_EXISTING_BASIS):
        assert "suspension_period" in [i.code.value for i in validate_decision(facts, outcome)]


def _outcome_for(step_rung: Rung, action: StepAction) -> AttemptOutcome:
    if action == StepAction.RECORD_SKIP:
        return AttemptOutcome.SKIPPED
    return {
        Rung.HEARING_LETTER: AttemptOutcome.SENT,
        Rung.CASE_FILE_CHECK: AttemptOutcome.NO_CONTACT,
        Rung.PHONE_CALL: AttemptOutcome.NO_ANSWER,
        Rung.SMS_PROMPT: AttemptOutcome.SENT,
        Rung.PARTNER_CONTACT: AttemptOutcome.NO_ANSWER,
        Rung.HOME_VISIT: AttemptOutcome.NO_CONTACT,
    }[step_rung]


@settings(max_examples=150, deadline=None)
@given(
    no_show=NO_SHOW_DATES,
    group=st.sampled_from(list(TargetGroup)),
    partners=st.integers(0, 3),
    reps=st.integers(0, 2),
    has_mobile=st.booleans(),
    opt_out=st.booleans(),
    exempt_dp=st.booleans(),
    gap=st.integers(0, 3),
)
def test_following_the_next_steps_without_contact_reaches_a_decision_on_existing_basis(
    no_show, group, partners, reps, has_mobile, opt_out, exempt_dp, gap
):
    facts = CaseFacts(
        target_group=group,
        no_show_date=no_show,
        no_show_kind=NoShowKind.OFFER,
        rule_set=RULES_2020,
        today=no_show,
        las35_guidance_given=no_show - timedelta(days=10),
        las35_guidance_channel=GuidanceChannel.PAPER,
        las35_guidance_wording="Vejledning om rådighed og sanktioner",
        partners=tuple(Partner(i, PartnerKind.OTHER) for i in range(partners)),
        representatives=tuple(f"rep{i}" for i in range(reps)),
        has_mobile=has_mobile,
        sms_opt_out=opt_out,
        digital_post_exempt=exempt_dp,
    )
    for _ in range(40):
        steps = assess(facts).next_steps
        if steps[0].action == StepAction.DECIDE:
            break
        if steps[0].action == StepAction.WAIT_FOR_HEARING_DEADLINE:
            facts = replace(facts, today=steps[0].due + timedelta(days=1))
            continue
        for step in steps:
            channel = LetterChannel.PAPER if exempt_dp else LetterChannel.DIGITAL_POST
            new = Attempt(
                step.rung,
                _outcome_for(step.rung, step.action),
                facts.today,
                partner=step.partner,
                recipient=step.recipient,
                channel=channel if step.rung == Rung.HEARING_LETTER else None,
            )
            assert validate_attempt(facts, new) == ()
            facts = facts.with_attempt(new)
        facts = replace(facts, today=facts.today + timedelta(days=gap))
    assessment = assess(facts)
    assert assessment.existing_basis_allowed, assessment.missing
    assert validate_decision(facts, DecisionOutcome.SANCTION_EXISTING_BASIS) == ()
