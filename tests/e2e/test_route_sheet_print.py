"""The printed route sheet of a full team-day: 8 stops with long addresses, long access
notes, safety flags and pairs fit one A4 page when Chromium prints it to PDF, and the
paper says the safety flags in words and nothing of the cases."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from tests.e2e.conftest import ROOT, flask_server, login, run_cli, screenshot

PASSWORD = "Rutekort-Printer-2026-x"
# Eight homes in central Copenhagen with long addresses and access notes, some with
# safety flags (domain/safety.py values), a short safety text, and visits in pairs.
STOPS = [
    ("Hans Christian Andersens Boulevard 144, 3. sal tv., opgang B", 55.6735, 12.5700,
     "Opgangen mod gården. Kode 1934 til porten, derefter trappe C til venstre. "
     "Elevatoren er ofte i stykker; ring på hos viceværten i stuen, hvis døren er låst.",
     ["dog"], "Stor hund, bliver i køkkenet når man ringer", True),
    ("Frederiksberg Allé 102, baghuset, 4. sal th., dør ved siden af cykelkælderen", 55.6745,
     12.5430, "Porten står åben til kl. 17. Navneskiltet siger \"Jensen/Nielsen\". "
     "Ring to gange kort og vent; hun er dårligt gående og er lang tid om at komme ud.",
     [], "", False),
    ("Nørre Voldgade 88, 5. sal, lejlighed 512 (gennem butikken i stueetagen)", 55.6830,
     12.5680, "Adgang gennem frisørsalonen i stueetagen i åbningstiden, ellers "
     "dørtelefon 512 ved sidedøren i Nørregade. Postkassen er tit fuld, læg ikke breve.",
     ["threats", "others"], "Undgå aftenbesøg; naboen har tidligere blandet sig", True),
    ("Sankt Hans Torv 26, 2. sal th. (indgang fra Fælledvej ved bageren)", 55.6920, 12.5600,
     "Dørtelefonen virker ikke: ring på mobilen fra gaden, så kommer han ned og "
     "åbner. Parkering kun i gården bag bageriet mellem 9 og 15 på hverdage.",
     [], "", False),
    ("Østerbrogade 226, 1. sal mf., opgang gennem gården, dør mærket \"Kontor\"", 55.7080,
     12.5780, "Gårdporten har kode 4455. Trappen til 1. sal er den smalle til højre "
     "efter skraldeskurene. Borgeren foretrækker, at man banker frem for at ringe.",
     ["pairs"], "", True),
    ("Christianshavns Voldgade 71, stuen tv., kælderlejligheden mod kanalen", 55.6700,
     12.5930, "Ned ad trappen fra fortovet; døren er den grønne til venstre. Dårlig "
     "mobildækning i kælderen. Hunden er venlig, men springer op ad folk.",
     ["dog", "pairs"], "Hunden er ikke farlig, men stor", True),
    ("Amagerbrogade 150, 6. sal th., højhuset bag Netto (elevator til 5. sal)", 55.6620,
     12.6020, "Tag elevatoren til 5. sal og trappen det sidste stykke. Døren åbnes kun, "
     "hvis man har ringet i forvejen fra kontorets nummer; ellers svarer hun ikke.",
     ["others"], "Voksen søn bor der og kan være vred", False),
    ("Vesterbrogade 161, 3. sal, værelse 14 på det midlertidige botilbud", 55.6700, 12.5400,
     "Henvend dig i receptionen i stueetagen og vis kommunens id-kort. Personalet "
     "følger med op. Besøg kun mellem 10 og 14 (spisetid og medicinrunde ellers).",
     ["threats"], "Personalet skal være med under hele besøget", True),
]

SEED = """
import json, sys
from datetime import date, time
from outreach_app import create_app
from outreach_app.extensions import db
from outreach_app.models import Case, Citizen, Team, User, Visit
day = date.fromisoformat(sys.argv[1])
stops = json.loads(sys.argv[2])
app = create_app()
with app.app_context():
    team = Team(name="Vægterkorps Indre By og Amager", travel_mode="bicycle",
                start_address="Rådhuspladsen 1", start_lat=55.6761, start_lon=12.5683,
                shift_start=time(8, 0), shift_end=time(16, 0), working_weekdays="0,1,2,3,4")
    for n in range(2):
        team.members.append(User(username=f"vaegter-{n}", role="outreach", password_hash="x"))
    db.session.add(team)
    for i, (address, lat, lon, access, flags, note, pair) in enumerate(stops):
        citizen = Citizen(reference=f"P-{i}", full_name=f"Navn Efternavn {i}", address=address,
                          postcode="1650", city="København V", lat=lat, lon=lon,
                          position_source="manual", access_notes=access, safety_flags=flags,
                          safety_note=note)
        case = Case(case_ref=f"SAG-{1000 + i}", citizen=citizen, target_group="aktivitetsparat",
                    no_show_kind="interview", no_show_date=day, rule_set_key="dk-2020")
        db.session.add(Visit(case=case, earliest_on=day, deadline_on=day, service_minutes=20,
                             needs_pair=pair))
    db.session.commit()
"""


def _next_working_day() -> date:
    day = date.today() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


@pytest.fixture(scope="module")
def full_day(tmp_path_factory):
    """A served app whose one team has 8 stops planned on the next working day."""
    import json

    folder = tmp_path_factory.mktemp("sheet")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'app.sqlite3'}",
        "TASK_QUEUE_URL": "immediate",
        "SECRET_KEY": "e2e-" + os.urandom(16).hex(),
        "GEOCODER": "off",
    }
    env.pop("TEST_DATABASE_URL", None)
    day = _next_working_day()
    run_cli(env, "init-db")
    run_cli(env, "create-user", "planlaegger", "--role", "coordinator", stdin=PASSWORD + "\n")
    subprocess.run([sys.executable, "-c", SEED, day.isoformat(), json.dumps(STOPS)], cwd=ROOT,
                   env=env, check=True, timeout=120)
    out = run_cli(env, "plan-period", day.isoformat(), day.isoformat())
    assert out.strip().splitlines()[-1] == "planned 8, unplaced 0", out
    with flask_server(env) as url:
        yield url, day


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_eight_stops_with_long_notes_print_on_one_a4_page(browser, full_day):
    url, day = full_day
    context = browser.new_context(locale="da-DK")
    page = context.new_page()
    login(page, url, "planlaegger", PASSWORD)
    page.goto(f"{url}/planning/1/{day.isoformat()}/sheet")
    assert page.locator(".sheet-stops tbody tr").count() == 8
    page.frame_locator("iframe.sheet-map").locator(".rp-stop").first.wait_for(timeout=20_000)
    pdf = page.pdf(format="A4", print_background=True)
    (ROOT / "screenshots").mkdir(exist_ok=True)
    (ROOT / "screenshots" / "route_sheet_8_stops.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2  # A4 in points

    text = _flat(reader.pages[0].extract_text())
    for address, *_rest in STOPS:
        assert address.split(",")[0] in text
    # Safety flags in words, the short text beside them, pairs; nothing of the cases.
    for words in ("Hund på adressen", "Tidligere trusler eller vold",
                  "Andre på adressen kan være fjendtlige", "Besøg to og to",
                  "Stor hund, bliver i køkkenet"):
        assert words.casefold() in text.casefold(), words  # "visit in pairs" prints in capitals
    assert "SAG-" not in text and "Navn Efternavn" not in text
    assert "33 66 33 66" in text  # the office phone

    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})
    screenshot(page, "route_sheet_8_stops_print")
    context.close()


def test_the_team_day_shows_the_safety_flags_on_desktop_and_phone(browser, full_day):
    from tests.e2e.conftest import DESKTOP, PHONE

    url, day = full_day
    for name, viewport in (("1280", DESKTOP), ("360", PHONE)):
        context = browser.new_context(viewport=viewport, locale="da-DK")
        page = context.new_page()
        login(page, url, "planlaegger", PASSWORD)
        page.goto(f"{url}/planning/1/{day.isoformat()}")
        rows = page.locator("#stops tbody tr")
        assert rows.count() == 8
        text = page.locator("#stops").inner_text()
        assert "Tidligere trusler eller vold" in text and "Hund på adressen" in text
        screenshot(page, f"planning_team_day_safety_{name}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"the team-day page is {width} px wide"
        context.close()
