"""The Danish decision letter, composed from plain data.

The letter contains what a decision must contain (domain.md §6): the decision,
the reasons (forvaltningsloven § 22) incl. the assessment of the reason for
absence, the facts relied on, the documented contact attempts, the legal basis,
the LAS § 35 guidance, the reassessment clause and the appeal guidance (4 weeks;
the municipality reassesses, then Ankestyrelsen). A decision fully in the
citizen's favour (no sanction) needs neither reasons nor appeal guidance, but
gets the facts and the attempts for the record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

from .deduction import DeductionPeriod
from .facts import Attempt, Partner, Ref
from .vocabulary import (
    AbsenceReason,
    AttemptOutcome,
    DecisionOutcome,
    GuidanceChannel,
    IllnessReport,
    LetterChannel,
    NoShowKind,
    PartnerKind,
    ProgressionFactor,
    Rung,
)

__all__ = [
    "LEGAL_TEXTS_DA",
    "DecisionLetter",
    "DecisionLetterInput",
    "compose_decision_letter",
    "danish_date",
    "kroner",
]

_MONTHS = (
    "januar februar marts april maj juni juli august september oktober november december"
).split()

#: Legal-basis text keys (see RuleSet.legal_basis) and their Danish references.
LEGAL_TEXTS_DA: Mapping[str, str] = MappingProxyType(
    {
        "las_35": "§ 35 i lov om aktiv socialpolitik (skriftlig vejledning og fradrag "
        "inden for 3 hele kalendermåneder)",
        "las_36": "§ 36 i lov om aktiv socialpolitik (udeblivelse fra tilbud)",
        "las_37": "§ 37 i lov om aktiv socialpolitik (udeblivelse fra jobsamtale)",
        "las_69b": "§ 69 b i lov om aktiv socialpolitik (fradrag i ressourceforløbsydelse)",
        "fvl_19": "§ 19 i forvaltningsloven (partshøring)",
    }
)

_RUNG_DA = {
    Rung.HEARING_LETTER: "Partshøringsbrev",
    Rung.CASE_FILE_CHECK: "Gennemgang af sagen",
    Rung.PHONE_CALL: "Telefonopkald",
    Rung.SMS_PROMPT: "SMS med opfordring til at kontakte os",
    Rung.PARTNER_CONTACT: "Kontakt til samarbejdspartner",
    Rung.HOME_VISIT: "Besøg på din bopæl",
}
_OUTCOME_DA = {
    AttemptOutcome.SENT: "sendt",
    AttemptOutcome.CONTACT: "kontakt opnået",
    AttemptOutcome.NO_CONTACT: "ingen kontakt",
    AttemptOutcome.NO_ANSWER: "intet svar",
    AttemptOutcome.MESSAGE_LEFT: "besked lagt",
    AttemptOutcome.NO_NUMBER: "intet telefonnummer",
    AttemptOutcome.SKIPPED: "ikke muligt (intet mobilnummer eller framelding af SMS)",
    AttemptOutcome.INFORMATION_OBTAINED: "oplysninger modtaget",
    AttemptOutcome.ABORTED: "afbrudt",
}
_PARTNER_DA = {
    PartnerKind.ACTIVATION_PROVIDER: "beskæftigelsestilbud",
    PartnerKind.MENTOR: "mentor",
    PartnerKind.SUPPORT_CONTACT_PERSON: "støttekontaktperson",
    PartnerKind.HOUSING_ADVISER: "boligrådgiver",
    PartnerKind.HOMELESS_UNIT: "hjemløseenheden",
    PartnerKind.COUNSELLING_CENTRE: "rådgivningscenter",
    PartnerKind.PSYCHIATRIC_CENTRE: "psykiatrisk center",
    PartnerKind.OTHER: "anden samarbejdspartner",
}
_CHANNEL_DA = {LetterChannel.DIGITAL_POST: "Digital Post", LetterChannel.PAPER: "brev med posten"}
_ABSENCE_DA = {
    AbsenceReason.ILLNESS: "sygdom",
    AbsenceReason.CHILDCARE: "manglende børnepasning",
    AbsenceReason.SICK_CHILD: "barns sygdom",
    AbsenceReason.HEALTH_VS_OFFER: "helbredsforhold, der gør tilbuddet uegnet",
    AbsenceReason.TRANSPORT_TIME: "for lang transporttid",
    AbsenceReason.HOLIDAY: "ferie",
    AbsenceReason.WORK_OR_INTERVIEW: "arbejde eller jobsamtale",
    AbsenceReason.OTHER_REASONABLE: "anden rimelig grund",
}
_PROGRESSION_DA = {
    ProgressionFactor.TREATMENT_START: "du er lige startet i misbrugsbehandling",
    ProgressionFactor.OWN_HOUSING: "du er lige flyttet i egen bolig",
    ProgressionFactor.OTHER_PROGRESSION: "du har taget andre nye skridt mod arbejdsmarkedet",
    ProgressionFactor.RELAPSE: "et kortvarigt tilbagefald",
    ProgressionFactor.DIVORCE: "en skilsmisse",
    ProgressionFactor.MEDICATION_CHANGE: "ændring af medicin",
    ProgressionFactor.OTHER_SHORT_TERM: "en anden kortvarig situation",
}
_GUIDANCE_CHANNEL_DA = {
    GuidanceChannel.DIGITAL_POST: "med Digital Post",
    GuidanceChannel.PAPER: "med brev med posten",
    GuidanceChannel.IN_PERSON: "skriftligt ved et personligt møde",
}
#: What the citizen did, as the end of "Du får fradrag i din hjælp, fordi du ...".
_DID_DA = {
    NoShowKind.INTERVIEW: "ikke mødte op til en jobsamtale",
    NoShowKind.OFFER: "ikke mødte op til dit tilbud",
    NoShowKind.LATE_ARRIVAL: "kom for sent til dit tilbud",
    NoShowKind.PARTIAL_ABSENCE: "kun deltog i en del af dit tilbud",
}


def kroner(amount) -> str:
    """An amount the Danish way: ``1.234,50 kr.``."""
    whole, _, cents = f"{amount:,.2f}".partition(".")
    return f"{whole.replace(',', '.')},{cents} kr."


def danish_date(day: date) -> str:
    """``day`` written the Danish way, e.g. ``4. marts 2024``."""
    return f"{day.day}. {_MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class DecisionLetterInput:
    """Plain data for one decision letter (the caseworker's assessment and the case)."""

    municipality: str
    office_phone: str
    citizen_name: str
    case_reference: str
    decided_on: date
    outcome: DecisionOutcome
    no_show_date: date
    no_show_kind: NoShowKind
    reasoning: str
    legal_basis_keys: tuple[str, ...]
    absence_reason: AbsenceReason = AbsenceReason.UNKNOWN
    citizen_explanation: str | None = None
    facts_relied_on: tuple[str, ...] = ()
    attempts: tuple[Attempt, ...] = ()
    partners: tuple[Partner, ...] = ()
    las35_guidance_given: date | None = None
    las35_guidance_channel: GuidanceChannel | None = None
    las35_guidance_wording: str = ""
    medical_information: str | None = None
    progression_factors: tuple[ProgressionFactor, ...] = ()
    progression_reasoning: str = ""
    #: The "closer to work" assessment (None: not made, e.g. not aktivitetsparat).
    closer_to_work: bool | None = None
    closer_to_work_reasons: str = ""
    illness_report: IllnessReport | None = None
    deduction: DeductionPeriod | None = None
    #: How the letter goes and the day it counts as received (starts the appeal clock).
    channel: LetterChannel | None = None
    received_on: date | None = None


@dataclass(frozen=True)
class DecisionLetter:
    """A composed letter: a title and sections of (heading, paragraphs)."""

    title: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def text(self) -> str:
        """The whole letter as plain text (headings followed by their paragraphs)."""
        parts = [self.title]
        for heading, paragraphs in self.sections:
            parts.append(heading if not paragraphs else heading + "\n" + "\n".join(paragraphs))
        return "\n\n".join(parts)


def _attempt_line(attempt: Attempt, partner_kinds: Mapping[Ref, PartnerKind]) -> str:
    label = _RUNG_DA[attempt.rung]
    if attempt.rung == Rung.PARTNER_CONTACT and attempt.partner in partner_kinds:
        label += f" ({_PARTNER_DA[partner_kinds[attempt.partner]]})"
    if attempt.rung == Rung.HEARING_LETTER:
        label += " til dig" if attempt.recipient is None else " til din partsrepræsentant"
        if attempt.channel is not None:
            label += f" via {_CHANNEL_DA[attempt.channel]}"
    return f"- {danish_date(attempt.on)}: {label}: {_OUTCOME_DA[attempt.outcome]}."


def _decision_paragraph(data: DecisionLetterInput) -> str:
    what = f"{_DID_DA[data.no_show_kind]} den {danish_date(data.no_show_date)}"
    if data.outcome == DecisionOutcome.NO_SANCTION:
        return f"Du får ikke fradrag i din hjælp, fordi du {what}."
    return f"Du får fradrag i din hjælp, fordi du {what} uden at have en rimelig grund."


def _deduction_paragraphs(period: DeductionPeriod) -> tuple[str, ...]:
    first = danish_date(period.first_day)
    if period.until_contact and period.open:
        lines = [
            f"Fradraget gælder fra og med {first}, den dag du skulle have deltaget i samtalen, "
            "og indtil du igen kontakter kommunen. Dagen for samtalen trækkes altid, også hvis "
            "du kontakter os samme dag.",
            f"Til og med {danish_date(period.counted_to)} er det {period.days} "
            f"{'dag' if period.days == 1 else 'dage'}.",
        ]
    else:
        lines = [
            f"Fradraget gælder for perioden {first} til og med "
            f"{danish_date(period.last_day)}: {period.days} "  # type: ignore[arg-type]
            f"{'dag' if period.days == 1 else 'dage'}."
        ]
        if period.until_contact and period.contact_reestablished_on is not None:
            lines.append(
                "Du kontaktede igen kommunen den "
                f"{danish_date(period.contact_reestablished_on)}. Dagen for samtalen "
                "trækkes altid, også hvis du kontakter os samme dag."
            )
    if period.daily_rate is not None:
        amount = period.amount
        lines.append(
            f"Fradraget er {kroner(period.daily_rate)} pr. dag, i alt {kroner(amount)}"
            + (" indtil videre." if period.open else ".")
        )
    return tuple(lines)


def _receipt_lines(data: DecisionLetterInput) -> tuple[str, ...]:
    if data.received_on is None:
        return ()
    how = (
        "med Digital Post, og den regnes for modtaget, når den er tilgængelig i din digitale "
        "postkasse"
        if data.channel == LetterChannel.DIGITAL_POST
        else "med posten"
    )
    deadline = data.received_on + timedelta(weeks=4)
    return (
        f"Afgørelsen er sendt {how}. Den regnes for modtaget den "
        f"{danish_date(data.received_on)}, så fristen for at klage er den "
        f"{danish_date(deadline)}.",
    )


def _guidance_paragraph(data: DecisionLetterInput) -> str:
    how = _GUIDANCE_CHANNEL_DA.get(data.las35_guidance_channel, "skriftligt")  # type: ignore[arg-type]
    text = (
        "Du fik skriftlig vejledning om dine pligter og om konsekvensen af ikke at "
        f"overholde dem den {danish_date(data.las35_guidance_given)} {how}."  # type: ignore[arg-type]
    )
    if data.las35_guidance_wording.strip():
        text += f" Vejledningen lød: »{data.las35_guidance_wording.strip()}«."
    return text


def _reason_paragraphs(data: DecisionLetterInput) -> list[str]:
    paragraphs = [data.reasoning.strip()] if data.reasoning.strip() else []
    if data.outcome == DecisionOutcome.SANCTION_EXISTING_BASIS:
        paragraphs.append(
            "Vi har ikke kunnet komme i personlig kontakt med dig, selv om vi har forsøgt "
            "på de måder, der er nævnt nedenfor. Afgørelsen er derfor truffet på det "
            "foreliggende grundlag."
        )
    if data.absence_reason in _ABSENCE_DA:
        paragraphs.append(
            f"Vi har vurderet, om der var en rimelig grund til din udeblivelse "
            f"({_ABSENCE_DA[data.absence_reason]})."
        )
    if data.absence_reason == AbsenceReason.ILLNESS and data.illness_report is not None:
        paragraphs.append(
            "Du meldte dig syg, før du skulle være mødt."
            if data.illness_report == IllnessReport.REPORTED
            else "Du meldte dig ikke syg, før du skulle være mødt. Det har vi lagt vægt på."
        )
    if data.closer_to_work is True:
        paragraphs.append(
            "Vi har vurderet, at en sanktion vil bringe dig tættere på arbejde eller uddannelse: "
            f"{data.closer_to_work_reasons.strip()}"
        )
    if data.progression_factors:
        listed = "; ".join(_PROGRESSION_DA[f] for f in data.progression_factors)
        paragraphs.append(f"Vi har vurderet, om følgende forhold taler imod en sanktion: {listed}.")
        if data.progression_reasoning.strip():
            paragraphs.append(
                "Vi mener alligevel, at sanktionen vil bringe dig tættere på arbejde eller "
                f"uddannelse: {data.progression_reasoning.strip()}"
            )
    return paragraphs


def compose_decision_letter(data: DecisionLetterInput) -> DecisionLetter:
    """Compose the Danish decision letter for ``data``.

    Raises ``ValueError`` for a sanction without written reasons or without
    documented LAS § 35 guidance (the domain refuses such decisions anyway).
    """
    sanction = data.outcome != DecisionOutcome.NO_SANCTION
    if sanction and not data.reasoning.strip():
        raise ValueError("a sanction decision needs written reasons (forvaltningsloven § 22)")
    if sanction and data.las35_guidance_given is None:
        raise ValueError("a sanction decision needs documented LAS § 35 guidance")

    sections: list[tuple[str, tuple[str, ...]]] = [
        (
            f"{data.municipality}, {danish_date(data.decided_on)}",
            (f"Til: {data.citizen_name}", f"Sagsnummer: {data.case_reference}"),
        ),
        ("Afgørelse", (_decision_paragraph(data),)),
    ]
    if sanction:
        sections.append(("Begrundelse", tuple(_reason_paragraphs(data))))
        if data.deduction is not None:
            sections.append(("Fradragets periode og størrelse",
                             _deduction_paragraphs(data.deduction)))
    elif data.closer_to_work is False:
        sections.append((
            "Begrundelse",
            ("Vi har vurderet, at en sanktion ikke vil bringe dig tættere på arbejde eller "
             "uddannelse.",),
        ))
    facts = list(data.facts_relied_on)
    if data.medical_information:
        facts.append(f"Lægelige oplysninger: {data.medical_information.strip()}")
    if data.citizen_explanation:
        facts.append(f"Din forklaring: {data.citizen_explanation.strip()}")
    if facts:
        sections.append(("Oplysninger, vi har lagt vægt på", tuple(f"- {f}" for f in facts)))
    if data.attempts:
        kinds = {p.id: p.kind for p in data.partners}
        lines = tuple(_attempt_line(a, kinds) for a in sorted(data.attempts, key=lambda a: a.on))
        sections.append(("Vores forsøg på at komme i kontakt med dig", lines))
    if sanction:
        keys = list(dict.fromkeys(("las_35", *data.legal_basis_keys)))
        rules = tuple(f"- {LEGAL_TEXTS_DA.get(k, k)}" for k in keys)
        sections.append(("Regler", (*rules, _guidance_paragraph(data))))
        sections.append(
            (
                "Ny vurdering",
                (
                    "Afgørelsen kan genvurderes, når der er nye og relevante oplysninger i "
                    f"sagen. Kontakt os på telefon {data.office_phone}.",
                ),
            )
        )
        sections.append(
            (
                "Klagevejledning",
                (
                    "Du kan klage over afgørelsen inden for 4 uger efter, at du har modtaget "
                    f"den. Du klager til {data.municipality}, skriftligt eller mundtligt.",
                    *_receipt_lines(data),
                    "Vi vurderer afgørelsen igen inden for 4 uger. Hvis vi fastholder den, "
                    "sender vi din klage videre til Ankestyrelsen.",
                ),
            )
        )
    title = "Afgørelse om fradrag i din hjælp" if sanction else "Afgørelse: ingen sanktion"
    return DecisionLetter(title=title, sections=tuple(sections))
