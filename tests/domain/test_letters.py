from dataclasses import replace
from datetime import date

import pytest

from outreach_app.domain import (
    AbsenceReason,
    Attempt,
    DecisionLetterInput,
    DecisionOutcome,
    LetterChannel,
    NoShowKind,
    ProgressionFactor,
    Rung,
    compose_decision_letter,
)

from ._factories import MENTOR, Outcome, day, ladder_without_contact

BASE = DecisionLetterInput(
    municipality="Københavns Kommune",
    office_phone="33 66 33 66",
    citizen_name="Borger Eksempel",
    case_reference="K-2024-0001",
    decided_on=date(2024, 3, 25),
    outcome=DecisionOutcome.SANCTION_EXISTING_BASIS,
    no_show_date=date(2024, 3, 4),
    no_show_kind=NoShowKind.INTERVIEW,
    reasoning="Vi vurderer, at et fradrag vil fremme din rådighed.",
    legal_basis_keys=("las_37",),
    facts_relied_on=("Du mødte ikke op til jobsamtalen.",),
    attempts=ladder_without_contact(partners=(MENTOR,)),
    partners=(MENTOR,),
    las35_guidance_given=date(2024, 2, 1),
)


def test_sanction_letter_contains_reasons_legal_basis_facts_attempts_and_appeal_guidance():
    letter = compose_decision_letter(BASE)
    headings = [h for h, _ in letter.sections]
    assert headings[1:] == [
        "Afgørelse",
        "Begrundelse",
        "Oplysninger, vi har lagt vægt på",
        "Vores forsøg på at komme i kontakt med dig",
        "Regler",
        "Ny vurdering",
        "Klagevejledning",
    ]
    text = letter.text
    assert "4. marts 2024" in text
    assert "§ 37 i lov om aktiv socialpolitik" in text
    assert "§ 35 i lov om aktiv socialpolitik" in text
    assert "inden for 4 uger" in text
    assert "Ankestyrelsen" in text
    assert "det foreliggende grundlag" in text
    assert "Sagsnummer: K-2024-0001" in text


def test_letter_lists_every_documented_contact_attempt_with_its_channel():
    text = compose_decision_letter(BASE).text
    assert "5. marts 2024: Partshøringsbrev til dig via Digital Post: sendt." in text
    assert "Kontakt til samarbejdspartner (mentor)" in text
    assert "16. marts 2024: Besøg på din bopæl: ingen kontakt." in text
    paper = replace(
        BASE,
        attempts=(Attempt(Rung.HEARING_LETTER, Outcome.SENT, day(1), channel=LetterChannel.PAPER),),
    )
    assert "via brev med posten" in compose_decision_letter(paper).text


def test_sanction_letter_says_it_can_be_reassessed_on_new_information():
    assert (
        "genvurderes, når der er nye og relevante oplysninger" in compose_decision_letter(BASE).text
    )


def test_letter_with_contact_includes_the_citizens_explanation_not_existing_basis():
    data = replace(
        BASE,
        outcome=DecisionOutcome.SANCTION_WITH_CONTACT,
        citizen_explanation="Jeg glemte mødet.",
        absence_reason=AbsenceReason.NONE,
    )
    text = compose_decision_letter(data).text
    assert "Din forklaring: Jeg glemte mødet." in text
    assert "foreliggende grundlag" not in text


def test_no_sanction_letter_needs_no_appeal_guidance():
    data = replace(BASE, outcome=DecisionOutcome.NO_SANCTION, reasoning="")
    letter = compose_decision_letter(data)
    assert letter.title == "Afgørelse: ingen sanktion"
    assert "Klagevejledning" not in [h for h, _ in letter.sections]


def test_sanction_letter_without_reasons_is_refused():
    with pytest.raises(ValueError):
        compose_decision_letter(replace(BASE, reasoning="  "))


def test_sanction_letter_without_las35_guidance_is_refused():
    with pytest.raises(ValueError):
        compose_decision_letter(replace(BASE, las35_guidance_given=None))


def test_letter_records_medical_information_and_progression_factors_assessed():
    data = replace(
        BASE,
        medical_information="Lægeerklæring af 1. marts 2024.",
        progression_factors=(ProgressionFactor.TREATMENT_START, ProgressionFactor.DIVORCE),
    )
    text = compose_decision_letter(data).text
    assert "Lægelige oplysninger: Lægeerklæring af 1. marts 2024." in text
    assert "lige startet i misbrugsbehandling; en skilsmisse" in text


def test_sanction_letter_cites_the_guidance_date_channel_and_wording():
    from outreach_app.domain import GuidanceChannel

    text = compose_decision_letter(replace(
        BASE, las35_guidance_channel=GuidanceChannel.PAPER,
        las35_guidance_wording="Du skal møde op til samtaler; ellers får du fradrag.",
    )).text
    assert "den 1. februar 2024 med brev med posten" in text
    assert "»Du skal møde op til samtaler; ellers får du fradrag.«" in text


def test_sanction_letter_states_the_closer_to_work_assessment_and_progression_reasoning():
    text = compose_decision_letter(replace(
        BASE, closer_to_work=True, closer_to_work_reasons="Du har brug for mødestabilitet.",
        progression_factors=(ProgressionFactor.OWN_HOUSING,),
        progression_reasoning="Flytningen var for et år siden.",
    )).text
    assert "vil bringe dig tættere på arbejde eller uddannelse: Du har brug for" in text
    assert "du er lige flyttet i egen bolig" in text
    assert "Vi mener alligevel, at sanktionen vil bringe dig tættere på" in text


def test_no_sanction_letter_states_a_no_to_closer_to_work():
    text = compose_decision_letter(replace(BASE, outcome=DecisionOutcome.NO_SANCTION,
                                           closer_to_work=False)).text
    assert "en sanktion ikke vil bringe dig tættere på arbejde" in text


def test_sanction_letter_states_the_deduction_period_days_and_amount():
    from decimal import Decimal

    from outreach_app.domain import DeductionInput, compute_deduction

    from ._factories import make_facts

    period = compute_deduction(make_facts(), DeductionInput(contact_reestablished_on=day(3),
                                                            daily_rate=Decimal("350")), day(30))
    text = compose_decision_letter(replace(BASE, deduction=period)).text
    assert "perioden 4. marts 2024 til og med 6. marts 2024: 3 dage" in text
    assert "350,00 kr. pr. dag, i alt 1.050,00 kr." in text
    assert "Dagen for samtalen trækkes altid" in text


def test_open_deduction_says_it_runs_until_contact():
    from outreach_app.domain import DeductionInput, compute_deduction

    from ._factories import make_facts

    period = compute_deduction(make_facts(), DeductionInput(), day(21))
    text = compose_decision_letter(replace(BASE, deduction=period)).text
    assert "indtil du igen kontakter kommunen" in text
    assert "Til og med 25. marts 2024 er det 22 dage." in text


def test_letter_for_late_arrival_and_partial_absence_names_what_happened():
    late = compose_decision_letter(replace(BASE, no_show_kind=NoShowKind.LATE_ARRIVAL)).text
    partial = compose_decision_letter(replace(BASE, no_show_kind=NoShowKind.PARTIAL_ABSENCE)).text
    assert "fordi du kom for sent til dit tilbud den 4. marts 2024" in late
    assert "fordi du kun deltog i en del af dit tilbud" in partial


def test_paper_decision_letter_states_when_it_counts_as_received_and_the_appeal_deadline():
    text = compose_decision_letter(replace(BASE, channel=LetterChannel.PAPER,
                                           received_on=date(2024, 4, 2))).text
    assert "regnes for modtaget den 2. april 2024" in text
    assert "fristen for at klage er den 30. april 2024" in text
