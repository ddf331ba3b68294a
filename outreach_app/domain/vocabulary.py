"""Vocabularies shared by the domain, the database and the user interface.

Every enum is a ``StrEnum`` whose values are stable, lower-case ASCII snake_case
strings: the database stores the value, the app translates it for display
(Danish / English labels live in the translation catalogues, not here).

Never rename or remove a value once it has been stored; add new ones instead.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "AbsenceReason",
    "AppealOutcome",
    "AttemptOutcome",
    "DecisionOutcome",
    "ExemptionReason",
    "GuidanceChannel",
    "IllnessReport",
    "LetterChannel",
    "MeetingChannel",
    "NoShowKind",
    "PartnerKind",
    "ProgressionFactor",
    "ReassessmentOutcome",
    "Rung",
    "TargetGroup",
    "VisitOutcome",
    "LADDER_ORDER",
    "REASONABLE_CAUSES",
]


class TargetGroup(StrEnum):
    """The citizen's visitation category (or programme) on the no-show date."""

    AKTIVITETSPARAT = "aktivitetsparat"
    RESSOURCEFORLOEB = "ressourceforloeb"
    JOBPARAT = "jobparat"
    UDDANNELSESPARAT = "uddannelsesparat"


class NoShowKind(StrEnum):
    """What the citizen did not attend: a job interview (LAS § 37) or an offer (LAS § 36).

    ``late_arrival`` and ``partial_absence`` are kinds of absence that can count
    as a (partial) no-show after a concrete assessment (Ankestyrelsen,
    "Forsinkelse og delvis udeblivelse"); a rule set says whether it allows
    them (:attr:`RuleSet.no_show_kinds`).
    """

    INTERVIEW = "interview"
    OFFER = "offer"
    LATE_ARRIVAL = "late_arrival"
    PARTIAL_ABSENCE = "partial_absence"


class Rung(StrEnum):
    """One rung of the contact ladder; members are declared in ladder order."""

    HEARING_LETTER = "hearing_letter"
    CASE_FILE_CHECK = "case_file_check"
    PHONE_CALL = "phone_call"
    SMS_PROMPT = "sms_prompt"
    PARTNER_CONTACT = "partner_contact"
    HOME_VISIT = "home_visit"


#: The rungs in the order the ladder climbs them.
LADDER_ORDER: tuple[Rung, ...] = tuple(Rung)


class AttemptOutcome(StrEnum):
    """The outcome of one contact attempt on a rung.

    ``contact`` means personal contact with the citizen was achieved (directly,
    by a reply, or through a partner); it ends the search. ``aborted`` (a home
    visit broken off) records the attempt but leaves the rung open.
    """

    SENT = "sent"
    CONTACT = "contact"
    NO_CONTACT = "no_contact"
    NO_ANSWER = "no_answer"
    MESSAGE_LEFT = "message_left"
    NO_NUMBER = "no_number"
    SKIPPED = "skipped"
    INFORMATION_OBTAINED = "information_obtained"
    ABORTED = "aborted"


class LetterChannel(StrEnum):
    """How a letter was delivered: Digital Post, or paper for exempt citizens."""

    DIGITAL_POST = "digital_post"
    PAPER = "paper"


class GuidanceChannel(StrEnum):
    """How the written LAS § 35 guidance reached the citizen."""

    DIGITAL_POST = "digital_post"
    PAPER = "paper"
    IN_PERSON = "in_person"


class PartnerKind(StrEnum):
    """The kinds of partners through whom the citizen may be reached (seed 000)."""

    ACTIVATION_PROVIDER = "activation_provider"
    MENTOR = "mentor"
    SUPPORT_CONTACT_PERSON = "support_contact_person"
    HOUSING_ADVISER = "housing_adviser"
    HOMELESS_UNIT = "homeless_unit"
    COUNSELLING_CENTRE = "counselling_centre"
    PSYCHIATRIC_CENTRE = "psychiatric_centre"
    OTHER = "other"


class VisitOutcome(StrEnum):
    """The outcome of a home visit as recorded by the field worker."""

    MET = "met"
    NOT_AT_HOME = "not_at_home"
    MOVED = "moved"
    REFUSED = "refused"
    ABORTED_SAFETY = "aborted_safety"
    OTHER = "other"


class MeetingChannel(StrEnum):
    """The channel of a meeting with the citizen (in person, phone, digital)."""

    IN_PERSON = "in_person"
    PHONE = "phone"
    DIGITAL = "digital"


class DecisionOutcome(StrEnum):
    """The caseworker's decision: no sanction, or a sanction with / without contact."""

    NO_SANCTION = "no_sanction"
    SANCTION_WITH_CONTACT = "sanction_with_contact"
    SANCTION_EXISTING_BASIS = "sanction_existing_basis"


class AbsenceReason(StrEnum):
    """The reason for absence, from the list of legally reasonable causes (domain.md §5).

    ``none`` means no reasonable cause was found; ``unknown`` means the reason
    could not be established (typically a decision on the existing basis).
    ``sick_child`` and ``work_or_interview`` are not confirmed in the statute
    for cash benefit (domain.md §5 marks them unverified).
    """

    ILLNESS = "illness"
    CHILDCARE = "childcare"
    SICK_CHILD = "sick_child"
    HEALTH_VS_OFFER = "health_vs_offer"
    TRANSPORT_TIME = "transport_time"
    HOLIDAY = "holiday"
    WORK_OR_INTERVIEW = "work_or_interview"
    OTHER_REASONABLE = "other_reasonable"
    NONE = "none"
    UNKNOWN = "unknown"


#: The legally reasonable causes: each of them rules out a sanction for the absence.
REASONABLE_CAUSES: frozenset[AbsenceReason] = frozenset(
    set(AbsenceReason) - {AbsenceReason.NONE, AbsenceReason.UNKNOWN}
)


class ProgressionFactor(StrEnum):
    """Circumstances that speak against a sanction (seed 000 §6, domain.md §7).

    Progression: the citizen just started addiction treatment, just moved into
    their own home, or took another new step. Short-term situations: a relapse,
    a divorce, a change of medication or similar, after which the citizen is
    again heading toward the labour market. Recorded with the decision; they
    inform the caseworker's assessment and do not block a sanction by themselves.
    """

    TREATMENT_START = "treatment_start"
    OWN_HOUSING = "own_housing"
    OTHER_PROGRESSION = "other_progression"
    RELAPSE = "relapse"
    DIVORCE = "divorce"
    MEDICATION_CHANGE = "medication_change"
    OTHER_SHORT_TERM = "other_short_term"


class IllnessReport(StrEnum):
    """Whether an illness given as the reason for absence was reported in time.

    A fact the caseworker weighs (bek. 1716/2023 § 15 nr. 6-7: failing to report
    sickness is itself a reason to assess availability): an unreported illness is
    not automatically a reasonable cause.
    """

    REPORTED = "reported"
    NOT_REPORTED = "not_reported"


class ReassessmentOutcome(StrEnum):
    """Result of reassessing a sanction on new information: maintained or annulled."""

    MAINTAINED = "maintained"
    ANNULLED = "annulled"


class AppealOutcome(StrEnum):
    """Outcome of an appeal at the appeals board (Ankestyrelsen)."""

    UPHELD = "upheld"
    CHANGED = "changed"
    REMITTED = "remitted"
    DISMISSED = "dismissed"


class ExemptionReason(StrEnum):
    """Why a citizen is exempt from sanctions (domain.md §8, seed 003)."""

    HOSPITALISED = "hospitalised"
    DISABILITY_PENSION_PENDING = "disability_pension_pending"
    MEDICALLY_DOCUMENTED_HARM = "medically_documented_harm"
    MATERNITY_LEAVE = "maternity_leave"
    OTHER = "other"
