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
