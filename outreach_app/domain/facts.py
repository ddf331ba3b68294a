"""The plain data a case's ladder is assessed from (built by services from models)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from .periods import Exemption, SuspensionPeriod
from .rules import RuleSet
from .vocabulary import (
    AttemptOutcome,
    GuidanceChannel,
    LetterChannel,
    NoShowKind,
    PartnerKind,
    Rung,
    TargetGroup,
)

__all__ = ["Attempt", "CaseFacts", "Partner", "Ref"]

#: An identifier from the database (a primary key or a reference string).
Ref = int | str


@dataclass(frozen=True)
class Partner:
    """A partner of the citizen (mentor, support contact person, ...) that can be contacted."""

    id: Ref
    kind: PartnerKind


@dataclass(frozen=True)
class Attempt:
    """One documented contact attempt on a rung of the ladder.

    ``on`` is the day of the attempt. ``partner`` names the partner for a
    ``partner_contact`` attempt. For a ``hearing_letter``, ``recipient`` is
    None for the citizen or a representative's id, ``channel`` is how the
    letter went and ``reply_days`` overrides the rule set's default reply days.
    A reply to the hearing letter is an attempt on the ``hearing_letter`` rung
    with outcome ``contact``.
    """

    rung: Rung
    outcome: AttemptOutcome
    on: date
    partner: Ref | None = None
    recipient: Ref | None = None
    channel: LetterChannel | None = None
    reply_days: int | None = None


@dataclass(frozen=True)
class CaseFacts:
    """Everything the domain needs to know about one case (one no-show event).

    ``las35_guidance_given`` is the date written LAS § 35 guidance was last
    given before the no-show (None: never / not documented);
    ``las35_guidance_channel`` and ``las35_guidance_wording`` document how it
    was given and what it said (Ankestyrelsen: the municipality must be able to
    document when the guidance was given and its wording).
    ``hearing_extensions`` are the new reply deadlines granted on request, in
    the order they were granted (each moves the hearing deadline).
    ``representatives`` are the ids of the citizen's party representatives,
    who must each get the hearing letter. ``today`` is the day of assessment
    (the services pass the current date in Europe/Copenhagen).
    """

    target_group: TargetGroup
    no_show_date: date
    no_show_kind: NoShowKind
    rule_set: RuleSet
    today: date
    las35_guidance_given: date | None = None
    las35_guidance_channel: GuidanceChannel | None = None
    las35_guidance_wording: str = ""
    hearing_extensions: tuple[date, ...] = ()
    attempts: tuple[Attempt, ...] = ()
    partners: tuple[Partner, ...] = ()
    representatives: tuple[Ref, ...] = ()
    digital_post_exempt: bool = False
    has_mobile: bool = True
    sms_opt_out: bool = False
    exemptions: tuple[Exemption, ...] = ()
    suspension_periods: tuple[SuspensionPeriod, ...] = ()

    def with_attempt(self, attempt: Attempt) -> CaseFacts:
        """A copy of these facts with ``attempt`` appended (for what-if checks)."""
        return replace(self, attempts=(*self.attempts, attempt))
