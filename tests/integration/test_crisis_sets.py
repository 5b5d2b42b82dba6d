"""A whole blind crisis set through the running stack: escalations recorded in the database and 988 in the
replies must be what the detector decides in isolation (the figures of `make safety-eval`), over REST for
every message and over socket.io for a stratified sample. Mid-form answers are sent inside the pre-screen.
"""
from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from itertools import zip_longest
from pathlib import Path

import pytest
import socketio
import yaml

from bot.escalation.categories import STAFF_REQUEST
from bot.safety.context import ConversationContext
from bot.safety.detector import default_detector
from bot.safety.evaluate import EVAL_DIR
from tests.integration.conftest import Bot, wait_for

# The newest held-out set, every message over REST: the stack must agree with the detector on messages nobody
# tuned on (tests/heldout/README.md). One set, not all of them: each costs a minute of `make test`. Over
# socket.io a sample of it and of set 9 (tuned).
NEWEST_HELDOUT = sorted((EVAL_DIR.parent / "heldout").glob("safety_eval*.yml"), key=lambda p: int(p.stem.split("_")[-1]))[-1]
SETS = [EVAL_DIR / "safety_eval_9.yml", NEWEST_HELDOUT]
FORM_START = ("could tms work for me? can you screen me", "yes")  # consent, then the first question is asked
SOCKET_SAMPLE = 30


def _items(path: Path) -> list[tuple[str, str, str]]:
    """(side, category, text) for every message of the set."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [(side, category, item["text"]) for side, groups in data.items() for category, items in groups.items() for item in items]


def _expected(side: str, category: str, text: str) -> bool:
    """The detector's verdict with the context the stack will have (the form's opening turns for mid-form)."""
    context = ConversationContext(recent=FORM_START) if category == "mid_form" else None
    return default_detector().detect(text, context).is_crisis


def _recorded(bot: Bot, senders: list[str], expected: int) -> set[str]:
    """Senders with an escalation in the database, once the count has settled (the action server writes them)."""
    settled, last, stable_since = set(), -1, time.monotonic()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        # a crisis escalation; "can someone help me fill it out?" is a staff request, recorded but not a crisis
        settled = {s for s in senders if any(e.category != STAFF_REQUEST.name for e in bot.escalations(s))}
        if len(settled) != last:
            last, stable_since = len(settled), time.monotonic()
        elif len(settled) >= expected or time.monotonic() - stable_since > 5:
            break
        time.sleep(0.5)
    return settled


def _figures(label: str, items: list[tuple[str, str, str]], escalated: set[int], shown: set[int]) -> str:
    lines = []
    for side in ("positives", "negatives"):
        idx = [i for i, (s, _, _) in enumerate(items) if s == side]
        lines.append(f"{label} {side}: escalation recorded {len(escalated & set(idx))}/{len(idx)}, "
                     f"988 shown {len(shown & set(idx))}/{len(idx)}")
    return "\n".join(lines)


@pytest.mark.parametrize("path", [NEWEST_HELDOUT], ids=lambda p: p.name)
def test_every_message_of_the_set_over_rest_escalates_exactly_as_the_detector_decides(bot: Bot, path: Path) -> None:
    items = _items(path)
    expected = {i for i, item in enumerate(items) if _expected(*item)}

    def converse(numbered: tuple[int, tuple[str, str, str]]) -> tuple[str, bool]:
        """One person per message, four at a time: the sender and whether 988 was shown."""
        i, (_, category, text) = numbered
        person = f"{path.stem}-{i}-{uuid.uuid4().hex[:6]}"
        if category == "mid_form":
            for turn in FORM_START:
                bot.say(person, turn)
        return person, any("988" in t for t in bot.texts(person, text))

    with ThreadPoolExecutor(4) as pool:
        conversations = list(pool.map(converse, enumerate(items)))
    senders = [person for person, _ in conversations]
    shown = {i for i, (_, showed) in enumerate(conversations) if showed}
    recorded = _recorded(bot, senders, len(expected))
    escalated = {i for i, person in enumerate(senders) if person in recorded}
    print(_figures(f"{path.name} REST", items, escalated, shown))
    print(_figures(f"{path.name} detector", items, expected, expected))
    assert escalated == expected, [items[i][2] for i in escalated ^ expected]
    assert escalated <= shown, "988 goes out with every escalation"
    mid_form = [i for i, (_, category, _) in enumerate(items) if category == "mid_form"]
    assert all(not bot.prescreens(senders[i]) or bot.prescreens(senders[i])[0].answers.get("age") is None
               for i in mid_form if i in escalated), "a crisis answer is never stored as the form's answer"


def _stratified(items: list[tuple[str, str, str]], size: int) -> list[tuple[str, str, str]]:
    """Round-robin over the categories of both sides, so a small sample still covers every category."""
    groups: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for item in items:
        groups.setdefault(item[:2], []).append(item)
    ordered = [item for row in zip_longest(*groups.values()) for item in row if item is not None]
    return ordered[:size]


def _over_socketio(bot: Bot, text: str) -> tuple[str, list[str]]:
    """Sends one message from a fresh widget session; returns the session id and what the bot said."""
    heard: list[str] = []
    confirmed: list[str] = []
    client = socketio.Client(reconnection=False)
    client.on("bot_uttered", lambda data: heard.append(data.get("text", "")))
    client.on("session_confirm", lambda sid: confirmed.append(sid))
    client.connect(f"http://127.0.0.1:{bot.config.rasa_port}", transports=["polling"], wait_timeout=20)
    try:
        client.emit("session_request", {"session_id": uuid.uuid4().hex})
        session = wait_for(lambda: confirmed, timeout=10)[0]
        client.emit("user_uttered", {"message": text, "session_id": session})
        wait_for(lambda: heard, timeout=30)
        time.sleep(1.0)  # the rest of the turn's replies
    finally:
        client.disconnect()
    return session, heard


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_a_stratified_sample_over_socketio_escalates_exactly_as_the_detector_decides(bot: Bot, path: Path) -> None:
    sample = [item for item in _stratified(_items(path), SOCKET_SAMPLE + 10) if item[1] != "mid_form"][:SOCKET_SAMPLE]
    expected = {i for i, item in enumerate(sample) if _expected(*item)}
    with ThreadPoolExecutor(max_workers=6) as pool:  # separate visitors at once: a turn waits a second for its tail
        sessions = list(pool.map(lambda item: _over_socketio(bot, item[2]), sample))
    senders = [session for session, _ in sessions]
    shown = {i for i, (_, heard) in enumerate(sessions) if any("988" in h for h in heard)}
    recorded = _recorded(bot, senders, len(expected))
    escalated = {i for i, person in enumerate(senders) if person in recorded}
    print(_figures(f"{path.name} socket.io", sample, escalated, shown))
    assert {side for side, _, _ in sample} == {"positives", "negatives"}
    assert escalated == expected, [sample[i][2] for i in escalated ^ expected]
    assert escalated <= shown, "988 goes out with every escalation"
