"""LAS § 35: written guidance given before the no-show, repeated at least every half year,
documented with channel and wording (domain.md §3, Ankestyrelsen AFG 21-22)."""

from datetime import date

from outreach_app.domain import (
    RULES_2020,
    SHIPPED_RULE_SETS,
    DecisionOutcome,
    GuidanceChannel,
    assess,
    guidance_expires_after,
    rule_set_from_dict,
    rule_set_to_dict,
    sanction_exclusions,
)

from ._factories import NO_SHOW, codes, make_facts


def test_every_shipped_rule_set_requires_guidance_within_six_months():
    assert {rs.las35_guidance_max_age_months for rs in SHIPPED_RULE_SETS} == {6}


def test_guidance_fourteen_months_old_excludes_a_sanction():
    facts = make_facts(las35_guidance_given=date(2023, 1, 4))  # no-show 4 Mar 2024
    issues = sanction_exclusions(facts)
    assert [i.as_dict() for i in issues] == [
        {
            "code": "las35_guidance_outdated",
            "date": "2023-01-04",
            "max_age_months": 6,
            "no_show_date": NO_SHOW.isoformat(),
        }
    ]
    assert DecisionOutcome.SANCTION_WITH_CONTACT not in assess(facts).allowed_outcomes


def test_guidance_exactly_six_months_old_still_counts_and_one_day_more_does_not():
    assert guidance_expires_after(date(2023, 9, 4), 6) == NO_SHOW
    assert sanction_exclusions(make_facts(las35_guidance_given=date(2023, 9, 4))) == ()
    assert codes(sanction_exclusions(make_facts(las35_guidance_given=date(2023, 9, 3)))) == [
        "las35_guidance_outdated"
    ]


def test_guidance_without_channel_or_wording_is_not_documented_and_excludes_a_sanction():
    facts = make_facts(las35_guidance_channel=None, las35_guidance_wording="  ")
    assert [i.as_dict() for i in sanction_exclusions(facts)] == [
        {
            "code": "las35_guidance_undocumented",
            "date": "2024-02-13",
            "missing": ["channel", "wording"],
        }
    ]
    only_wording = make_facts(las35_guidance_channel=GuidanceChannel.IN_PERSON)
    assert sanction_exclusions(only_wording) == ()


def test_guidance_given_on_the_no_show_day_is_missing_not_outdated():
    assert codes(sanction_exclusions(make_facts(las35_guidance_given=NO_SHOW))) == [
        "las35_guidance_missing"
    ]


def test_guidance_max_age_survives_the_stored_copy_of_a_rule_set():
    assert rule_set_from_dict(rule_set_to_dict(RULES_2020)).las35_guidance_max_age_months == 6
