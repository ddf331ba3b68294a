"""Helpers for driving the ladder's forms through the test client, as a browser would."""

from __future__ import annotations

import re
from datetime import date, timedelta

from outreach_app.services import clock

VERSION_RE = re.compile(r'name="version" type="hidden" value="(\d+)"|'
                        r'id="version" name="version" type="hidden" value="(\d+)"')


def today() -> date:
    return clock.today()


def days_ago(n: int) -> str:
    return (today() - timedelta(days=n)).isoformat()


def version_on(page: str) -> str:
    match = re.search(r'name="version"[^>]*value="(\d+)"', page) or re.search(
        r'value="(\d+)"[^>]*name="version"', page)
    assert match, "no version field on the page"
    return match.group(1)


def fill(client, url: str, data: dict, **kw):
    """GET the form (for its CSRF token and case version), then POST it with `data`."""
    page = client.get(url).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page)
    assert token, f"no CSRF token on {url}"
    payload = {"csrf_token": token.group(1), **data}
    once = re.search(r'name="form_token" type="hidden" value="([^"]+)"', page)
    if once and "form_token" not in data:
        payload["form_token"] = once.group(1)
    if 'name="version"' in page and "version" not in data:
        payload["version"] = version_on(page)
    return client.post(url, data=payload, **kw)


GUIDANCE_WORDING = ("Du skal møde op til samtaler og tilbud. Udebliver du uden rimelig grund, "
                    "får du fradrag i hjælpen.")

#: A complete "closer to work" assessment for a sanction of an aktivitetsparat citizen.
CLOSER = {"closer_to_work": "yes",
          "closer_to_work_reasons": "Sanktionen skaber mødestabilitet og kontakt til jobcentret."}


def register(client, case_ref: str, *, no_show: str, las35: str | None, citizen_ref: str,
             **extra):
    data = {
        "case_ref": case_ref, "citizen_reference": citizen_ref, "full_name": "Ida Fiktivsen",
        "address": "Nørrebrogade 12", "postcode": "2200", "city": "København N",
        "phone_mobile": "20 12 34 56", "target_group": "aktivitetsparat",
        "no_show_kind": "interview", "no_show_date": no_show,
        "las35_guidance_on": las35 or "", "las35_guidance_channel": "digital_post" if las35
        else "", "las35_guidance_wording": GUIDANCE_WORDING if las35 else "", "team_id": "0",
    }
    data.update(extra)
    return fill(client, "/noshows/new", data)


def case_id_from(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(response.location.rstrip("/").split("/")[-1])


def step(client, case_id: int, rung: str, **data):
    return fill(client, f"/cases/{case_id}/steps/{rung}", data)
