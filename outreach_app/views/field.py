"""The outreach worker's phone: an installable offline-first app under /field/.

The page itself is an app shell without personal data (the service worker keeps a copy for
offline use); the route comes from /api/v1/route and lives in the phone's IndexedDB only
until logout or the end of the route's day.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, url_for
from flask_babel import gettext as _

from ..domain import AbsenceReason, VisitOutcome
from . import labels

bp = Blueprint("field", __name__, url_prefix="/field")

# The files the service worker keeps for offline use (besides the page itself).
SHELL_STATIC = (
    "css/app.css", "css/field.css", "js/field-outbox.js", "js/field-app.js",
    "vendor/leaflet/leaflet.js", "vendor/leaflet/leaflet.css",
    "vendor/leaflet/images/marker-icon.png", "vendor/leaflet/images/marker-icon-2x.png",
    "vendor/leaflet/images/marker-shadow.png",
    "icons/icon-192.png", "icons/icon-512.png", "icons/icon-maskable-512.png",
    "icons/favicon-32.png",
)
THEME = "#0b3d62"


def _strings() -> dict:
    """The words field-app.js shows, in the user's language (the shell has no other text)."""
    return {
        "waiting": _("%(n)s waiting to be sent"),
        "waiting_none": _("Nothing waiting to be sent"),
        "last_receipt": _("Last confirmed by the server: %(time)s"),
        "no_receipt": _("No outcome confirmed by the server yet today"),
        "state_todo": _("To do"), "state_done": _("Done"), "state_not_met": _("Not met"),
        "state_waiting": _("Saved on the phone, waiting to be sent"),
        "state_failed": _("Could not be sent"),
        "state_sent": _("Confirmed by the server"),
        "state_other_user": _("Saved on the phone by %(name)s, waiting for their login"),
        "recorded_by": _("Recorded by %(name)s"),
        "sent_when_back": _("Sent when %(name)s logs in on this phone again."),
        "pairs": _("Visit in pairs"),
        "navigate": _("Navigate"), "navigate_other": _("Open in maps"),
        "record": _("Record outcome"), "record_for": _("Record outcome for stop %(n)s"),
        "navigate_to": _("Navigate to stop %(n)s"),
        "stop": _("Stop %(n)s"), "eta": _("Expected %(time)s"),
        "offline_route": _("No network: showing the route saved at %(time)s."),
        "route_updated": _("Route updated %(time)s."),
        "route_failed": _("The route could not be fetched. Log in again when you have "
                          "network."),
        "no_route": _("No visits planned for you today."),
        "no_route_offline": _("No route saved on this phone. Open the app with network to "
                              "fetch it."),
        "logged_out_offline": _("You are logged out on this phone. The route and personal "
                                "data are removed. Outcomes not yet sent stay and are sent "
                                "when you log in again with network."),
        "logged_out": _("You are logged out. Log in to fetch the route and send outcomes."),
        "saved": _("Saved on the phone. It is sent as soon as there is network."),
        "sent_note": _("Note from the office"),
        "choose_outcome": _("Choose an outcome."),
        "choose_card": _("Say whether a visit card was left."),
        "retry": _("Try again"), "discard": _("Remove from the phone"),
        "discard_confirm": _("Remove this outcome from the phone for good? It never reached "
                             "the server. Tell the office what it said."),
        "unsent_logout": _("%(n)s outcomes are not confirmed by the server. They stay on "
                           "this phone and are sent the next time you log in with network. "
                           "Log out anyway?"),
        "tomorrow_none": _("Tomorrow's route is not published yet."),
        "tomorrow_route": _("Tomorrow's route"),
        "next_route": _("Route for %(day)s"),
        "map_label": _("Map of today's route"),
        "map_saved": _("The map of the route is kept on the phone for use without network "
                       "(%(n)s tiles)."),
        "map_partly": _("Only part of the map is kept on the phone for use without network "
                        "(%(n)s of %(total)s tiles)."),
        "script": _("Hello, my name is … and I am from the municipality. We have tried to "
                    "reach you about an appointment at the job centre. Please call us on "
                    "%(phone)s, or talk to me now if you like."),
        "script_leave": _("If nobody opens: leave the visit card with the office phone "
                          "number in the letterbox. Never write why we came."),
        "visit_card": _("What to say and leave"),
        "access": _("Access"), "safety": _("Safety"),
        "outcome_title": _("Outcome at %(address)s"),
        "near_checking": _("Reading the phone's location …"),
        "near_yes": _("Yes: within 100 m of the address."),
        "near_no": _("No: more than 100 m from the address."),
        "near_unsure": _("The phone's location is too uncertain to tell (± %(m)s m)."),
        "near_failed": _("The phone's location could not be read. The outcome can be saved "
                         "without it."),
    }


@bp.get("/")
def index():
    settings = current_app.config["SETTINGS"]
    return render_template(
        "field/app.html", strings=_strings(), office_phone=settings.office_phone,
        office_tel="".join(settings.office_phone.split()), tiles=settings.map_tile_url or "",
        outcomes=[(o.value, labels.visit_outcome_label(o.value)) for o in VisitOutcome],
        reasons=[(r.value, str(labels.ABSENCE_REASONS[r])) for r in AbsenceReason],
        theme=THEME,
    )


@lru_cache(maxsize=1)
def _shell_version(folder: str) -> str:
    digest = hashlib.sha256()
    for name in SHELL_STATIC + ("js/field-sw.js",):
        digest.update((Path(folder) / name).read_bytes())
    digest.update((Path(current_app.template_folder) / "field" / "app.html").read_bytes())
    return digest.hexdigest()[:12]


@bp.get("/sw.js")
def service_worker():
    """The service worker, served from /field/ so that its scope is the field app."""
    folder = current_app.static_folder
    body = (Path(folder) / "js" / "field-sw.js").read_text(encoding="utf-8")
    shell = [url_for("field.index"), url_for("field.manifest")]
    shell += [url_for("static", filename=f) for f in SHELL_STATIC]
    header = (f"self.SHELL_VERSION = {json.dumps(_shell_version(folder))};\n"
              f"self.SHELL_FILES = {json.dumps(shell)};\n"
              f"self.TILE_URL = {json.dumps(current_app.config['SETTINGS'].map_tile_url or '')};\n")
    response = Response(header + body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/manifest.webmanifest")
def manifest():
    """The web app manifest (public: browsers fetch it without the session cookie)."""
    icons = [
        {"src": url_for("static", filename="icons/icon-192.png"), "sizes": "192x192",
         "type": "image/png", "purpose": "any"},
        {"src": url_for("static", filename="icons/icon-512.png"), "sizes": "512x512",
         "type": "image/png", "purpose": "any"},
        {"src": url_for("static", filename="icons/icon-maskable-512.png"),
         "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
    ]
    body = {
        "name": "Opsøgende besøg – dagens rute",
        "short_name": "Opsøgning",
        "description": "Dagens rute og besøgsudfald for opsøgende medarbejdere.",
        "lang": "da",
        "id": url_for("field.index"),
        "start_url": url_for("field.index"),
        "scope": url_for("field.index"),
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": THEME,
        "icons": icons,
    }
    return Response(json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json")
