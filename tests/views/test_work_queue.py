"""The start pages are work queues: the coordinator's open cases, most urgent first, with counts
per step and 'due soon'; the caseworker's cases awaiting a decision, oldest first. Both page in
SQL, so the number of statements per page does not grow with the number of cases."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event

from outreach_app.domain import CaseStatus
from outreach_app.extensions import db
from outreach_app.models import Case
from outreach_app.services import case_list, case_state, clock
from outreach_app.services.volume import seed_volume


@contextmanager
def _statements():
    seen = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _statements_for(client, url) -> int:
    client.get(url)  # warm: the first request loads what every later one reuses
    with _statements() as seen:
        response = client.get(url)
    assert response.status_code == 200
    return len(seen)


def _users(make_user):
    make_user("kim", "coordinator")
    make_user("sara", "caseworker")


def _as(client, username):
    other = client.application.test_client()
    other.login(username)
    return other


def test_both_start_pages_cost_the_same_statements_at_30_and_300_cases(client, make_user):
    _users(make_user)
    seed_volume(30, clock.today(), seed=3)
    kim, sara = _as(client, "kim"), _as(client, "sara")
    small = _statements_for(kim, "/coordinator/"), _statements_for(sara, "/caseworker/")
    seed_volume(270, clock.today(), seed=4)
    large = _statements_for(kim, "/coordinator/"), _statements_for(sara, "/caseworker/")
    assert small == large
    assert max(large) <= 12


def _ids_on(page: str) -> list[str]:
    return re.findall(r'href="/cases/(\d+)"', page)


def test_the_queue_shows_open_cases_most_urgent_first_and_decided_ones_behind_a_filter(
        client, make_user):
    _users(make_user)
    seed_volume(120, clock.today(), seed=5)
    client.login("kim")
    page = client.get("/coordinator/").get_data(as_text=True)
    shown = [int(i) for i in _ids_on(page)]
    cases = {c.id: c for c in db.session.query(Case)}
    assert shown and all(CaseStatus(cases[i].status).active for i in shown)
    dues = [cases[i].step_due_on for i in shown]
    assert dues == sorted(dues)
    decided = client.get("/coordinator/?show=decided").get_data(as_text=True)
    assert all(not CaseStatus(cases[int(i)].status).active for i in _ids_on(decided))
    assert len(_ids_on(decided)) == case_list.PAGE_SIZE  # most of the history is decided


def test_counts_link_to_the_filtered_list(client, make_user, make_case):
    _users(make_user)
    today = clock.today()
    # The latest home-visit day is weeks before the deduction deadline: a no-show about
    # 4 months ago is past it while still on the first rung.
    late = make_case(no_show_date=today - timedelta(days=100))
    fresh = make_case(no_show_date=today - timedelta(days=2))
    for c in (late, fresh):
        case_state.refresh(c, today)
    db.session.commit()
    assert late.step_due_on < today <= fresh.step_due_on
    client.login("kim")
    page = client.get("/coordinator/").get_data(as_text=True)
    assert 'href="/coordinator/?rung=hearing_letter"><strong>2</strong>' in page
    overdue = client.get("/coordinator/?overdue=y").get_data(as_text=True)
    assert f'/cases/{late.id}"' in overdue and f'/cases/{fresh.id}"' not in overdue


def test_an_unknown_filter_or_a_page_past_the_end_shows_an_empty_page_with_a_message(
        client, make_user):
    _users(make_user)
    seed_volume(10, clock.today(), seed=6)
    client.login("kim")
    for url in ("/coordinator/?rung=nonsense", "/coordinator/?show=x", "/coordinator/?page=0",
                "/coordinator/?page=abc", "/coordinator/?team=99999999999"):
        response = client.get(url)
        page = response.get_data(as_text=True)
        assert response.status_code == 200, url
        assert _ids_on(page) == [] and "kan ikke vise" in page, url
    past = client.get("/coordinator/?page=40&show=all").get_data(as_text=True)
    assert _ids_on(past) == [] and "Der er ingen side 40" in past
    past = _as(client, "sara").get("/caseworker/?page=40").get_data(as_text=True)
    assert "Der er ingen side 40" in past


def test_paging_walks_the_whole_history_once(client, make_user):
    _users(make_user)
    seed_volume(130, clock.today(), seed=7)
    client.login("kim")
    seen = []
    for n in (1, 2, 3):
        seen += _ids_on(client.get(f"/coordinator/?show=all&page={n}").get_data(as_text=True))
    assert len(seen) == len(set(seen)) == 130
