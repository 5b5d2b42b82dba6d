"""A local stand-in for Twilio: captures the REST API's outbound messages and signs webhook posts.

Nothing leaves the machine: the stack gets TWILIO_API_BASE_URL pointing here.
"""
from __future__ import annotations

import base64
import itertools
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

import requests
from twilio.request_validator import RequestValidator

ACCOUNT_SID = "AC" + "0" * 31 + "1"
AUTH_TOKEN = "test-auth-token-0123456789abcdef"
NUMBER = "+15550100000"
# The public URL configured in Twilio (TWILIO_WEBHOOK_URL): requests are posted to the local port and signed
# over this, as behind the clinic's front door.
PUBLIC_WEBHOOK_URL = "https://sms.clinic.test/webhooks/twilio/webhook"


@dataclass
class FakeTwilio:
    sent: list[dict[str, str]] = field(default_factory=list)  # the form of each Messages.json POST
    server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def env(self) -> dict[str, str]:
        return {
            "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
            "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "TWILIO_NUMBER": NUMBER,
            "TWILIO_API_BASE_URL": self.url,
            "TWILIO_WEBHOOK_URL": PUBLIC_WEBHOOK_URL,
            "PHONE_HASH_PEPPER": "test-pepper",
        }

    def start(self) -> None:
        fake = self
        counter = itertools.count(1)
        expected_auth = "Basic " + base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                form = dict(parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True))
                if self.headers.get("Authorization") != expected_auth:
                    return self._reply(401, {"code": 20003, "message": "Authenticate", "status": 401})
                if not self.path.endswith(f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"):
                    return self._reply(404, {"code": 20404, "message": "Not found", "status": 404})
                with fake._lock:
                    fake.sent.append(form)
                sid = f"SM{next(counter):032x}"
                self._reply(201, {"sid": sid, "to": form.get("To"), "from": form.get("From"), "body": form.get("Body"),
                                  "status": "queued", "account_sid": ACCOUNT_SID})

            def _reply(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()

    def to(self, phone: str) -> list[str]:
        """Bodies sent to `phone` so far, in order."""
        with self._lock:
            return [m["Body"] for m in self.sent if m.get("To") == phone]


def sign(url: str, params: dict[str, str], token: str = AUTH_TOKEN) -> str:
    """The X-Twilio-Signature Twilio would send for a form posted to `url`."""
    return RequestValidator(token).compute_signature(url, params)


def signed_post(url: str, params: dict[str, str], signed_url: str = PUBLIC_WEBHOOK_URL,
                token: str = AUTH_TOKEN, headers: dict[str, str] | None = None) -> requests.Response:
    """POSTs a webhook form to `url` the way Twilio does, signed over `signed_url` (the public URL)."""
    signature = sign(signed_url, params, token)
    return requests.post(url, data=params, headers={"X-Twilio-Signature": signature, **(headers or {})}, timeout=60)
