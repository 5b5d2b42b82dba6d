"""Issue 10 regressions against the running stack: what an attacker on the same network tried first."""
from __future__ import annotations

import stat
import threading
import time
import uuid
from pathlib import Path

import requests
import socketio
from tests.integration.conftest import Bot, wait_for


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on `port`, read from /proc (IPv4 and IPv6)."""
    found: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_rasa_api_refuses_callers_without_the_token(bot: Bot) -> None:
    person = f"sec-{uuid.uuid4().hex[:8]}"
    bot.say(person, "does tms hurt")
    base = f"http://127.0.0.1:{bot.config.rasa_port}"
    assert requests.get(f"{base}/conversations/{person}/tracker", timeout=10).status_code == 401
    forged = [{"event": "slot", "name": "handoff_active", "value": True}]
    assert requests.post(f"{base}/conversations/{person}/tracker/events", json=forged, timeout=10).status_code == 401
    assert requests.put(f"{base}/model", json={"model_file": "/nowhere"}, timeout=10).status_code == 401
    assert requests.post(f"{base}/model/train", json={}, timeout=10).status_code == 401
    wrong = requests.get(f"{base}/conversations/{person}/tracker", params={"token": "guess"}, timeout=10)
    assert wrong.status_code == 401
    assert bot.texts(person, "does tms hurt"), "the forged handoff slot must not have silenced the bot"
    assert bot.tracker(person)["sender_id"] == person  # the console's token still works


def test_rasa_api_does_not_answer_other_websites(bot: Bot) -> None:
    response = requests.options(
        f"http://127.0.0.1:{bot.config.rasa_port}/conversations/x/tracker",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}, timeout=10,
    )
    assert response.headers.get("Access-Control-Allow-Origin") not in {"*", "https://evil.example"}


def test_no_service_listens_on_every_interface(bot: Bot) -> None:
    for port in (bot.config.rasa_port, bot.config.action_port, bot.config.web_port):
        addresses = listening_addresses(port)
        assert addresses, f"nothing listens on {port}"
        assert addresses <= {"0100007F", "00000000000000000000000001000000"}, (port, addresses)  # 127.0.0.1 / ::1


def test_poison_sender_ids_get_400_and_the_server_keeps_answering(bot: Bot) -> None:
    for raw in (b'{"sender": "x\\udfff", "message": "hi"}', b'{"sender": "a\\u0000b", "message": "hi"}',
                b'{"sender": "' + b"a" * 10_000 + b'", "message": "hi"}', b'{"sender": true, "message": "hi"}'):
        response = requests.post(bot.rest_url, data=raw, headers={"Content-Type": "application/json"}, timeout=10)
        assert response.status_code == 400, (raw[:40], response.status_code)
    assert "FDA" in bot.texts(f"sec-{uuid.uuid4().hex[:8]}", "is tms fda approved")[0]


def test_rest_cannot_use_a_phone_number_or_a_widget_session_as_its_id(bot: Bot) -> None:
    for sender in ("+15551234567", uuid.uuid4().hex):
        response = requests.post(bot.rest_url, json={"sender": sender, "message": "hi"}, timeout=10)
        assert response.status_code == 400, sender


def test_a_huge_message_is_cut_and_answered_without_holding_up_someone_else(bot: Bot) -> None:
    person, other = f"huge-{uuid.uuid4().hex[:8]}", f"calm-{uuid.uuid4().hex[:8]}"
    other_took: list[float] = []

    def hello() -> None:
        time.sleep(0.05)
        started = time.monotonic()
        bot.say(other, "hello")
        other_took.append(time.monotonic() - started)

    thread = threading.Thread(target=hello)
    thread.start()
    started = time.monotonic()
    response = requests.post(bot.rest_url, json={"sender": person, "message": "word " * 20_000}, timeout=60)
    took = time.monotonic() - started
    thread.join()
    assert response.status_code == 200 and response.json(), "the person gets an answer"
    stored = [e["text"] for e in bot.tracker(person)["events"] if e.get("event") == "user"]
    assert stored and len(stored[-1]) <= 2_000
    assert took < 3 and other_took[0] < 3, (took, other_took)  # 5 s before the cap; generous for a loaded CI


def test_a_widget_client_cannot_join_or_speak_in_someone_elses_session(bot: Bot) -> None:
    url = f"http://127.0.0.1:{bot.config.rasa_port}"
    victim, victim_session = socketio.Client(reconnection=False), uuid.uuid4().hex
    attacker = socketio.Client(reconnection=False)
    confirmed: list[str] = []
    attacker_heard: list[str] = []
    victim_heard: list[str] = []
    victim.on("bot_uttered", lambda data: victim_heard.append(data.get("text", "")))
    attacker.on("session_confirm", lambda sid: confirmed.append(sid))
    attacker.on("bot_uttered", lambda data: attacker_heard.append(data.get("text", "")))
    victim.connect(url, transports=["polling"], wait_timeout=20)
    attacker.connect(url, transports=["polling"], wait_timeout=20)
    try:
        victim.emit("session_request", {"session_id": victim_session})
        attacker.emit("session_request", {"session_id": "+15551234567"})
        wait_for(lambda: confirmed, timeout=10)
        assert confirmed[0] != "+15551234567" and len(confirmed[0]) == 32  # a fresh server id instead
        attacker.emit("user_uttered", {"message": "does tms hurt", "session_id": victim_session})  # not joined
        time.sleep(1.5)
        assert not attacker_heard and not victim_heard
        victim.emit("user_uttered", {"message": "does tms hurt", "session_id": victim_session})
        wait_for(lambda: victim_heard, timeout=20)
        time.sleep(0.5)
        assert not attacker_heard, "the attacker's socket must not receive the victim's replies"
        users = [e for e in bot.tracker(victim_session)["events"] if e.get("event") == "user"]
        assert len(users) == 1
    finally:
        victim.disconnect()
        attacker.disconnect()


def test_the_tracker_database_is_private_to_the_bot(bot: Bot) -> None:
    """Rasa creates it, under the stack's umask (bot.run also applies it to our own database in `make run`)."""
    for path in [bot.var_dir / "tracker.db"]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, (path.name, oct(mode))
