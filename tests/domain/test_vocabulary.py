import re

import pytest

from outreach_app.domain import vocabulary as v

ENUMS = [
    v.TargetGroup,
    v.NoShowKind,
    v.Rung,
    v.AttemptOutcome,
    v.LetterChannel,
    v.PartnerKind,
    v.VisitOutcome,
    v.MeetingChannel,
    v.DecisionOutcome,
    v.AbsenceReason,
    v.ReassessmentOutcome,
    v.AppealOutcome,
    v.ExemptionReason,
]


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_stored_values_are_lower_case_ascii_snake_case(enum):
    for member in enum:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", member.value)
        assert str(member) == member.value


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_every_vocabulary_has_an_english_docstring(enum):
    assert enum.__doc__ and enum.__doc__.strip()


def test_ladder_order_is_letter_file_phone_sms_partners_home_visit():
    assert [r.value for r in v.LADDER_ORDER] == [
        "hearing_letter",
        "case_file_check",
        "phone_call",
        "sms_prompt",
        "partner_contact",
        "home_visit",
    ]


def test_target_groups_and_decision_outcomes_match_the_product():
    assert {t.value for t in v.TargetGroup} == {
        "aktivitetsparat",
        "ressourceforloeb",
        "jobparat",
        "uddannelsesparat",
    }
    assert {d.value for d in v.DecisionOutcome} == {
        "no_sanction",
        "sanction_with_contact",
        "sanction_existing_basis",
    }
    assert {a.value for a in v.AppealOutcome} == {"upheld", "changed", "remitted", "dismissed"}


def test_absence_reasons_include_legal_causes_and_none_unknown():
    values = {r.value for r in v.AbsenceReason}
    assert {"illness", "childcare", "health_vs_offer", "transport_time", "holiday"} <= values
    assert {"other_reasonable", "none", "unknown"} <= values


def test_partner_kinds_cover_the_seed_partners():
    assert {p.value for p in v.PartnerKind} == {
        "activation_provider",
        "mentor",
        "support_contact_person",
        "housing_adviser",
        "homeless_unit",
        "counselling_centre",
        "psychiatric_centre",
        "other",
    }
