"""A whole case in Chromium, clicked as a coordinator and a caseworker would: nobody is reached,
every rung is climbed, the home visit finds nobody at home, the caseworker decides on the
existing basis, and the sanction is annulled when the citizen turns up on payment day.

The demo data is shared by all browser tests, so the test registers a case of its own
(for the demo citizen DEMO-P0001, who has a mentor acting as representative)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from tests.e2e.conftest import DESKTOP, PHONE, login, screenshot


def _day(days_ago: int) -> str:
    return (date.today() - timedelta(days=days_ago)).isoformat()


def _no_sideways_scroll(page, width: int) -> None:
    # A click returns once the new page is committed: measure after its CSS has loaded.
    page.wait_for_load_state("load")
    wide = page.evaluate("""w => [...document.querySelectorAll('body *')]
        .filter(el => el.getBoundingClientRect().right > w + 1)
        .map(el => el.tagName + '.' + el.className + ': ' + (el.textContent || '').slice(0, 60))
        .slice(0, 5)""", width)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, wide


def _shoot_both(page, name: str) -> None:
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        _no_sideways_scroll(page, viewport["width"])
        screenshot(page, f"{name}_{viewport['width']}")
    page.set_viewport_size(DESKTOP)


def _record(page, on: str, outcome: str | None = None) -> None:
    """On the case page: open the next step's form, fill it, save."""
    page.locator(".next-steps").get_by_role("link", name="Registrér").first.click()
    page.fill("#on", on)
    if outcome:
        page.select_option("#outcome", outcome)
    page.get_by_role("button", name="Gem").click()
    assert "er registreret" in page.locator(".flash").inner_text()


def test_nobody_reached_to_existing_basis_and_annulled_on_payment_day(browser, live_server):
    ref = "E2E-" + uuid.uuid4().hex[:8].upper()
    coordinator = browser.new_context(viewport=DESKTOP)
    page = coordinator.new_page()
    login(page, live_server, "koordinator")
    page.get_by_role("link", name="Registrér en udeblivelse").first.click()
    page.fill("#case_ref", ref)
    page.select_option("#target_group", "aktivitetsparat")
    page.select_option("#no_show_kind", "interview")
    page.fill("#no_show_date", _day(25))
    page.fill("#las35_guidance_on", _day(90))
    page.select_option("#las35_guidance_channel", "digital_post")
    page.fill("#las35_guidance_wording", "Du skal møde op til samtaler; ellers får du fradrag.")
    page.fill("#citizen_reference", "DEMO-P0001")
    page.get_by_role("button", name="Registrér", exact=True).click()
    assert page.locator("h1").inner_text() == f"Sag {ref}"

    _record(page, _day(24))                      # hearing letter to the citizen
    _record(page, _day(24))                      # ... and to the representative (paper)
    _record(page, _day(23), "no_contact")        # case file checked
    _record(page, _day(22), "no_answer")         # phone call
    _record(page, _day(22))                      # SMS prompt (recorded as sent)
    _record(page, _day(21), "no_contact")        # the mentor has no contact either

    page.get_by_role("link", name="Bestil et hjemmebesøg").first.click()
    page.get_by_role("button", name="Bestil besøget").click()
    assert "Hjemmebesøget er bestilt" in page.locator(".flash").inner_text()
    page.get_by_role("link", name="Registrér besøgets resultat").first.click()
    page.select_option("#outcome", "not_at_home")
    page.fill("#on", _day(0))
    page.check("#card_left")
    page.fill("#explanation", "Ingen åbnede. Visitkort lagt i postkassen.")
    page.get_by_role("button", name="Gem").click()
    assert "Afventer afgørelse" in page.locator(".case-head").inner_text()
    assert page.locator(".rung-done").count() == 6
    case_url = page.url
    _shoot_both(page, "case_page_existing_basis")
    coordinator.close()

    caseworker = browser.new_context(viewport=DESKTOP)
    page = caseworker.new_page()
    login(page, live_server, "sagsbehandler")
    page.goto(case_url)
    page.get_by_role("link", name="Træf afgørelse").click()
    # Nothing is chosen for the caseworker; the outcomes the ladder excludes are disabled.
    assert page.locator("input[name=outcome]:checked").count() == 0
    assert page.locator("#outcome-sanction_with_contact").is_disabled()
    page.check("#outcome-sanction_existing_basis")
    page.select_option("#absence_reason", "unknown")
    page.check("#closer_to_work-0")
    page.fill("#closer_to_work_reasons", "Borgeren har brug for, at jobcentret etablerer "
                                         "kontakt; en sanktion skaber mødestabilitet.")
    page.fill("#daily_rate", "400")
    page.fill("#overall_situation", "Borgeren har ikke kunnet kontaktes trods alle forsøg.")
    page.fill("#reasoning", "Alle rimelige muligheder for personlig kontakt er udtømt, og "
                            "en sanktion vurderes at fremme borgerens rådighed.")
    _shoot_both(page, "decision_form")
    page.get_by_role("button", name="Træf afgørelse og dan brevet").click()
    letter = page.locator("article.letter").inner_text()
    assert "foreliggende grundlag" in letter and "Klagevejledning" in letter
    assert "Besøg på din bopæl" in letter
    assert "indtil du igen kontakter kommunen" in letter and "400,00 kr. pr. dag" in letter
    screenshot(page, "decision_letter_1280")

    page.get_by_role("link", name="Tilbage til sagen").click()
    page.get_by_role("link", name="Genvurdér").click()
    page.select_option("#outcome", "annulled")
    page.fill("#new_information", "Mødte op på udbetalingsdagen med lægeerklæring.")
    page.get_by_role("button", name="Gem").click()
    decision = page.locator("article.decision").inner_text()
    assert "Sanktion annulleret" in decision and "Klage modtaget" not in decision
    caseworker.close()


def test_case_list_import_and_step_form_fit_a_phone(browser, live_server):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    login(page, live_server, "koordinator")
    page.select_option("#rung", "phone_call")
    page.get_by_role("button", name="Filtrér").click()
    assert "rung=phone_call" in page.url
    _no_sideways_scroll(page, PHONE["width"])
    screenshot(page, "case_list_filtered_360")
    page.fill("#q", "DEMO-00")
    page.get_by_role("button", name="Søg").click()
    assert "DEMO-00" not in page.url  # the search term never enters a URL
    page.locator("table.list a").first.click()
    page.get_by_role("link", name="Registrér").first.click()
    _no_sideways_scroll(page, PHONE["width"])
    screenshot(page, "step_form_360")
    page.goto(live_server + "/noshows/import")
    _no_sideways_scroll(page, PHONE["width"])
    screenshot(page, "import_360")
    context.close()
