"""Issue 10 regressions against the running stack: what an attacker on the same network tried first."""
from __future__ import annotations

import stat
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
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


# ---------------------------------------------------------------------------------------- issue 10, second round

CRISIS = "I am going to kill myself tonight, I have the pills ready"
HEAVY = "I would never want to die, no thoughts of suicide, I am not going to hurt myself. "


def forwarded(address: str) -> dict[str, str]:
    """A visitor behind the stack's trusted front door (127.0.0.1): the suite's own address is exempt."""
    return {"X-Forwarded-For": address}


def test_the_action_server_refuses_calls_without_the_shared_secret(bot: Bot) -> None:
    """Finding 5: a forged action call (invented tracker) is refused and records nothing."""
    url = f"http://127.0.0.1:{bot.config.action_port}/webhook"
    for action in ("action_escalate_crisis", "action_request_staff"):
        sender = f"forged-{uuid.uuid4().hex[:8]}"
        event = {"event": "user", "timestamp": time.time(), "text": CRISIS, "input_channel": "socketio", "parse_data": {}}
        tracker = {"sender_id": sender, "slots": {"crisis_category": "imminent"}, "events": [event],
                   "latest_message": {"text": CRISIS, "intent": {"name": "crisis", "confidence": 1.0}, "entities": []},
                   "paused": False, "followup_action": None, "active_loop": {}, "latest_action_name": "action_listen"}
        payload = {"next_action": action, "sender_id": sender, "version": "3.6.0", "domain": {}, "tracker": tracker}
        assert requests.post(url, json=payload, timeout=10).status_code == 401
        assert requests.post(url, json=payload, params={"token": "guess"}, timeout=10).status_code == 401
        time.sleep(0.5)
        assert bot.escalations(sender) == [], action
    assert requests.get(f"http://127.0.0.1:{bot.config.action_port}/actions", timeout=10).status_code == 401
    person = f"sec-{uuid.uuid4().hex[:8]}"  # Rasa itself still gets through: its calls carry the token
    assert "988" in bot.texts(person, CRISIS)[0]
    wait_for(lambda: bot.escalations(person), timeout=10)


def test_rest_messages_are_limited_per_conversation_but_a_crisis_is_still_processed(bot: Bot) -> None:
    person, headers = f"rate-{uuid.uuid4().hex[:8]}", forwarded("203.0.113.10")
    answers = [requests.post(bot.rest_url, json={"sender": person, "message": f"what is tms {n}"}, headers=headers, timeout=30)
               for n in range(20)]
    codes = [a.status_code for a in answers]
    assert codes[:12] == [200] * 12 and 429 in codes, codes  # a burst of 12, then 30 a minute
    refused = answers[codes.index(429)]
    assert "faster than I can read" in refused.json()[0]["text"] and int(refused.headers["Retry-After"]) >= 1
    users = [e for e in bot.tracker(person)["events"] if e.get("event") == "user"]
    assert len(users) == codes.count(200)  # what was refused never reached the conversation
    crisis = requests.post(bot.rest_url, json={"sender": person, "message": CRISIS}, headers=headers, timeout=30)
    assert crisis.status_code == 200 and "988" in crisis.json()[0]["text"]
    wait_for(lambda: bot.escalations(person), timeout=10)  # processed: staff are alerted
    assert "FDA" in bot.texts(f"sec-{uuid.uuid4().hex[:8]}", "is tms fda approved")[0]  # everyone else unaffected


def test_a_flood_of_invented_people_from_one_address_cannot_fill_the_staff_queue(bot: Bot) -> None:
    """25 crisis messages under fresh ids from one address: every one gets the crisis resources, but only
    the per-address burst (15, then 60 a minute) reaches Rasa and the staff queue."""
    headers = forwarded("203.0.113.11")
    senders = [f"flood-{uuid.uuid4().hex[:8]}" for _ in range(25)]

    def send(sender: str) -> requests.Response:
        return requests.post(bot.rest_url, json={"sender": sender, "message": CRISIS}, headers=headers, timeout=60)

    with ThreadPoolExecutor(5) as pool:
        answers = list(pool.map(send, senders))
    assert all(a.status_code == 200 and "988" in a.json()[0]["text"] for a in answers)
    time.sleep(3)  # the sweeper runs every second in this stack: anything stored is escalated by now
    escalated = [s for s in senders if bot.escalations(s)]
    assert 15 <= len(escalated) <= 20, len(escalated)
    for sender in set(senders) - set(escalated):
        assert not [e for e in bot.tracker(sender)["events"] if e.get("event") == "user"]


def _widget(bot: Bot, heard: list[str], **headers: str) -> tuple[socketio.Client, str]:
    client, confirmed = socketio.Client(reconnection=False), []
    client.on("bot_uttered", lambda data: heard.append(data.get("text", "")))
    client.on("session_confirm", lambda sid: confirmed.append(sid))
    client.connect(f"http://127.0.0.1:{bot.config.rasa_port}", transports=["polling"], headers=headers, wait_timeout=20)
    client.emit("session_request", {"session_id": uuid.uuid4().hex})
    wait_for(lambda: confirmed, timeout=10)
    return client, confirmed[0]


def test_widget_messages_are_limited_with_a_reply_never_a_crash(bot: Bot) -> None:
    heard: list[str] = []
    client, session = _widget(bot, heard, **forwarded("203.0.113.12"))
    try:
        for n in range(20):  # one by one: engine.io itself refuses a polling batch of more than 16 packets
            client.emit("user_uttered", {"message": f"what is tms {n}", "session_id": session})
            time.sleep(0.1)
        wait_for(lambda: any("faster than I can read" in h for h in heard), timeout=30)

        def stored() -> int:
            return len([e for e in bot.tracker(session)["events"] if e.get("event") == "user"])

        wait_for(lambda: stored() >= 12, timeout=30)  # a burst of 12 is processed...
        time.sleep(1)
        assert stored() < 20  # ...the rest was answered with the reply above and never stored
        time.sleep(3)  # the conversation's bucket refills (30 a minute): the person is answered again
        heard.clear()
        client.emit("user_uttered", {"message": "is tms fda approved", "session_id": session})
        wait_for(lambda: any("FDA" in h for h in heard), timeout=20)
    finally:
        client.disconnect()


def test_a_staff_reply_goes_out_on_the_conversations_own_channel(bot: Bot) -> None:
    """Finding 2: the channel is read from the person's latest message, named explicitly (never Rasa's
    `latest`), and recorded with the reply; a conversation nobody wrote in gets no push at all."""
    from bot.handoff import HandoffError, send_staff_reply

    rasa = f"http://127.0.0.1:{bot.config.rasa_port}"
    heard: list[str] = []
    client, session = _widget(bot, heard)
    try:
        client.emit("user_uttered", {"message": "does tms hurt", "session_id": session})
        wait_for(lambda: heard, timeout=20)
        send_staff_reply(rasa, bot.api_token, session, "Hi, this is Dana from the clinic.", "Dana")
        wait_for(lambda: "Hi, this is Dana from the clinic." in heard, timeout=10)
    finally:
        client.disconnect()
    [reply] = [e for e in bot.tracker(session)["events"] if e.get("event") == "bot" and e.get("text", "").startswith("Hi, this")]
    assert {k: reply["metadata"].get(k) for k in ("sent_by", "staff", "channel")} == {
        "sent_by": "staff", "staff": "Dana", "channel": "socketio"}
    nobody = f"sec-{uuid.uuid4().hex[:8]}"
    try:
        send_staff_reply(rasa, bot.api_token, nobody, "Anyone there?", "Dana")
        raise AssertionError("a reply to a conversation without a channel must be refused")
    except HandoffError:
        pass
    assert not [e for e in bot.tracker(nobody)["events"] if e.get("event") == "bot"]


def test_a_100kb_widget_message_is_cut_and_answered_within_a_second_without_delaying_another_visitor(bot: Bot) -> None:
    """Finding 4 over socket.io (long-polling: the venv's client has no websocket transport)."""
    big_heard: list[str] = []
    hello_heard: list[str] = []
    big, big_session = _widget(bot, big_heard)
    other, other_session = _widget(bot, hello_heard)
    try:
        text = (HEAVY * (100_000 // len(HEAVY) + 1))[:100_000]
        started = time.monotonic()
        big.emit("user_uttered", {"message": text, "session_id": big_session})
        time.sleep(0.05)
        hello_started = time.monotonic()
        other.emit("user_uttered", {"message": "hello", "session_id": other_session})
        wait_for(lambda: hello_heard, timeout=10, interval=0.01)
        hello_took = time.monotonic() - hello_started
        wait_for(lambda: big_heard, timeout=10, interval=0.01)
        big_took = time.monotonic() - started
    finally:
        big.disconnect()
        other.disconnect()
    assert big_took < 1.0 and hello_took < 1.0, (big_took, hello_took)
    # the reply goes out before Rasa saves the turn: wait for the stored message
    stored = wait_for(lambda: [e["text"] for e in bot.tracker(big_session)["events"] if e.get("event") == "user"], timeout=10)
    assert len(stored[-1]) <= 2_000
