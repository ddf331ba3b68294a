"""The hearing (partshøring, forvaltningsloven § 19): the letter and extensions of its deadline.

The letter goes to the citizen and a copy to each party representative, by
Digital Post or on paper for citizens exempt from it (domain.md §4.2 S1, §9.1).
It states the facts the decision will rest on, the reply deadline (no number of
days is fixed in law: a "reasonable" deadline, set per letter), that a decision
can be made without a reply once the deadline has passed, how to reply
(including by phone to the office), and that an extension can be asked for.

Extensions are granted "normally": each one sets a new, later reply deadline,
and so moves the earliest day a decision on the existing basis can be made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .deadlines import hearing_reply_deadline
from .facts import CaseFacts
from .issues import Issue, IssueCode
from .letters import DecisionLetter, danish_date
from .vocabulary import LetterChannel, NoShowKind, TargetGroup

__all__ = [
    "HearingLetterInput",
    "compose_hearing_letter",
    "validate_extension",
]

_LEGAL_DA = {
    NoShowKind.INTERVIEW: "§ 37 i lov om aktiv socialpolitik",
    NoShowKind.OFFER: "§ 36 i lov om aktiv socialpolitik",
    NoShowKind.LATE_ARRIVAL: "§ 36 i lov om aktiv socialpolitik",
    NoShowKind.PARTIAL_ABSENCE: "§ 36 i lov om aktiv socialpolitik",
}
_TITLE_DA = {
    NoShowKind.INTERVIEW: "Du mødte ikke op til en jobsamtale",
    NoShowKind.OFFER: "Du mødte ikke op til dit tilbud",
    NoShowKind.LATE_ARRIVAL: "Du kom for sent til dit tilbud",
    NoShowKind.PARTIAL_ABSENCE: "Du deltog kun i en del af dit tilbud",
}
_EVENT_DA = {
    NoShowKind.INTERVIEW: "du ikke mødte op til en jobsamtale",
    NoShowKind.OFFER: "du ikke mødte op til dit tilbud",
    NoShowKind.LATE_ARRIVAL: "du kom for sent til dit tilbud",
    NoShowKind.PARTIAL_ABSENCE: "du kun deltog i en del af dit tilbud",
}


def validate_extension(
    facts: CaseFacts, new_deadline: date, *, decided: bool = False
) -> tuple[Issue, ...]:
    """Reasons to refuse extending the hearing deadline to ``new_deadline`` (empty: accepted).

    Refused: no hearing letter was sent yet (nothing to extend); the case is
    already decided; and a new deadline on or before the current one (an
    extension moves the deadline later, never earlier).
    """
    current = hearing_reply_deadline(facts)
    if current is None:
        return (Issue(IssueCode.EXTENSION_WITHOUT_LETTER),)
    issues = []
    if decided:
        issues.append(Issue(IssueCode.EXTENSION_AFTER_DECISION))
    if new_deadline <= current:
        issues.append(
            Issue(IssueCode.EXTENSION_NOT_AFTER_DEADLINE, {"date": new_deadline,
                                                           "deadline": current})
        )
    return tuple(issues)


@dataclass(frozen=True)
class HearingLetterInput:
    """Plain data for one hearing letter.

    ``recipient_name`` is who this copy is addressed to; ``copy_for`` is None
    for the citizen's own letter, else the representative's role (e.g.
    "mentor"), and the letter then says it is a copy. ``copies_to`` names
    everyone else who gets a copy. ``address_lines`` are printed for paper
    letters.
    """

    municipality: str
    office_phone: str
    citizen_name: str
    case_reference: str
    sent_on: date
    reply_deadline: date
    channel: LetterChannel
    no_show_date: date
    no_show_kind: NoShowKind
    target_group: TargetGroup
    recipient_name: str
    copy_for: str | None = None
    copies_to: tuple[str, ...] = ()
    address_lines: tuple[str, ...] = ()


def compose_hearing_letter(data: HearingLetterInput) -> DecisionLetter:
    """The Danish hearing letter for ``data`` (title and sections, like a decision letter)."""
    event = _EVENT_DA[NoShowKind(data.no_show_kind)]
    when = danish_date(data.no_show_date)
    deadline = danish_date(data.reply_deadline)
    to = [f"Til: {data.recipient_name}", *data.address_lines]
    if data.copy_for is not None:
        to.append(
            f"Kopi til dig som {data.copy_for} og partsrepræsentant for {data.citizen_name}."
        )
    to.append(f"Sagsnummer: {data.case_reference}")
    if data.copies_to:
        to.append("Kopi sendt til: " + ", ".join(data.copies_to) + ".")
    sections: list[tuple[str, tuple[str, ...]]] = [
        (f"{data.municipality}, {danish_date(data.sent_on)}", tuple(to)),
        (
            "Hvad sagen drejer sig om",
            (
                f"Vi har registreret, at {event} den {when}. Vi har ingen oplysninger om "
                "årsagen.",
                "Før vi afgør, om du skal have fradrag i din hjælp, vil vi gerne høre din "
                "forklaring. Det er vi forpligtet til efter § 19 i forvaltningsloven "
                "(partshøring).",
                "Hvis du havde en rimelig grund, fx at du var syg eller indlagt på hospitalet, "
                "så fortæl os det, og send gerne dokumentation.",
                f"Hvis du ikke havde en rimelig grund, kan du få fradrag i din hjælp efter "
                f"{_LEGAL_DA[NoShowKind(data.no_show_kind)]}.",
            ),
        ),
        (
            "Svarfrist",
            (
                f"Vi skal have dit svar senest den {deadline}.",
                "Hvis vi ikke hører fra dig inden fristen, kan vi træffe afgørelse uden dit "
                "svar, ud fra de oplysninger, vi har i sagen.",
            ),
        ),
        (
            "Sådan svarer du",
            (
                f"Ring til os på telefon {data.office_phone}, eller skriv til os med "
                "Digital Post eller brev. Husk sagsnummeret.",
                "Du er også velkommen til at komme forbi, eller at lade en, du har tillid til, "
                "kontakte os for dig.",
            ),
        ),
        (
            "Har du brug for mere tid?",
            (
                f"Du kan bede om at få forlænget fristen. Ring til os på telefon "
                f"{data.office_phone} inden fristen.",
            ),
        ),
    ]
    if data.target_group in (TargetGroup.AKTIVITETSPARAT, TargetGroup.RESSOURCEFORLOEB):
        sections.append(
            (
                "Vi vil gerne tale med dig",
                (
                    "Hvis vi ikke hører fra dig, forsøger vi at komme i kontakt med dig på "
                    "anden måde: vi ringer, sender en SMS, kontakter de samarbejdspartnere, du "
                    "har, og kan komme forbi din bopæl.",
                ),
            )
        )
    how = (
        "Brevet er sendt med Digital Post."
        if data.channel == LetterChannel.DIGITAL_POST
        else "Brevet er sendt med posten."
    )
    sections.append(("Med venlig hilsen", (data.municipality, how)))
    title = f"Partshøring: {_TITLE_DA[NoShowKind(data.no_show_kind)]} den {when}"
    return DecisionLetter(title=title, sections=tuple(sections))
