"""Twilio's webhooks: message status callbacks and inbound SMS.

Both accept only requests signed by Twilio (X-Twilio-Signature, checked with the SDK's
RequestValidator over PUBLIC_BASE_URL, the address Twilio really called: behind a proxy
the app sees another one). They are the only CSRF-exempt endpoints: Twilio cannot send a
CSRF token, the signature takes its place.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, abort, current_app, request
from twilio.request_validator import RequestValidator

from ..extensions import csrf
from ..services import sms_inbox

bp = Blueprint("webhooks", __name__, url_prefix="/webhooks/twilio")
csrf.exempt(bp)
log = logging.getLogger(__name__)

# An empty TwiML answer: never an automatic reply to a citizen's reply.
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def _check_signature() -> None:
    settings = current_app.config["SETTINGS"]
    signature = request.headers.get("X-Twilio-Signature", "")
    if not (settings.twilio_auth_token and settings.public_base_url and signature):
        abort(403)
    url = settings.public_base_url + request.path
    if request.query_string:
        url += "?" + request.query_string.decode("latin-1")
    validator = RequestValidator(settings.twilio_auth_token)
    if not validator.validate(url, request.form.to_dict(flat=True), signature):
        log.warning("Twilio webhook with an invalid signature refused (%s)", request.path)
        abort(403)


def _twiml(status: int = 200) -> Response:
    return Response(EMPTY_TWIML, status=status, mimetype="text/xml")


@bp.post("/status")
def status():
    _check_signature()
    try:
        sms_inbox.apply_status_callback(request.form.to_dict(flat=True),
                                        request.args.get("message"),
                                        request.headers.get("I-Twilio-Idempotency-Token"))
    except sms_inbox.MalformedCallback:
        abort(400)
    return Response("", status=200)


@bp.post("/inbound")
def inbound():
    _check_signature()
    try:
        sms_inbox.receive_inbound(request.form.to_dict(flat=True))
    except sms_inbox.MalformedCallback:
        abort(400)
    return _twiml()
