"""The rule sets shipped with the product (data, not code).

Sources: domain.md §2-§7 and seed 000. Values that the law does not fix (the
hearing reply days, paper-post allowance, lead days) are municipal choices and
can be changed by storing an edited copy (see :func:`rule_set_from_dict`).
"""

from __future__ import annotations

from datetime import date

from .rules import RuleSet
from .vocabulary import LADDER_ORDER, NoShowKind, Rung, TargetGroup

__all__ = ["RULES_2020", "DRAFT_2027", "SHIPPED_RULE_SETS"]

_FULL_LADDER: tuple[Rung, ...] = LADDER_ORDER
_HEARING_ONLY: tuple[Rung, ...] = (Rung.HEARING_LETTER,)

_REQUIRED_RUNGS = {
    # Extended hearing with a duty of personal contact (Ankestyrelsen 2014/2015,
    # seed 000: "aktivitetsparate og ressourceforløbsborgere").
    TargetGroup.AKTIVITETSPARAT: _FULL_LADDER,
    TargetGroup.RESSOURCEFORLOEB: _FULL_LADDER,
    # Ordinary hearing (forvaltningsloven § 19) only.
    TargetGroup.JOBPARAT: _HEARING_ONLY,
    TargetGroup.UDDANNELSESPARAT: _HEARING_ONLY,
}

_LEGAL_BASIS = {
    NoShowKind.INTERVIEW: ("las_37",),
    NoShowKind.OFFER: ("las_36",),
    # Late arrival and partial absence are assessed as (partial) absence from the
    # activity (Ankestyrelsen, "Forsinkelse og delvis udeblivelse").
    NoShowKind.LATE_ARRIVAL: ("las_36",),
    NoShowKind.PARTIAL_ABSENCE: ("las_36",),
}

# Ressourceforløbsydelse has its own deduction rule (LAS § 69 b, which applies
# § 36 stk. 2-3 correspondingly). The interview mapping is unverified.
_LEGAL_BASIS_BY_GROUP = {
    TargetGroup.RESSOURCEFORLOEB: {
        NoShowKind.INTERVIEW: ("las_69b",),
        NoShowKind.OFFER: ("las_69b", "las_36"),
        NoShowKind.LATE_ARRIVAL: ("las_69b", "las_36"),
        NoShowKind.PARTIAL_ABSENCE: ("las_69b", "las_36"),
    },
}

#: Ankestyrelsen (AFG 21-22): the written LAS § 35 guidance is given at the first
#: job interview at the latest and repeated at least every half year.
_GUIDANCE_MAX_AGE_MONTHS = 6

#: The revision of the shipped definitions; init-db and migration 0006 replace an
#: installed copy of an older revision (rule sets are read-only in the app).
_REVISION = 2

RULES_2020 = RuleSet(
    key="dk-2020",
    name="Enklere og skærpede sanktioner (lov nr. 1558 af 27/12/2019), 2020-2026",
    valid_from=date(2020, 1, 1),
    valid_to=date(2026, 12, 31),
    draft=False,
    sanctionable_target_groups=frozenset(TargetGroup),
    required_rungs=_REQUIRED_RUNGS,
    hearing_reply_days=7,
    paper_letter_extra_days=5,
    visit_service_minutes=20,
    deduction_deadline_months=3,
    decision_lead_days=7,
    visit_lead_days=7,
    las35_guidance_max_age_months=_GUIDANCE_MAX_AGE_MONTHS,
    no_show_kinds=frozenset(NoShowKind),
    paper_post_delivery_days=6,
    revision=_REVISION,
    legal_basis=_LEGAL_BASIS,
    legal_basis_by_group=_LEGAL_BASIS_BY_GROUP,
    notes=(
        "Gælder for udeblivelser fra 1. januar 2020 (lov nr. 1558 af 27. december 2019, "
        "»Enklere og skærpede sanktioner«) og videre efter kontanthjælpsreformen 1. juli 2025 "
        "(lov nr. 1655 af 30. december 2024) og lov nr. 1750 af 29. december 2025. "
        "Sanktion forudsætter skriftlig vejledning efter lov om aktiv socialpolitik § 35, "
        "stk. 1, givet før udeblivelsen og gentaget mindst hvert halve år (Ankestyrelsens "
        "principafgørelse 21-22). Fradrag skal foretages inden for 3 hele kalendermåneder "
        "efter udeblivelsen (§ 35, stk. 3). Aktivitetsparate og borgere i ressourceforløb "
        "skal høres udvidet: alle rimelige muligheder for personlig kontakt skal være "
        "udtømt. Svarfristen i partshøringen (forvaltningsloven § 19) er kommunens valg; "
        "loven kræver en rimelig frist."
    ),
)

DRAFT_2027 = RuleSet(
    key="dk-2027-draft",
    name="Planlagt sanktionsreform 2027 (udkast)",
    valid_from=date(2027, 1, 1),
    valid_to=None,
    draft=True,
    # KL's consultation reply (12 Nov 2025): aktivitetsparate "som udgangspunkt
    # ikke sanktioneres". Existing ressourceforløb continue as legacy cases.
    sanctionable_target_groups=frozenset(
        {TargetGroup.JOBPARAT, TargetGroup.UDDANNELSESPARAT, TargetGroup.RESSOURCEFORLOEB}
    ),
    required_rungs=_REQUIRED_RUNGS,
    hearing_reply_days=7,
    paper_letter_extra_days=5,
    visit_service_minutes=20,
    deduction_deadline_months=3,
    decision_lead_days=7,
    visit_lead_days=7,
    las35_guidance_max_age_months=_GUIDANCE_MAX_AGE_MONTHS,
    no_show_kinds=frozenset(NoShowKind),
    paper_post_delivery_days=6,
    revision=_REVISION,
    legal_basis=_LEGAL_BASIS,
    legal_basis_by_group=_LEGAL_BASIS_BY_GROUP,
    notes=(
        "Udkast til den planlagte ændring af sanktionssystemet pr. 1. januar 2027 (fase 2 af "
        "reformen af beskæftigelsesindsatsen). Efter lovudkastet, som gengivet i KL's "
        "høringssvar af 12. november 2025, skal aktivitetsparate kontanthjælpsmodtagere "
        "»som udgangspunkt ikke sanktioneres«. Undtagelserne kendes endnu ikke. Et udkast "
        "vælges aldrig for en sag."
    ),
)

#: All rule sets the product ships, oldest first.
SHIPPED_RULE_SETS: tuple[RuleSet, ...] = (RULES_2020, DRAFT_2027)
