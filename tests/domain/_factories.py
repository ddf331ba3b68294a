"""Small builders for domain tests: a typical aktivitetsparat case and its attempts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from outreach_app.domain import (
    RULES_2020,
    Attempt,
    AttemptOutcome,
    CaseFacts,
    GuidanceChannel,
    LetterChannel,
    NoShowKind,
    Partner,
    PartnerKind,
    Rung,
    TargetGroup,
)

Outcome = AttemptOutcome
NO_SHOW = date(2024, 3, 4)
GUIDANCE_WORDING = "Vejledning om rådighed og sanktioner (standardtekst 2024)"


def day(n: int) -> date:
    """The day ``n`` days after the no-show."""
    return NO_SHOW + timedelta(days=n)


def make_facts(**overrides) -> CaseFacts:
    """An aktivitetsparat no-show on NO_SHOW, guidance given, assessed 30 days later."""
    base = CaseFacts(
        target_group=TargetGroup.AKTIVITETSPARAT,
        no_show_date=NO_SHOW,
        no_show_kind=NoShowKind.INTERVIEW,
        rule_set=RULES_2020,
        today=day(30),
        las35_guidance_given=NO_SHOW - timedelta(days=20),
        las35_guidance_channel=GuidanceChannel.DIGITAL_POST,
        las35_guidance_wording=GUIDANCE_WORDING,
    )
    return replace(base, **overrides)


def letter(n: int = 1, recipient=None, channel=LetterChannel.DIGITAL_POST, **kw) -> Attempt:
    return Attempt(
        Rung.HEARING_LETTER, Outcome.SENT, day(n), recipient=recipient, channel=channel, **kw
    )


def partner_attempt(partner, n: int, outcome=Outcome.NO_CONTACT) -> Attempt:
    return Attempt(Rung.PARTNER_CONTACT, outcome, day(n), partner=partner)


MENTOR = Partner("p-mentor", PartnerKind.MENTOR)
SKP = Partner("p-skp", PartnerKind.SUPPORT_CONTACT_PERSON)


def ladder_without_contact(partners=(MENTOR, SKP), *, home_visit: bool = True) -> tuple:
    """Attempts climbing every rung without reaching the citizen (days 1-12)."""
    attempts = [
        letter(1),
        Attempt(Rung.CASE_FILE_CHECK, Outcome.NO_CONTACT, day(2)),
        Attempt(Rung.PHONE_CALL, Outcome.MESSAGE_LEFT, day(3)),
        Attempt(Rung.SMS_PROMPT, Outcome.SENT, day(3)),
    ]
    attempts += [partner_attempt(p.id, 5 + i) for i, p in enumerate(partners)]
    if home_visit:
        attempts.append(Attempt(Rung.HOME_VISIT, Outcome.NO_CONTACT, day(12)))
    return tuple(attempts)


def codes(issues) -> list[str]:
    """The codes of ``issues`` as plain strings, in order."""
    return [i.code.value for i in issues]
