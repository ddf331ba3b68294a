"""Teams and visits for the planning pages' tests, on days relative to today."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from sqlalchemy import select

from outreach_app.extensions import db
from outreach_app.models import RoutePlan, Team, User, Visit

# Spread over Copenhagen, a few km apart.
POSITIONS = [(55.69, 12.55), (55.70, 12.58), (55.66, 12.60), (55.68, 12.52), (55.675, 12.57),
             (55.705, 12.54), (55.66, 12.55), (55.685, 12.595), (55.695, 12.565),
             (55.67, 12.585)]


def next_monday(today: date | None = None) -> date:
    today = today or date.today()
    return today + timedelta(days=7 - today.weekday())


def make_team(name: str, members: int = 1, *, start=(55.6761, 12.5683), mode="bicycle",
              weekdays="0,1,2,3,4") -> Team:
    team = Team(name=name, travel_mode=mode, start_address="Rådhuspladsen 1",
                start_lat=start[0] if start else None, start_lon=start[1] if start else None,
                shift_start=time(8, 0), shift_end=time(16, 0), working_weekdays=weekdays)
    for n in range(members):
        team.members.append(User(username=f"{name.lower().replace(' ', '-')}-{n}",
                                 role="outreach", password_hash="x"))
    db.session.add(team)
    db.session.commit()
    return team


def make_visits(make_case, make_citizen, n: int, *, earliest: date, deadline: date,
                **kw) -> list[Visit]:
    visits = []
    for i in range(n):
        lat, lon = POSITIONS[i % len(POSITIONS)]
        citizen = make_citizen(lat=lat + 0.001 * (i // len(POSITIONS)), lon=lon)
        visit = Visit(case=make_case(citizen=citizen), earliest_on=earliest,
                      deadline_on=deadline, service_minutes=20, **kw)
        db.session.add(visit)
        visits.append(visit)
    db.session.commit()
    return visits


def plan_form(client, day: date, span: str = "week", mode: str = "keep_locked",
              teams: list[int] | None = None, **kw):
    data = {"day": day.isoformat(), "span": span, "mode": mode}
    if teams is not None:
        data["teams"] = [str(t) for t in teams]
    return client.submit("/planning/plan", data, form_url="/planning/", **kw)


def routes() -> list[RoutePlan]:
    db.session.expire_all()
    return list(db.session.scalars(select(RoutePlan).order_by(RoutePlan.day,
                                                              RoutePlan.team_id)))


ETA_RE = re.compile(r'<td data-label="[^"]*" class="eta">(\d\d:\d\d)')


def etas(page: str) -> list[str]:
    return ETA_RE.findall(page)
