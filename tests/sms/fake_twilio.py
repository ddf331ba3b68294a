"""A recording stand-in for api.twilio.com: the network edge, and nothing else.

The real twilio SDK talks to it, either in-process (:class:`RecordingHttpClient`, given
to the SDK as its ``http_client``) or over HTTP (:class:`FakeTwilioServer`, for worker
processes, reached through the SDK's own http client with TWILIO_API_URL). Both answer
with Twilio's JSON shapes and error codes, keep the messages Twilio would have (so the
message list can be searched), and record every request exactly as it arrived.
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import requests
from twilio.http import HttpClient
from twilio.http.response import Response

ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "test-auth-token-0123456789abcdef"
FROM_NUMBER = "+4570707070"
SERVICE_SID = "MG" + "1" * 32

_MESSAGES = re.compile(r"/2010-04-01/Accounts/(AC\w+)/Messages\.json$")


@dataclass
class Recorded:
    method: str
    path: str
    params: dict
    data: dict


@dataclass
class TwilioState:
    """What Twilio would hold: the messages it accepted, and the requests it saw."""

    requests: list[Recorded] = field(default_factory=list)
    messages: list[dict] = field(default_factory=list)
    # Scripted answers to the next create requests: "accept", "timeout_after_send",
    # "connect_timeout", or (http_status, twilio_code).
    script: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def creates(self) -> list[Recorded]:
        return [r for r in self.requests if r.method == "POST"]

    def handle(self, method: str, path: str, params: dict, data: dict):
        """(status, json body) or raise a requests exception, as Twilio's edge would."""
        with self.lock:
            self.requests.append(Recorded(method, path, dict(params), dict(data)))
            match = _MESSAGES.search(path)
            if not match:
                return 404, {"code": 20404, "message": "The requested resource was not found",
                             "more_info": "https://www.twilio.com/docs/errors/20404",
                             "status": 404}
            if method == "GET":
                return 200, self._page(match.group(1), path, params)
            action = self.script.pop(0) if self.script else "accept"
        if action == "connect_timeout":
            raise requests.exceptions.ConnectTimeout("connect timed out")
        if isinstance(action, tuple):
            status, code = action
            return status, {"code": code, "message": f"Error {code}",
                            "more_info": f"https://www.twilio.com/docs/errors/{code}",
                            "status": status}
        message = self._accept(match.group(1), data)
        if action == "timeout_after_send":
            raise requests.exceptions.ReadTimeout("read timed out")
        return 201, message

    def _accept(self, account: str, data: dict) -> dict:
        sid = "SM" + uuid.uuid4().hex
        now = format_datetime(datetime.now(UTC))
        service = data.get("MessagingServiceSid")
        message = {
            "account_sid": account, "api_version": "2010-04-01", "body": data.get("Body", ""),
            "date_created": now, "date_sent": None, "date_updated": now,
            "direction": "outbound-api", "error_code": None, "error_message": None,
            "from": None if service else data.get("From"), "messaging_service_sid": service,
            "num_media": "0", "num_segments": "1", "price": None, "price_unit": "USD",
            "sid": sid, "status": "accepted" if service else "queued",
            "subresource_uris": {
                "media": f"/2010-04-01/Accounts/{account}/Messages/{sid}/Media.json"},
            "to": data.get("To"), "uri": f"/2010-04-01/Accounts/{account}/Messages/{sid}.json",
        }
        with self.lock:
            self.messages.append(message)
        return message

    def _page(self, account: str, path: str, params: dict) -> dict:
        found = [m for m in self.messages
                 if ("To" not in params or m["to"] == params["To"])
                 and ("From" not in params or m["from"] == params["From"])]
        found.reverse()  # newest first, as Twilio lists them
        size = int(params.get("PageSize", 50))
        return {"messages": found[:size], "end": max(0, min(size, len(found)) - 1),
                "first_page_uri": path, "next_page_uri": None, "page": 0,
                "page_size": size, "previous_page_uri": None, "start": 0, "uri": path}


class RecordingHttpClient(HttpClient):
    """The SDK's ``http_client`` replaced: requests go to a :class:`TwilioState`."""

    def __init__(self, state: TwilioState | None = None):
        import logging

        super().__init__(logging.getLogger("fake-twilio"), False)
        self.state = state or TwilioState()

    def request(self, method, url, params=None, data=None, headers=None, auth=None,
                timeout=None, allow_redirects=False):
        path = urlsplit(url).path
        status, body = self.state.handle(method.upper(), path, params or {}, data or {})
        return Response(status, json.dumps(body), headers={"Content-Type": "application/json"})


class _Handler(BaseHTTPRequestHandler):
    state: TwilioState

    def log_message(self, *args):  # quiet
        pass

    def _answer(self, method: str, data: dict):
        parts = urlsplit(self.path)
        params = {k: v[0] for k, v in parse_qs(parts.query).items()}
        try:
            status, body = self.server.state.handle(method, parts.path, params, data)
        except requests.exceptions.RequestException:
            self.close_connection = True  # the client sees no answer
            return
        raw = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def do_GET(self):  # noqa: N802
        self._answer("GET", {})

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length", 0))
        form = parse_qs(self.rfile.read(length).decode())
        self._answer("POST", {k: v[0] for k, v in form.items()})


class FakeTwilioServer:
    """A tiny local HTTP server standing in for api.twilio.com (127.0.0.1 only)."""

    def __init__(self):
        self.state = TwilioState()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.state = self.state
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FakeTwilioServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
