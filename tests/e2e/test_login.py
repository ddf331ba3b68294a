"""Logging in, in Chromium, at phone and desktop size, as each role of the demo."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ANDROID, DESKTOP, PHONE, login, screenshot

START_PAGES = {
    "koordinator": ("/coordinator/", "Arbejdsliste"),
    "sagsbehandler": ("/caseworker/", "Sager der afventer afgørelse"),
    "vaegter": ("/field/", "Dagens rute"),
    "admin": ("/admin/users", "Brugere"),
}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("username", sorted(START_PAGES))
def test_each_role_logs_in_and_lands_on_its_start_page(browser, live_server, username,
                                                       viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    login(page, live_server, username)
    path, heading = START_PAGES[username]
    assert page.url == live_server + path
    assert page.locator("h1").first.inner_text() == heading
    # Nothing overflows sideways on a 360 px phone.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"]
    screenshot(page, f"start_{username}_{viewport['width']}")
    context.close()


def test_outreach_worker_lands_in_the_field_app_with_the_coming_route(browser, live_server):
    # The demo publishes the coming working days' routes: on a working day today's stops,
    # on a weekend or holiday the next working day's. (Today's route with its navigation
    # links is tested on a fixed field day in test_field_app.py.)
    context = browser.new_context(viewport=PHONE, user_agent=ANDROID)
    page = context.new_page()
    login(page, live_server, "vaegter")
    assert page.url == live_server + "/field/"
    page.locator("ol#stops > li, ol#tomorrow-stops > li").first.wait_for()
    context.close()


def test_language_switch_shows_english(browser, live_server):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(live_server + "/login")
    page.get_by_role("button", name="English").click()
    assert page.locator("h1").inner_text() == "Log in"
    assert page.get_by_label("User name").is_visible()
    login(page, live_server, "koordinator")
    assert page.locator("h1").first.inner_text() == "Work queue"
    screenshot(page, "coordinator_english_360")
    page.get_by_role("button", name="Dansk").click()
    assert page.locator("h1").first.inner_text() == "Arbejdsliste"
    context.close()


def test_wrong_password_shows_the_message_beside_the_form(browser, live_server):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    login(page, live_server, "koordinator", "not-the-password")
    message = page.locator("#login-error")
    assert message.inner_text() == "Forkert brugernavn eller adgangskode."
    assert message.is_visible()
    # The message sits with the form, above the fields, inside the login card.
    card = page.locator("section.card").bounding_box()
    box = message.bounding_box()
    assert card["y"] <= box["y"] <= page.locator("#username").bounding_box()["y"]
    assert page.url.endswith("/login")
    screenshot(page, "login_wrong_password_360")
    context.close()


def test_keyboard_focus_is_visible(browser, live_server):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(live_server + "/login")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    context.close()
