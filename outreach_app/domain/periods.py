"""Suspension periods and exemptions: dates on which a no-show cannot be sanctioned."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .vocabulary import ExemptionReason

__all__ = [
    "COVID_19_CALENDAR",
    "COVID_19_SUSPENSION",
    "PRELOADED_SUSPENSION_PERIODS",
    "Exemption",
    "SuspensionPeriod",
    "exemptions_covering",
    "suspensions_covering",
]


@dataclass(frozen=True)
class SuspensionPeriod:
    """A window (inclusive dates) of special rules for the employment effort (e.g. COVID-19).

    The flags say what the window meant (domain.md §8):

    * ``availability_duty_suspended``: the duty to be available (job search,
      meetings, offers) was suspended;
    * ``meetings_voluntary``: attending meetings was voluntary, so not attending
      had no consequence for the benefit (contact wording must say so);
    * ``digital_meetings_allowed``: meetings could be held by phone or video
      instead of in person. On its own this does not stop a sanction.

    A no-show inside a window whose duty was suspended or whose meetings were
    voluntary cannot lead to a sanction (:attr:`excludes_sanction`).
    """

    name: str
    start: date
    end: date
    meetings_voluntary: bool = True
    availability_duty_suspended: bool = True
    digital_meetings_allowed: bool = False
    note: str = ""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"suspension period {self.name!r}: end is before start")

    def covers(self, day: date) -> bool:
        """True when ``day`` lies inside the period (both ends included)."""
        return self.start <= day <= self.end

    @property
    def excludes_sanction(self) -> bool:
        """True when a no-show in this window cannot be sanctioned."""
        return self.availability_duty_suspended or self.meetings_voluntary


@dataclass(frozen=True)
class Exemption:
    """A citizen's exemption from sanctions, from ``start`` to ``end`` (None: open-ended)."""

    reason: ExemptionReason
    start: date
    end: date | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError("exemption: end is before start")

    def covers(self, day: date) -> bool:
        """True when ``day`` lies inside the exemption (both ends included)."""
        return self.start <= day and (self.end is None or day <= self.end)


def suspensions_covering(
    day: date, periods: Iterable[SuspensionPeriod], *, excluding_only: bool = True
) -> tuple[SuspensionPeriod, ...]:
    """The periods that cover ``day``, in start order.

    By default only the windows that exclude a sanction (duty suspended or
    meetings voluntary); ``excluding_only=False`` gives every window, e.g. to
    show that digital meetings were allowed.
    """
    return tuple(
        sorted(
            (p for p in periods if p.covers(day) and (p.excludes_sanction or not excluding_only)),
            key=lambda p: p.start,
        )
    )


def exemptions_covering(day: date, exemptions: Iterable[Exemption]) -> tuple[Exemption, ...]:
    """The exemptions that cover ``day``, in start order."""
    return tuple(sorted((e for e in exemptions if e.covers(day)), key=lambda e: e.start))


#: The COVID-19 windows (domain.md §8, seed 002; sources: STAR news and Q&A,
#: the orders named in each note). Only the first window suspended the
#: availability duty and made meetings voluntary; later windows allowed
#: telephone or digital meetings instead of physical attendance, which does not
#: by itself stop a sanction.
COVID_19_SUSPENSION = SuspensionPeriod(
    name="COVID-19: delvis suspension af beskæftigelsesindsatsen",
    start=date(2020, 3, 12),
    end=date(2020, 5, 26),
    meetings_voluntary=True,
    availability_duty_suspended=True,
    digital_meetings_allowed=True,
    note=(
        "STAR suspenderede den aktive beskæftigelsesindsats 12. marts 2020; bekendtgørelse om "
        "delvis suspension fra 20. marts 2020. Rådighedsforpligtelsen (jobsøgning, samtaler og "
        "tilbud) var suspenderet, og deltagelse i samtaler var frivillig: udeblivelse havde "
        "ingen konsekvens for hjælpen. Delvis genåbning 27. maj 2020."
    ),
)

COVID_19_REOPENING_2020 = SuspensionPeriod(
    name="COVID-19: delvis genåbning, samtaler også digitalt",
    start=date(2020, 5, 27),
    end=date(2020, 12, 19),
    meetings_voluntary=False,
    availability_duty_suspended=False,
    digital_meetings_allowed=True,
    note=(
        "Delvis genåbning 27. maj 2020. Rådighedsforpligtelsen gælder igen. Samtaler kan "
        "holdes telefonisk eller digitalt (fra 1. oktober 2020 efter ny bekendtgørelse, "
        "til 31. december 2020)."
    ),
)

COVID_19_WINTER_2020 = SuspensionPeriod(
    name="COVID-19: nedlukning vinter 2020-21 (BEK nr. 2050 af 18/12/2020)",
    start=date(2020, 12, 20),
    end=date(2021, 1, 31),
    meetings_voluntary=False,
    availability_duty_suspended=False,
    digital_meetings_allowed=True,
    note=(
        "BEK nr. 2050 af 18. december 2020: nytteindsats lukket; virksomhedspraktik og "
        "løntilskud kun med borgerens samtykke, nye kun digitalt. Samtaler telefonisk eller "
        "digitalt. Rådighedsforpligtelsen er ikke suspenderet."
    ),
)

COVID_19_REOPENING_2021 = SuspensionPeriod(
    name="COVID-19: genåbning 2021, fysisk fremmøde igen fra 1. august 2021",
    start=date(2021, 4, 15),
    end=date(2021, 8, 31),
    meetings_voluntary=False,
    availability_duty_suspended=False,
    digital_meetings_allowed=True,
    note=(
        "Delvis genåbning 15. april 2021 (bek. nr. 646 af 13/4/2021, derefter bek. nr. 885 af "
        "11/5/2021); ret og pligt genindført fra 1. juli 2021. Fra 1. august 2021 er fysisk "
        "fremmøde igen hovedreglen; allerede indkaldte digitale samtaler kan holdes til "
        "1. september 2021."
    ),
)

#: Every COVID-19 window, oldest first.
COVID_19_CALENDAR: tuple[SuspensionPeriod, ...] = (
    COVID_19_SUSPENSION,
    COVID_19_REOPENING_2020,
    COVID_19_WINTER_2020,
    COVID_19_REOPENING_2021,
)

#: Suspension periods the app seeds into a new database.
PRELOADED_SUSPENSION_PERIODS: tuple[SuspensionPeriod, ...] = COVID_19_CALENDAR
