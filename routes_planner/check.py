"""An independent check of a plan against the input's hard rules.

It recomputes travel and times from the visits, teams and travel model alone (not
from the solver's internals), so tests and benchmarks can trust what it says.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from routes_planner.model import Locked, Place, Plan, Team, Visit
from routes_planner.problem import seconds_of
from routes_planner.travel import TravelModel


def check_plan(
    plan: Plan,
    visits: Sequence[Visit],
    teams: Sequence[Team],
    days: Sequence[date],
    travel: TravelModel,
    locked: Sequence[Locked] = (),
) -> list[str]:
    """Every broken hard rule of ``plan``, one readable line each; empty when it holds."""
    errors: list[str] = []
    by_id = {v.id: v for v in visits}
    team_by_id = {t.id: t for t in teams}
    seen: dict[str, str] = {}
    locked_by = {lk.visit: lk for lk in locked}
    for route in plan.routes:
        where = f"route {route.team} {route.day}"
        team = team_by_id.get(route.team)
        if team is None:
            errors.append(f"{where}: unknown team")
            continue
        if route.day not in days or not team.works_on(route.day):
            errors.append(f"{where}: team does not work that day")
        places: list[Place] = [team.start, team.end_place]
        for s in route.stops:
            v = by_id.get(s.visit)
            if v is None:
                errors.append(f"{where}: unknown visit {s.visit}")
                return errors
            places.append(v.place)
        m = travel.matrices(places, team.mode).seconds
        t = seconds_of(team.shift.start)
        if seconds_of(route.leave) < t:
            errors.append(f"{where}: leaves before the shift starts")
        t = max(t, seconds_of(route.leave))
        prev = 0
        total = 0
        for k, s in enumerate(route.stops):
            v = by_id[s.visit]
            lk = locked_by.get(v.id)
            if s.visit in seen:
                errors.append(f"{where}: visit {s.visit} also in {seen[s.visit]}")
            seen[s.visit] = where
            leg = int(m[prev, k + 2])
            total += leg
            prev = k + 2
            start = seconds_of(s.start)
            done = lk is not None and lk.start is not None
            if not done and start + 59 < t + leg:
                errors.append(f"{where}: {v.id} starts before the team can be there")
            if lk is None:
                if v.earliest and route.day < v.earliest:
                    errors.append(f"{where}: {v.id} before its earliest day {v.earliest}")
                if v.deadline and route.day > v.deadline:
                    errors.append(f"{where}: {v.id} after its deadline {v.deadline}")
                if v.window and not (seconds_of(v.window[0]) <= start <= seconds_of(v.window[1])):
                    errors.append(f"{where}: {v.id} starts {s.start} outside its window")
                if v.pair and team.size < 2:
                    errors.append(f"{where}: {v.id} needs two workers, team has one")
                if (v.team and v.team != team.id) or team.id in v.not_teams:
                    errors.append(f"{where}: {v.id} is not allowed on team {team.id}")
            elif (lk.team, lk.day) != (route.team, route.day):
                errors.append(f"{where}: locked {v.id} moved from {lk.team} {lk.day}")
            if start < seconds_of(team.shift.start):
                errors.append(f"{where}: {v.id} starts before the shift")
            t = start + 60 * v.service_minutes
        back = t + int(m[prev, 1])
        total += int(m[prev, 1])
        if back > seconds_of(team.shift.end):
            errors.append(f"{where}: back home after the shift ends")
        if abs(total - route.travel_seconds) > 1:
            errors.append(f"{where}: travel_seconds {route.travel_seconds} != {total}")
        order = [s.visit for s in route.stops if s.visit in locked_by]
        want = [lk.visit for lk in locked if (lk.team, lk.day) == (route.team, route.day)]
        if order != want or [s.visit for s in route.stops[: len(want)]] != want:
            errors.append(f"{where}: locked stops not kept first and in order")
    for lk in locked:
        if lk.visit not in seen:
            errors.append(f"locked visit {lk.visit} is missing")
    unplaced = {u.visit for u in plan.unplaced}
    for v in visits:
        if v.id not in seen and v.id not in unplaced:
            errors.append(f"visit {v.id} is neither planned nor unplaced")
        if v.id in seen and v.id in unplaced:
            errors.append(f"visit {v.id} is both planned and unplaced")
    return errors
