from dataclasses import replace
from datetime import date

import pytest

from outreach_app.domain import (
    COVID_19_SUSPENSION,
    DRAFT_2027,
    PRELOADED_SUSPENSION_PERIODS,
    RULES_2020,
    DecisionOutcome,
    Exemption,
    ExemptionReason,
    SuspensionPeriod,
    TargetGroup,
    assess,
    sanction_exclusions,
    validate_decision,
)

from ._factories import NO_SHOW, codes, day, make_facts


def covid_facts(no_show: date, **kw):
    return make_facts(
        no_show_date=no_show,
        today=no_show,
        las35_guidance_given=date(2020, 1, 2),
        suspension_periods=PRELOADED_SUSPENSION_PERIODS,
        **kw,
    )


def test_covid_19_suspension_is_preloaded_with_its_dates():
    assert COVID_19_SUSPENSION in PRELOADED_SUSPENSION_PERIODS
    assert COVID_19_SUSPENSION.start == date(2020, 3, 12)
    assert COVID_19_SUSPENSION.end == date(2020, 5, 26)
    assert COVID_19_SUSPENSION.meetings_voluntary


@pytest.mark.parametrize("no_show", [date(2020, 3, 12), date(2020, 4, 22), date(2020, 5, 26)])
def test_no_sanction_inside_covid_suspension(no_show):
    facts = covid_facts(no_show)
    assessment = assess(facts)
    assert codes(assessment.exclusions) == ["suspension_period"]
    assert assessment.exclusions[0]["name"] == COVID_19_SUSPENSION.name
    assert assessment.allowed_outcomes == (DecisionOutcome.NO_SANCTION,)
    assert assessment.meetings_voluntary


@pytest.mark.parametrize("no_show", [date(2020, 3, 11), date(2020, 5, 27)])
def test_suspension_does_not_reach_outside_its_dates(no_show):
    assert sanction_exclusions(covid_facts(no_show)) == ()
    assert not assess(covid_facts(no_show)).meetings_voluntary


def test_no_show_inside_suspension_goes_straight_to_a_no_sanction_decision():
    assessment = assess(covid_facts(date(2020, 4, 1)))
    assert [s.action.value for s in assessment.next_steps] == ["decide"]
    assert not assessment.existing_basis_allowed


def test_exempted_citizen_is_not_sanctioned():
    facts = make_facts(exemptions=(Exemption(ExemptionReason.HOSPITALISED, day(-3), day(5)),))
    issues = sanction_exclusions(facts)
    assert codes(issues) == ["exemption"]
    assert issues[0]["reason"] == ExemptionReason.HOSPITALISED


def test_open_ended_exemption_covers_the_no_show():
    facts = make_facts(
        exemptions=(Exemption(ExemptionReason.DISABILITY_PENSION_PENDING, date(2023, 1, 1)),)
    )
    assert codes(sanction_exclusions(facts)) == ["exemption"]


def test_exemption_ended_before_the_no_show_does_not_exclude_a_sanction():
    facts = make_facts(exemptions=(Exemption(ExemptionReason.MATERNITY_LEAVE, day(-100), day(-1)),))
    assert sanction_exclusions(facts) == ()


def test_no_sanction_without_las35_guidance():
    assert codes(sanction_exclusions(make_facts(las35_guidance_given=None))) == [
        "las35_guidance_missing"
    ]


@pytest.mark.parametrize("given_on", [NO_SHOW, day(3)])
def test_las35_guidance_must_be_given_before_the_no_show(given_on):
    assert codes(sanction_exclusions(make_facts(las35_guidance_given=given_on))) == [
        "las35_guidance_missing"
    ]


def test_las35_guidance_older_than_rule_set_max_age_counts_as_outdated():
    rs = replace(RULES_2020, las35_guidance_max_age_months=6)
    old = make_facts(rule_set=rs, las35_guidance_given=date(2023, 9, 1))
    fresh = make_facts(rule_set=rs, las35_guidance_given=date(2023, 9, 5))
    assert codes(sanction_exclusions(old)) == ["las35_guidance_outdated"]
    assert sanction_exclusions(fresh) == ()


def test_aktivitetsparat_not_sanctionable_under_draft_2027():
    facts = make_facts(
        rule_set=DRAFT_2027,
        no_show_date=date(2027, 2, 1),
        today=date(2027, 2, 10),
        las35_guidance_given=date(2027, 1, 5),
    )
    issues = sanction_exclusions(facts)
    assert codes(issues) == ["target_group_not_sanctionable"]
    assert issues[0].as_dict() == {
        "code": "target_group_not_sanctionable",
        "target_group": "aktivitetsparat",
        "rule_set": "Planlagt sanktionsreform 2027 (udkast)",
    }
    jobparat = replace(facts, target_group=TargetGroup.JOBPARAT)
    assert sanction_exclusions(jobparat) == ()


def test_no_sanction_after_the_last_deduction_day():
    on_last_day = make_facts(today=date(2024, 6, 30))
    after = make_facts(today=date(2024, 7, 1))
    assert sanction_exclusions(on_last_day) == ()
    assert codes(sanction_exclusions(after)) == ["deduction_deadline_passed"]
    assert sanction_exclusions(after)[0]["date"] == date(2024, 6, 30)


def test_every_exclusion_is_listed_not_just_the_first():
    facts = make_facts(
        las35_guidance_given=None,
        exemptions=(Exemption(ExemptionReason.OTHER, NO_SHOW, NO_SHOW),),
        suspension_periods=(SuspensionPeriod("Lockdown", day(-1), day(1)),),
    )
    assert set(codes(sanction_exclusions(facts))) == {
        "suspension_period",
        "exemption",
        "las35_guidance_missing",
    }


def test_excluded_sanction_refuses_both_sanction_decisions_but_allows_no_sanction():
    facts = make_facts(las35_guidance_given=None)
    assert validate_decision(facts, DecisionOutcome.NO_SANCTION) == ()
    assert "las35_guidance_missing" in codes(
        validate_decision(facts, DecisionOutcome.SANCTION_WITH_CONTACT)
    )
    assert "las35_guidance_missing" in codes(
        validate_decision(facts, DecisionOutcome.SANCTION_EXISTING_BASIS)
    )


def test_suspension_period_with_end_before_start_is_refused():
    with pytest.raises(ValueError):
        SuspensionPeriod("bad", date(2020, 2, 1), date(2020, 1, 1))
