"""COVID-19 windows (domain.md §8): meetings voluntary / availability duty suspended stop a
sanction; windows where only digital meetings were allowed do not."""

from datetime import date

import pytest

from outreach_app.domain import COVID_19_CALENDAR, PRELOADED_SUSPENSION_PERIODS, sanction_exclusions

from ._factories import codes, make_facts


def _facts(no_show):
    return make_facts(no_show_date=no_show, today=no_show, las35_guidance_given=date(2020, 1, 2)
                      if no_show < date(2020, 7, 1) else no_show.replace(day=1),
                      suspension_periods=PRELOADED_SUSPENSION_PERIODS)


def test_the_calendar_has_the_later_windows_with_their_flags():
    assert PRELOADED_SUSPENSION_PERIODS == COVID_19_CALENDAR
    flags = [(p.start, p.availability_duty_suspended, p.meetings_voluntary,
              p.digital_meetings_allowed) for p in COVID_19_CALENDAR]
    assert flags == [
        (date(2020, 3, 12), True, True, True),
        (date(2020, 5, 27), False, False, True),
        (date(2020, 12, 20), False, False, True),
        (date(2021, 4, 15), False, False, True),
    ]
    assert COVID_19_CALENDAR[-1].end == date(2021, 8, 31)


@pytest.mark.parametrize("no_show", [date(2020, 3, 12), date(2020, 5, 26)])
def test_no_sanction_while_the_availability_duty_was_suspended(no_show):
    assert codes(sanction_exclusions(_facts(no_show))) == ["suspension_period"]


@pytest.mark.parametrize("no_show", [date(2020, 5, 27), date(2020, 10, 5), date(2021, 1, 11),
                                     date(2021, 8, 2)])
def test_digital_meetings_allowed_does_not_stop_a_sanction(no_show):
    assert sanction_exclusions(_facts(no_show)) == ()
