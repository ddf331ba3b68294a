"""Regressions from the code review: double submits, ids from query strings, and what the
field app shows once a visit is called off."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from outreach_app.extensions import db
from outreach_app.models import Case, RoutePlan, RouteStop, Team, Visit
from outreach_app.services import clock, noshow
from outreach_app.services.refusal import Refusals


def test_a_double_submitted_no_show_is_refused_not_a_crash(app, make_user, monkeypatch):
    user = make_user("anna", "coordinator")
    data = noshow.NoShowInput(case_ref="JC-1", citizen_reference="P-1", full_name="Ida Test",
                              address="Testvej 1", postcode="2200", city="København N",
                              target_group="aktivitetsparat", no_show_kind="interview",
                              no_show_date=date.today() - timedelta(days=2))
    noshow.register_no_show(data, user, date.today())
    # The second submit passed its check before the first one was committed.
    monkeypatch.setattr(noshow, "case_ref_taken", lambda ref: False)
    with pytest.raises(Refusals) as refused:
        noshow.register_no_show(data, user, date.today())
    assert refused.value.refusals[0].code == "case_ref_taken"
    assert db.session.scalar(select(func.count(Case.id))) == 1


@pytest.mark.parametrize("url", ["/coordinator/?team=99999999999999999999",
                                 "/noshows/new?citizen=99999999999999999999"])
def test_a_huge_id_in_the_query_string_is_ignored(client, make_user, url):
    make_user("anna", "coordinator")
    client.login("anna")
    assert client.get(url).status_code == 200


def test_the_field_app_does_not_show_a_cancelled_visit(client, make_user, make_case):
    team = Team(name="Nord", travel_mode="bicycle", start_address="x",
                start_lat=55.68, start_lon=12.57)
    db.session.add(team)
    db.session.commit()
    make_user("villy", "outreach", team_id=team.id)
    kept = make_case(citizen=None)
    called_off = make_case(citizen=None)
    today = clock.today()  # the municipality's date, as the field page uses
    plan = RoutePlan(team_id=team.id, day=today, status="published")
    for seq, case in enumerate((kept, called_off), start=1):
        visit = Visit(case=case, earliest_on=today, deadline_on=today, status="planned",
                      service_minutes=20)
        plan.stops.append(RouteStop(visit=visit, seq=seq, arrival=time(9 + seq),
                                    start=time(9 + seq), departure=time(9 + seq, 20)))
    db.session.add(plan)
    db.session.commit()
    plan.stops[1].visit.status = "cancelled"
    db.session.commit()
    client.login("villy")
    page = client.get("/api/v1/route").get_data(as_text=True)
    assert kept.citizen.full_name in page
    assert called_off.citizen.full_name not in page
