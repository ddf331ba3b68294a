"""The hearing letter (forvaltningsloven § 19) through the pages: composed in Danish for the
citizen and a copy for each representative, paper for exempt citizens; and extensions of the
hearing deadline, which move the earliest decision on the existing basis."""

from __future__ import annotations

import re

from sqlalchemy import select

from outreach_app.extensions import db
from outreach_app.models import AuditEvent, HearingExtension, Partner
from tests.views.ladder_helpers import case_id_from, days_ago, fill, register, step


def _case(client, make_user, **extra):
    make_user("kim", "coordinator")
    client.login("kim")
    case_id = case_id_from(register(client, "H-1", no_show=days_ago(10), las35=days_ago(40),
                                    citizen_ref="P-H1", **extra))
    return case_id


def _letter_links(page: str) -> list[str]:
    return re.findall(r'href="(/cases/\d+/hearing-letters/\d+)"', page)


def test_hearing_letter_is_composed_in_danish_with_everything_fvl_19_asks(client, make_user):
    case_id = _case(client, make_user)
    step(client, case_id, "hearing_letter", on=days_ago(9), outcome="sent", partner_id="0",
         letter_channel="digital_post", reply_days="10")
    links = _letter_links(client.get(f"/cases/{case_id}").get_data(as_text=True))
    assert len(links) == 1
    letter = client.get(links[0]).get_data(as_text=True)
    assert "Partshøring: Du ikke mødte op til en jobsamtale" not in letter  # reads as Danish
    assert "Til: Ida Fiktivsen" in letter
    assert "senest den" in letter and "træffe afgørelse uden dit svar" in letter
    assert "Ring til os på telefon" in letter and "forlænget fristen" in letter
    assert "§ 19 i forvaltningsloven" in letter and "sendt med Digital Post" in letter
    assert db.session.scalar(select(AuditEvent.id).where(
        AuditEvent.action == "hearing_letter.view")) is not None


def test_paper_letter_for_an_exempt_citizen_and_a_copy_for_the_representative(
        client, make_user):
    case_id = _case(client, make_user, digital_post_exempt="y")
    from outreach_app.models import Case
    case = db.session.get(Case, case_id)
    mentor = Partner(citizen_id=case.citizen_id, kind="mentor", name="Mads Mentor",
                     organisation="Mentorhuset", is_representative=True)
    db.session.add(mentor)
    db.session.commit()
    step(client, case_id, "hearing_letter", on=days_ago(9), outcome="sent", partner_id="0",
         letter_channel="paper", reply_days="7")
    step(client, case_id, "hearing_letter", on=days_ago(9), outcome="sent",
         partner_id=str(mentor.id), letter_channel="digital_post", reply_days="7")
    links = _letter_links(client.get(f"/cases/{case_id}").get_data(as_text=True))
    assert len(links) == 2
    own, copy = (client.get(u).get_data(as_text=True) for u in links)
    assert "Nørrebrogade 12" in own and "sendt med posten" in own
    assert "Kopi sendt til: Mads Mentor (mentor)" in own
    assert "Til: Mads Mentor" in copy and "Kopi til dig som mentor og partsrepræsentant" in copy


def test_an_extension_moves_the_earliest_decision_and_one_before_the_deadline_is_refused(
        client, make_user):
    case_id = _case(client, make_user)
    step(client, case_id, "hearing_letter", on=days_ago(9), outcome="sent", partner_id="0",
         letter_channel="digital_post", reply_days="7")  # deadline: 2 days ago
    refused = fill(client, f"/cases/{case_id}/hearing-extension",
                   {"new_deadline": days_ago(3), "notes": "Borgeren ringede."})
    assert refused.status_code == 400
    assert 'id="new_deadline-error">Den nye frist' in refused.get_data(as_text=True)
    assert db.session.scalar(select(HearingExtension.id)) is None
    ok = fill(client, f"/cases/{case_id}/hearing-extension",
              {"new_deadline": days_ago(-5), "notes": "Borgeren bad om en uge mere."})
    assert ok.status_code == 302, ok.get_data(as_text=True)
    row = db.session.scalar(select(HearingExtension))
    assert row.previous_deadline.isoformat() == days_ago(2)
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Borgeren bad om en uge mere." in page
    # The deadline now lies ahead: a decision on the existing basis has to wait for it.
    make_user("sara", "caseworker")
    sara = client.application.test_client()
    sara.login("sara")
    decide = sara.get(f"/cases/{case_id}/decision").get_data(as_text=True)
    assert "Svarfristen i partshøringen er ikke udløbet" in decide
