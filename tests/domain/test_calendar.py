"""The calendar rules: working weekdays, Danish public holidays, absent members, pairs."""

from __future__ import annotations

from datetime import date, time

from outreach_app.domain.calendar import (
    Absence,
    TeamCalendar,
    TeamProblem,
    parse_weekdays,
    problems,
    public_holiday,
    team_day,
    team_days,
)

WEEKDAYS = frozenset(range(5))


def _team(members=(1, 2), weekdays=WEEKDAYS, absences=(), **kw) -> TeamCalendar:
    return TeamCalendar(team=7, members=tuple(members), weekdays=weekdays,
                        shift_start=time(8), shift_end=time(16), absences=tuple(absences), **kw)


def test_a_team_works_its_weekdays_and_not_the_weekend():
    days = team_days(date(2026, 11, 23), date(2026, 11, 29), [_team()])
    assert [d.day.isoformat() for d in days] == [
        "2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"]


def test_danish_public_holidays_are_no_working_days():
    # Easter 2026: Maundy Thursday 2 April, Good Friday 3 April, Easter Monday 6 April.
    days = team_days(date(2026, 3, 30), date(2026, 4, 10), [_team()])
    assert [d.day.day for d in days] == [30, 31, 1, 7, 8, 9, 10]
    assert public_holiday(date(2026, 12, 25)) and public_holiday(date(2026, 12, 26))
    assert team_day(_team(weekdays=frozenset(range(7))), date(2026, 12, 25)) is None


def test_great_prayer_day_is_a_working_day_since_2024():
    # Store Bededag was abolished from 2024 (the 4th Friday after Easter).
    assert public_holiday(date(2026, 5, 1)) is None
    assert team_day(_team(), date(2026, 5, 1)) is not None


def test_a_pair_team_with_one_member_ill_works_alone_and_takes_no_pair_visits():
    ill = Absence(member=2, starts_on=date(2026, 11, 24), ends_on=date(2026, 11, 24))
    team = _team(absences=[ill])
    monday, tuesday = team_day(team, date(2026, 11, 23)), team_day(team, date(2026, 11, 24))
    assert monday.pair and monday.members == (1, 2)
    assert not tuesday.pair and tuesday.members == (1,)


def test_a_team_whose_members_are_all_away_does_not_work_that_day():
    away = [Absence(1, date(2026, 11, 23), date(2026, 11, 25)),
            Absence(2, date(2026, 11, 25), date(2026, 11, 27))]
    days = team_days(date(2026, 11, 23), date(2026, 11, 27), [_team(absences=away)])
    assert [(d.day.day, d.members) for d in days] == [
        (23, (2,)), (24, (2,)), (26, (1,)), (27, (1,))]


def test_a_team_without_members_or_start_point_has_no_days_and_says_why():
    empty = _team(members=(), has_start=False)
    assert problems(empty) == [TeamProblem.NO_MEMBERS, TeamProblem.NO_START]
    assert team_days(date(2026, 11, 23), date(2026, 11, 27), [empty]) == []
    assert problems(_team(weekdays=frozenset())) == [TeamProblem.NO_WORKING_DAYS]
    assert problems(_team()) == []


def test_weekday_storage_ignores_what_is_not_a_weekday():
    assert parse_weekdays("0,2, 4,x,9,") == frozenset({0, 2, 4})


def test_the_shift_length_is_the_day_s_capacity():
    day = team_day(_team(), date(2026, 11, 23))
    assert day.minutes == 480


def test_day_status_explains_each_day_with_the_same_rules():
    from outreach_app.domain.calendar import DayKind, day_status

    team = _team(absences=[Absence(2, date(2026, 12, 22), date(2026, 12, 22)),
                           Absence(1, date(2026, 12, 23), date(2026, 12, 23)),
                           Absence(2, date(2026, 12, 23), date(2026, 12, 23))])
    kinds = {d: day_status(team, date(2026, 12, d)) for d in (21, 22, 23, 25, 27)}
    assert [kinds[d].kind for d in (21, 22, 23, 25, 27)] == [
        DayKind.PAIR, DayKind.ALONE, DayKind.ALL_AWAY, DayKind.HOLIDAY, DayKind.DAY_OFF]
    assert kinds[22].away == (2,) and kinds[25].holiday == "Christmas Day"
    for d, status in kinds.items():
        assert status.working == (team_day(team, date(2026, 12, d)) is not None)
