"""SMS content rules: length as the network counts it, and what a template may say."""

from __future__ import annotations

import pytest

from outreach_app.domain.sms_content import (
    DEFAULT_FORBIDDEN_TERMS,
    DEFAULT_TEMPLATES,
    MessageTooLong,
    ProblemKind,
    TemplateKey,
    check_template,
    measure,
    render,
    render_message,
    worst_case,
)


def test_danish_letters_stay_in_gsm7():
    length = measure("æøå ÆØÅ" * 20)
    assert length.encoding == "GSM-7" and length.characters == 140 and length.segments == 1


def test_gsm7_segments_are_160_then_153():
    assert measure("a" * 160).segments == 1
    assert measure("a" * 161).segments == 2
    assert measure("a" * 306).segments == 2
    assert measure("a" * 307).segments == 3


def test_extended_characters_count_twice():
    length = measure("Pris 10 € [ok]")
    assert length.encoding == "GSM-7" and length.characters == 14 + 3
    assert measure("€" * 80).segments == 1 and measure("€" * 81).segments == 2


def test_an_emoji_forces_ucs2_and_counts_two_units():
    length = measure("Hej 🙂")
    assert length.encoding == "UCS-2" and length.characters == 6
    assert measure("a" * 69 + "é").segments == 1  # é is in GSM-7
    assert measure("a" * 69 + "🙂").segments == 2  # 71 UTF-16 units > 70


def test_shipped_templates_pass_the_shipped_rules():
    for key, body in DEFAULT_TEMPLATES.items():
        assert check_template(key, body, DEFAULT_FORBIDDEN_TERMS, "+45 33 66 33 66") == [], key


def test_a_forbidden_word_is_refused_by_name_in_any_form_and_case():
    problems = check_template(TemplateKey.CONTACT_PROMPT,
                              "Din Sanktionen afhænger af dig. Ring {office_phone}",
                              DEFAULT_FORBIDDEN_TERMS)
    assert [(p.kind, p.term) for p in problems] == [(ProblemKind.FORBIDDEN_WORD, "sanktion")]


def test_a_word_that_only_contains_a_term_is_fine():
    # "læge" is forbidden; "samlæge" is not a word starting with it, "høre" is not "høring".
    assert check_template(TemplateKey.CONTACT_PROMPT, "Vi vil høre fra dig: {office_phone}",
                          ["høring", "læge"]) == []


def test_forbidden_and_unknown_placeholders_are_named():
    problems = check_template(TemplateKey.CONTACT_PROMPT, "Hej {navn}, ring {telefon}",
                              DEFAULT_FORBIDDEN_TERMS)
    assert [(p.kind, p.term) for p in problems] == [
        (ProblemKind.FORBIDDEN_PLACEHOLDER, "{navn}"),
        (ProblemKind.UNKNOWN_PLACEHOLDER, "{telefon}")]


def test_reminder_placeholders_are_not_allowed_in_the_prompt():
    problems = check_template(TemplateKey.CONTACT_PROMPT, "Kom {date}", [])
    assert problems[0].term == "{date}"
    assert check_template(TemplateKey.REMINDER_DAYS, "Kom {date} kl. {time}", []) == []


def test_worst_case_rendering_must_fit_one_segment():
    body = "x" * 140 + " {date}"  # fits with a short date, not with the longest one
    assert measure(render(body, {"date": "1. maj"})).segments == 1
    problems = check_template(TemplateKey.REMINDER_DAYS, body, [])
    assert problems[0].kind == ProblemKind.TOO_LONG
    assert problems[0].length.characters == len(worst_case(body))


def test_empty_template_is_refused():
    assert check_template(TemplateKey.CONTACT_PROMPT, "  ", [])[0].kind == ProblemKind.EMPTY


def test_a_message_whose_values_make_it_two_sms_is_refused_when_queued():
    # The template passed its worst-case check; today's office name is longer than that.
    body = DEFAULT_TEMPLATES[TemplateKey.CONTACT_PROMPT]
    long_office = "Jobcenter København, Ydelsesservice, Afdelingen for opsøgende indsats Nord"
    with pytest.raises(MessageTooLong) as refused:
        render_message(body, {"office_phone": "+45 33 66 33 66", "office": long_office})
    assert refused.value.length.segments == 2
    assert "more than one SMS holds (160)" in str(refused.value)
    short = render_message(body, {"office_phone": "+45 33 66 33 66", "office": "Jobcentret"})
    assert short.endswith("Venlig hilsen Jobcentret")
