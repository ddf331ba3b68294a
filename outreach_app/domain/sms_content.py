"""What an SMS to a citizen may say, and how long it is.

Public-sector SMS (NemSMS practice, Datatilsynet) may say no more than "please contact
us": never the reason for contact, sanctions, benefits, health or any case detail, and
one message is at most one SMS segment (160 GSM-7 characters, 70 in UCS-2).

Templates use ``{placeholder}`` fields. A template is checked against its worst-case
rendering: every placeholder replaced by the longest value it can take, so a template
that passes can never render into two segments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "GSM7_BASIC",
    "GSM7_EXTENDED",
    "PLACEHOLDERS",
    "DEFAULT_FORBIDDEN_TERMS",
    "DEFAULT_TEMPLATES",
    "MessageTooLong",
    "SmsLength",
    "TemplateKey",
    "TemplateProblem",
    "check_template",
    "measure",
    "placeholders_in",
    "render",
    "render_message",
    "worst_case",
]

# The GSM 03.38 default alphabet. æøåÆØÅ are in it, so Danish text stays GSM-7.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The extension table: each character is sent as ESC + char, so it counts twice.
GSM7_EXTENDED = frozenset("^{}\\[~]|€\f")

GSM7_SINGLE, GSM7_MULTI = 160, 153
UCS2_SINGLE, UCS2_MULTI = 70, 67


class TemplateKey(StrEnum):
    """The templates an admin edits; each has its own allowed placeholders."""

    CONTACT_PROMPT = "contact_prompt"  # the nem-SMS rung: "please contact us"
    REMINDER_DAYS = "reminder_days"  # a job-centre meeting, some days ahead
    REMINDER_HOURS = "reminder_hours"  # the same meeting, some hours ahead
    CONTACT_PROMPT_VOLUNTARY = "contact_prompt_voluntary"  # inside a suspension period


#: The longest value each placeholder can render to (the worst case the editor measures).
#: ``office_phone`` is measured with the configured number, see :func:`worst_case`.
PLACEHOLDER_WORST = {
    "office_phone": "+45 99 99 99 99 99",
    "office": "Jobcenter København, Ydelsesservice",
    "date": "onsdag den 30. september",
    "time": "23:59",
}

#: Which placeholders each template may use. Anything else is refused by name.
PLACEHOLDERS: Mapping[TemplateKey, frozenset[str]] = {
    TemplateKey.CONTACT_PROMPT: frozenset({"office_phone", "office"}),
    TemplateKey.CONTACT_PROMPT_VOLUNTARY: frozenset({"office_phone", "office"}),
    TemplateKey.REMINDER_DAYS: frozenset({"office_phone", "office", "date", "time"}),
    TemplateKey.REMINDER_HOURS: frozenset({"office_phone", "office", "date", "time"}),
}

#: The shipped Danish wording. Neutral: who we are and a number to call, nothing else.
DEFAULT_TEMPLATES: Mapping[TemplateKey, str] = {
    TemplateKey.CONTACT_PROMPT: (
        "Hej. Vi vil gerne tale med dig. Ring til os på {office_phone} "
        "(hverdage 9-15). Venlig hilsen {office}"
    ),
    TemplateKey.CONTACT_PROMPT_VOLUNTARY: (
        "Hej. Vi vil gerne høre, hvordan det går. Det er frivilligt at ringe. "
        "Ring gerne på {office_phone}. Venlig hilsen {office}"
    ),
    TemplateKey.REMINDER_DAYS: (
        "Påmindelse: Du har en aftale med os {date} kl. {time}. "
        "Kan du ikke komme, så ring på {office_phone}. {office}"
    ),
    TemplateKey.REMINDER_HOURS: (
        "Påmindelse: Din aftale med os er i dag kl. {time}. "
        "Ring på {office_phone}, hvis du ikke kan komme. {office}"
    ),
}

#: The shipped list an admin maintains: words (matched as word starts, any case) and
#: placeholders that would reveal the reason for contact, benefits, sanctions, health
#: or a case detail.
DEFAULT_FORBIDDEN_TERMS = (
    "sanktion", "sanktioner", "fradrag", "træk i", "ydelse", "kontanthjælp",
    "uddannelseshjælp", "selvforsørgelses", "ressourceforløb", "aktivitetsparat",
    "jobparat", "udeblivelse", "udeblev", "partshøring", "høring", "afgørelse",
    "sagsnummer", "sag nr", "cpr", "misbrug", "behandling", "diagnose", "psykiatri",
    "sygdom", "læge", "hjemløs", "gæld",
    "{name}", "{navn}", "{cpr}", "{address}", "{adresse}", "{case_ref}", "{sagsnummer}",
    "{reason}", "{grund}", "{target_group}", "{amount}", "{beløb}",
)

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class ProblemKind(StrEnum):
    """Why a template is refused; each value is also its refusal's code, worded by the
    views' one table (so it must not clash with another code there)."""

    FORBIDDEN_WORD = "sms_forbidden_word"
    FORBIDDEN_PLACEHOLDER = "sms_forbidden_placeholder"
    UNKNOWN_PLACEHOLDER = "sms_unknown_placeholder"
    TOO_LONG = "sms_too_long"
    EMPTY = "sms_empty"


@dataclass(frozen=True)
class TemplateProblem:
    """Why a template is refused; ``term`` is the offending word or placeholder."""

    kind: ProblemKind
    term: str = ""
    length: SmsLength | None = None


@dataclass(frozen=True)
class SmsLength:
    """Characters as the network counts them, the encoding, and the segments needed."""

    characters: int
    encoding: str  # "GSM-7" or "UCS-2"
    segments: int

    @property
    def single_segment_limit(self) -> int:
        return GSM7_SINGLE if self.encoding == "GSM-7" else UCS2_SINGLE


def measure(text: str) -> SmsLength:
    """Length and segment count of ``text`` as an SMS.

    GSM-7 when every character is in the default alphabet or its extension table
    (extension characters such as € count twice); otherwise UCS-2, which counts
    UTF-16 code units, so an emoji counts twice.
    """
    if all(c in GSM7_BASIC or c in GSM7_EXTENDED for c in text):
        units = sum(2 if c in GSM7_EXTENDED else 1 for c in text)
        single, multi, encoding = GSM7_SINGLE, GSM7_MULTI, "GSM-7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, multi, encoding = UCS2_SINGLE, UCS2_MULTI, "UCS-2"
    if units == 0:
        segments = 0
    elif units <= single:
        segments = 1
    else:
        segments = -(-units // multi)
    return SmsLength(units, encoding, segments)


def placeholders_in(body: str) -> list[str]:
    """The placeholder names used in a template, in order of first use."""
    seen: list[str] = []
    for name in _PLACEHOLDER.findall(body):
        if name not in seen:
            seen.append(name)
    return seen


def render(body: str, values: Mapping[str, str]) -> str:
    """Fill the placeholders; a missing value is an error, never an empty gap."""
    def fill(match: re.Match) -> str:
        return values[match.group(1)]

    return _PLACEHOLDER.sub(fill, body)


class MessageTooLong(ValueError):
    """A rendered message needs more than one SMS segment: it is refused, not queued.

    The template passed its worst-case check when it was saved, but the values it is
    filled with today (the office's name, the configured phone number) can be longer.
    """

    def __init__(self, length: SmsLength):
        super().__init__(
            f"The message would be {length.characters} {length.encoding} characters, more "
            f"than one SMS holds ({length.single_segment_limit}); it was not queued.")
        self.length = length


def render_message(body: str, values: Mapping[str, str]) -> str:
    """The message a citizen gets: the template filled in, refused (MessageTooLong) when
    it needs more than one segment. Every queued message goes through here."""
    text = render(body, values)
    length = measure(text)
    if length.segments > 1:
        raise MessageTooLong(length)
    return text


def worst_case(body: str, office_phone: str = "", office: str = "") -> str:
    """The template rendered with the longest value each placeholder can take."""
    values = dict(PLACEHOLDER_WORST)
    if office_phone:
        values["office_phone"] = office_phone
    if office:
        values["office"] = office
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), body)


def _term_pattern(term: str) -> re.Pattern:
    # A word term matches where a word starts ("sanktion" finds "Sanktionen"), so
    # inflections are caught without listing each one.
    return re.compile(r"(?<!\w)" + re.escape(term), re.IGNORECASE)


def find_forbidden(text: str, terms: Iterable[str]) -> list[str]:
    """The forbidden terms that occur in ``text`` (placeholders exactly, words by start)."""
    found = []
    for term in terms:
        term = term.strip()
        if not term:
            continue
        if term.startswith("{"):
            if term.lower() in (f"{{{p.lower()}}}" for p in placeholders_in(text)):
                found.append(term)
        elif _term_pattern(term).search(_PLACEHOLDER.sub(" ", text)):
            found.append(term)
    return found


def check_template(key: TemplateKey, body: str, forbidden_terms: Iterable[str],
                   office_phone: str = "", office: str = "") -> list[TemplateProblem]:
    """Every reason the template may not be saved; empty when it is fine."""
    if not body.strip():
        return [TemplateProblem(ProblemKind.EMPTY)]
    problems = []
    terms = list(forbidden_terms)
    for term in find_forbidden(body, terms):
        kind = (ProblemKind.FORBIDDEN_PLACEHOLDER if term.startswith("{")
                else ProblemKind.FORBIDDEN_WORD)
        problems.append(TemplateProblem(kind, term))
    forbidden_placeholders = {t.lower() for t in terms if t.startswith("{")}
    for name in placeholders_in(body):
        if name not in PLACEHOLDERS[key] and f"{{{name.lower()}}}" not in forbidden_placeholders:
            problems.append(TemplateProblem(ProblemKind.UNKNOWN_PLACEHOLDER, f"{{{name}}}"))
    length = measure(worst_case(body, office_phone, office))
    if length.segments > 1:
        problems.append(TemplateProblem(ProblemKind.TOO_LONG, length=length))
    return problems
