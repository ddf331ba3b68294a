"""G4: a sanction must bring an aktivitetsparat citizen closer to work or education
(domain.md §4.2, §6, §7 guard 4; seed 000 §5-6), and progression speaks against it."""

import pytest

from outreach_app.domain import (
    AbsenceReason,
    DecisionContent,
    DecisionOutcome,
    IllnessReport,
    MeetingChannel,
    ProgressionFactor,
    TargetGroup,
    content_issues,
    validate_decision,
)

from ._factories import codes, make_facts

SANCTION = DecisionOutcome.SANCTION_WITH_CONTACT


def assessment(**kw) -> DecisionContent:
    base = {
        "absence_reason": AbsenceReason.NONE,
        "reasoning": "Ingen rimelig grund.",
        "meeting_channel": MeetingChannel.PHONE,
        "closer_to_work": True,
        "closer_to_work_reasons": "Sanktionen skaber mødestabilitet og kontakt til jobcentret.",
    }
    return DecisionContent(**{**base, **kw})


def test_sanction_of_aktivitetsparat_without_the_assessment_is_refused():
    issues = content_issues(TargetGroup.AKTIVITETSPARAT, SANCTION,
                            assessment(closer_to_work=None))
    assert codes(issues) == ["closer_to_work_not_assessed"]


def test_sanction_of_aktivitetsparat_assessed_not_closer_to_work_is_refused():
    issues = content_issues(TargetGroup.AKTIVITETSPARAT, SANCTION,
                            assessment(closer_to_work=False))
    assert codes(issues) == ["closer_to_work_denied"]


def test_yes_without_reasons_is_refused():
    issues = content_issues(TargetGroup.AKTIVITETSPARAT, SANCTION,
                            assessment(closer_to_work_reasons=" \n "))
    assert codes(issues) == ["closer_to_work_reasons_missing"]


def test_yes_with_reasons_allows_the_sanction():
    assert content_issues(TargetGroup.AKTIVITETSPARAT, SANCTION, assessment()) == []


@pytest.mark.parametrize("group", [TargetGroup.JOBPARAT, TargetGroup.UDDANNELSESPARAT,
                                   TargetGroup.RESSOURCEFORLOEB])
def test_the_closer_to_work_assessment_is_required_only_for_aktivitetsparate(group):
    assert content_issues(group, SANCTION, assessment(closer_to_work=None)) == []


@pytest.mark.parametrize("factor", list(ProgressionFactor))
def test_ticked_progression_factor_requires_a_written_reason_for_the_sanction(factor):
    ticked = assessment(progression_factors=(factor,))
    issues = content_issues(TargetGroup.AKTIVITETSPARAT, SANCTION, ticked)
    assert [i.as_dict() for i in issues] == [
        {"code": "progression_reason_missing", "factors": (factor.value,)}
    ]
    explained = assessment(progression_factors=(factor,),
                           progression_reasoning="Behandlingen er afsluttet; fremmøde hjælper.")
    assert content_issues(TargetGroup.AKTIVITETSPARAT, SANCTION, explained) == []


def test_no_sanction_needs_no_closer_to_work_assessment():
    facts = make_facts()
    no = assessment(closer_to_work=None, progression_factors=(ProgressionFactor.DIVORCE,))
    assert validate_decision(facts, DecisionOutcome.NO_SANCTION, no) == ()


def test_reported_illness_is_a_reasonable_cause_and_unreported_illness_is_weighed():
    reported = assessment(absence_reason=AbsenceReason.ILLNESS,
                          illness_report=IllnessReport.REPORTED)
    not_reported = assessment(absence_reason=AbsenceReason.ILLNESS,
                              illness_report=IllnessReport.NOT_REPORTED)
    unrecorded = assessment(absence_reason=AbsenceReason.ILLNESS)
    group = TargetGroup.AKTIVITETSPARAT
    assert codes(content_issues(group, SANCTION, reported)) == ["reasonable_cause_found"]
    assert content_issues(group, SANCTION, not_reported) == []
    assert codes(content_issues(group, SANCTION, unrecorded)) == ["illness_report_not_recorded"]
