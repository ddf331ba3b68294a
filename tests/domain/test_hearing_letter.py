"""The hearing letter (forvaltningsloven § 19, domain.md §4.2 S1) and extensions of its deadline."""

from datetime import date

from outreach_app.domain import (
    HearingLetterInput,
    LetterChannel,
    NoShowKind,
    TargetGroup,
    assess,
    compose_hearing_letter,
    validate_extension,
)
from outreach_app.domain.deadlines import hearing_reply_deadline

from ._factories import MENTOR, SKP, codes, day, ladder_without_contact, letter, make_facts


def _letter(**kw):
    base = dict(
        municipality="Københavns Kommune", office_phone="33 66 33 66", citizen_name="Ida Hansen",
        case_reference="K-1", sent_on=date(2024, 3, 5), reply_deadline=date(2024, 3, 12),
        channel=LetterChannel.DIGITAL_POST, no_show_date=date(2024, 3, 4),
        no_show_kind=NoShowKind.INTERVIEW, target_group=TargetGroup.AKTIVITETSPARAT,
        recipient_name="Ida Hansen",
    )
    return compose_hearing_letter(HearingLetterInput(**{**base, **kw}))


def test_hearing_letter_states_deadline_decision_without_reply_how_to_reply_and_extension():
    text = _letter().text
    assert "senest den 12. marts 2024" in text
    assert "træffe afgørelse uden dit svar" in text
    assert "Ring til os på telefon 33 66 33 66" in text
    assert "forlænget fristen" in text
    assert "§ 19 i forvaltningsloven" in text
    assert "ikke mødte op til en jobsamtale den 4. marts 2024" in text
    assert "Digital Post" in text
    assert _letter().title == "Partshøring: Du mødte ikke op til en jobsamtale den 4. marts 2024"


def test_hearing_letter_copy_to_a_representative_says_so_and_paper_letters_carry_the_address():
    text = _letter(recipient_name="Mads Mentor", copy_for="mentor",
                   channel=LetterChannel.PAPER, address_lines=("Vej 1", "2400 København NV"),
                   ).text
    assert "Til: Mads Mentor" in text and "Vej 1" in text
    assert "Kopi til dig som mentor og partsrepræsentant for Ida Hansen" in text
    assert "sendt med posten" in text


def test_an_extension_moves_the_hearing_deadline_and_the_earliest_decision_day():
    attempts = ladder_without_contact()
    facts = make_facts(partners=(MENTOR, SKP), attempts=attempts, today=day(10))
    original = hearing_reply_deadline(facts)
    assert original == day(8)
    assert assess(facts).existing_basis_allowed
    extended = make_facts(partners=(MENTOR, SKP), attempts=attempts, today=day(10),
                          hearing_extensions=(day(14),))
    assert hearing_reply_deadline(extended) == day(14)
    assert codes(assess(extended).missing) == ["hearing_deadline_not_passed"]


def test_an_extension_to_before_or_on_the_current_deadline_is_refused():
    facts = make_facts(attempts=(letter(1),))  # deadline day(8)
    assert [i.as_dict() for i in validate_extension(facts, day(7))] == [
        {"code": "extension_not_after_deadline", "date": day(7).isoformat(),
         "deadline": day(8).isoformat()}
    ]
    assert codes(validate_extension(facts, day(8))) == ["extension_not_after_deadline"]
    assert validate_extension(facts, day(9)) == ()


def test_an_extension_without_a_hearing_letter_or_after_the_decision_is_refused():
    assert codes(validate_extension(make_facts(), day(9))) == ["extension_without_letter"]
    facts = make_facts(attempts=(letter(1),))
    assert codes(validate_extension(facts, day(20), decided=True)) == [
        "extension_after_decision"
    ]
