"""The decision letter and the hearing letter print to PDF in Chromium (what a caseworker's
"Print" gives), on A4, with the letter and without the app's navigation."""

from __future__ import annotations

import re

from tests.e2e.conftest import DESKTOP, SCREENSHOTS, login


def _first(page, base: str, urls, must_contain: str) -> str:
    for url in urls:
        response = page.goto(base + url)
        if response is not None and response.ok and must_contain in page.content():
            return url
    raise AssertionError(f"no page with {must_contain!r}")


def _print(page, name: str) -> bytes:
    page.emulate_media(media="print")
    assert page.locator("nav").first.is_hidden() or page.locator("nav").count() == 0
    SCREENSHOTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=str(SCREENSHOTS / f"{name}.pdf"), format="A4", print_background=True,
                   margin={"top": "20mm", "bottom": "20mm", "left": "20mm", "right": "20mm"})
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    return pdf


def test_decision_letter_and_hearing_letter_print_to_pdf(browser, live_server):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    login(page, live_server, "sagsbehandler")
    letter_url = _first(page, live_server, (f"/decisions/{n}/letter" for n in range(1, 40)),
                        "Fradragets periode og størrelse")
    page.goto(live_server + letter_url)
    text = page.locator("article.letter").inner_text()
    assert "Klagevejledning" in text and "Vejledningen lød" in text
    _print(page, "decision_letter")

    case_url = _first(page, live_server, (f"/cases/{n}" for n in range(1, 80)),
                      "/hearing-letters/")
    page.goto(live_server + case_url)
    href = re.search(r'href="(/cases/\d+/hearing-letters/\d+)"', page.content()).group(1)
    page.goto(live_server + href)
    text = page.locator("article.letter").inner_text()
    assert "Svarfrist" in text and "forlænget fristen" in text
    _print(page, "hearing_letter")
    context.close()
