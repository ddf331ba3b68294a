import json
from dataclasses import replace
from datetime import date

import pytest

from outreach_app.domain import (
    DRAFT_2027,
    LADDER_ORDER,
    RULES_2020,
    SHIPPED_RULE_SETS,
    NoRuleSetError,
    NoShowKind,
    Rung,
    TargetGroup,
    rule_set_for,
    rule_set_from_dict,
    rule_set_to_dict,
)
from outreach_app.domain.rules import RuleSet, overlapping_rule_sets


@pytest.mark.parametrize(
    "no_show", [date(2020, 1, 1), date(2023, 6, 15), date(2025, 7, 1), date(2026, 12, 31)]
)
def test_rules_2020_apply_to_no_shows_from_2020_through_2026(no_show):
    assert rule_set_for(no_show, SHIPPED_RULE_SETS) is RULES_2020


def test_no_rule_set_before_2020_is_an_error():
    with pytest.raises(NoRuleSetError):
        rule_set_for(date(2019, 12, 31), SHIPPED_RULE_SETS)


def test_draft_2027_is_never_chosen_unless_drafts_are_asked_for():
    with pytest.raises(NoRuleSetError):
        rule_set_for(date(2027, 1, 1), SHIPPED_RULE_SETS)
    assert rule_set_for(date(2027, 1, 1), SHIPPED_RULE_SETS, include_drafts=True) is DRAFT_2027


def test_asking_for_drafts_keeps_final_rules_where_no_draft_applies():
    assert rule_set_for(date(2024, 1, 1), SHIPPED_RULE_SETS, include_drafts=True) is RULES_2020


def test_a_draft_overlapping_final_rules_wins_only_when_drafts_are_asked_for():
    preview = replace(DRAFT_2027, key="preview", valid_from=date(2026, 6, 1))
    sets = (RULES_2020, preview)
    assert rule_set_for(date(2026, 7, 1), sets) is RULES_2020
    assert rule_set_for(date(2026, 7, 1), sets, include_drafts=True) is preview


def test_draft_2027_does_not_sanction_aktivitetsparate_as_a_starting_point():
    assert DRAFT_2027.draft
    assert not DRAFT_2027.is_sanctionable(TargetGroup.AKTIVITETSPARAT)
    assert DRAFT_2027.is_sanctionable(TargetGroup.JOBPARAT)


def test_rules_2020_sanction_every_target_group():
    assert all(RULES_2020.is_sanctionable(g) for g in TargetGroup)
    assert not RULES_2020.draft


def test_aktivitetsparate_and_ressourceforloeb_require_the_whole_ladder():
    for group in (TargetGroup.AKTIVITETSPARAT, TargetGroup.RESSOURCEFORLOEB):
        assert RULES_2020.rungs_for(group) == LADDER_ORDER


def test_jobparate_require_only_the_hearing_letter():
    assert RULES_2020.rungs_for(TargetGroup.JOBPARAT) == (Rung.HEARING_LETTER,)
    assert RULES_2020.rungs_for(TargetGroup.UDDANNELSESPARAT) == (Rung.HEARING_LETTER,)


def test_required_rungs_are_kept_in_ladder_order_whatever_the_input_order():
    rs = replace(
        RULES_2020, required_rungs={TargetGroup.JOBPARAT: (Rung.HOME_VISIT, Rung.HEARING_LETTER)}
    )
    assert rs.rungs_for(TargetGroup.JOBPARAT) == (Rung.HEARING_LETTER, Rung.HOME_VISIT)


def test_shipped_defaults_deduction_months_3_and_visit_service_20_minutes():
    for rs in SHIPPED_RULE_SETS:
        assert rs.deduction_deadline_months == 3
        assert rs.visit_service_minutes == 20
        assert rs.hearing_reply_days > 0


def test_legal_basis_is_las_37_for_interviews_and_las_36_for_offers():
    assert RULES_2020.legal_basis_keys(TargetGroup.AKTIVITETSPARAT, NoShowKind.INTERVIEW) == (
        "las_37",
    )
    assert RULES_2020.legal_basis_keys(TargetGroup.AKTIVITETSPARAT, NoShowKind.OFFER) == ("las_36",)
    assert "las_69b" in RULES_2020.legal_basis_keys(TargetGroup.RESSOURCEFORLOEB, NoShowKind.OFFER)


def test_validity_dates_are_inclusive_and_open_ended_when_valid_to_is_none():
    assert RULES_2020.is_in_force_on(date(2026, 12, 31))
    assert not RULES_2020.is_in_force_on(date(2027, 1, 1))
    assert DRAFT_2027.is_in_force_on(date(2099, 1, 1))


def test_shipped_final_rule_sets_do_not_overlap():
    assert overlapping_rule_sets(SHIPPED_RULE_SETS) == []
    clash = replace(RULES_2020, key="clash", valid_from=date(2026, 1, 1), valid_to=None)
    assert overlapping_rule_sets((RULES_2020, clash)) == [("dk-2020", "clash")]


@pytest.mark.parametrize("rule_set", SHIPPED_RULE_SETS, ids=lambda rs: rs.key)
def test_rule_sets_survive_a_round_trip_through_json(rule_set):
    data = json.loads(json.dumps(rule_set_to_dict(rule_set)))
    assert rule_set_from_dict(data) == rule_set


def test_rule_set_with_valid_to_before_valid_from_is_refused():
    with pytest.raises(ValueError):
        RuleSet(
            key="bad",
            name="bad",
            valid_from=date(2024, 1, 2),
            valid_to=date(2024, 1, 1),
            sanctionable_target_groups=frozenset(),
            required_rungs={},
        )


def test_unknown_vocabulary_in_stored_rule_set_is_refused():
    data = rule_set_to_dict(RULES_2020)
    data["required_rungs"]["aktivitetsparat"] = ["carrier_pigeon"]
    with pytest.raises(ValueError):
        rule_set_from_dict(data)
