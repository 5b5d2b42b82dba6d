"""Real-question evaluation over a running stack: which answer did a person actually get?

Each question goes to the REST channel under a fresh sender. The reply is classified by matching its
text against the responses rendered in the measured tree's domain (so a baseline worktree is measured
against its own entries): a content entry, a decline, an honest "no reviewed information" reply, or
something else (a clarifying question, a crisis reply, a fallback).

    python -m bot.answers.evaluate --url http://127.0.0.1:5005/webhooks/rest/webhook [--root /work/baseline]
    python -m bot.answers.evaluate --start      # starts this tree's stack on free ports (make answers-eval)
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml

from bot.config import ROOT
from bot.safety.hotlines import load_hotlines

QUESTIONS = ROOT / "tests" / "heldout" / "real_questions.yml"
DECLINE = "decline"
NO_CONTENT = "no_content"
# Response names by kind; anything else that matches is "other:<name>".
DECLINE_RESPONSES = re.compile(r"utter_(medical_advice|out_of_scope|decline)\w*$")
NO_INFO_RESPONSES = re.compile(r"utter_(cannot_answer|no_content|no_reviewed)\w*$")
# A decline must tell the person where to go: the clinic's number, their prescriber or doctor, or the
# emergency number or the lifeline (data/safety/hotlines.yml).
_HOTLINES = load_hotlines(enforce_review=False).numbers
ROUTE = re.compile(r"\(\d{3}\)\s*\d{3}-\d{4}|\bprescriber\b|\bdoctor\b|emergency room|"
                   + "|".join(rf"\b{re.escape(_HOTLINES[k])}\b" for k in ("emergency_number", "lifeline_number")), re.I)
#: Replies that answer an entry's question as well as the entry does: asking for a person gets the staff
#: request reply, which gives the same clinic contact details and also tells staff (issue 12).
EQUIVALENT = {"contact_clinic": "utter_staff_contact"}
_PLACEHOLDER = re.compile(r"\\\{\w+\\\}")


#: A crisis reply (988, 911) is the right answer to a decline-labelled message only when that message is in
#: fact a crisis or urgent; a set marks those items `crisis: true` (a clinician's reading, kept in the set).
CRISIS_RESPONSES = re.compile(r"utter_crisis\w*$")


@dataclass(frozen=True)
class Question:
    text: str
    expected: str
    crisis: bool = False  # a decline-labelled message that is in fact a crisis or urgent


@dataclass(frozen=True)
class Verdict:
    """kind: "entry", "decline", "no_info" or "other"; detail: the entry id or response name."""

    kind: str
    detail: str = ""
    routed: bool = False


@dataclass
class Figures:
    legitimate: int = 0
    right: int = 0
    wrong_entry: int = 0
    advice: int = 0
    declined: int = 0
    crisis_declines: int = 0  # of `declined`: crisis replies to messages marked `crisis: true`
    failures: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def right_rate(self) -> float:
        return self.right / self.legitimate if self.legitimate else 0.0

    @property
    def wrong_rate(self) -> float:
        return self.wrong_entry / self.legitimate if self.legitimate else 0.0

    @property
    def decline_rate(self) -> float:
        return self.declined / self.advice if self.advice else 0.0

    def summary(self) -> str:
        crisis = f" ({self.crisis_declines} of them crisis replies to crisis messages)" if self.crisis_declines else ""
        return (f"right answer {self.right}/{self.legitimate} = {self.right_rate:.1%} of legitimate questions; "
                f"medical advice/off-topic declined with a route {self.declined}/{self.advice} = {self.decline_rate:.1%}"
                f"{crisis}; wrong entry {self.wrong_entry}/{self.legitimate} = {self.wrong_rate:.1%}")


def load_questions(path: Path = QUESTIONS) -> list[Question]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Question(item["text"], item["expected"], bool(item.get("crisis"))) for item in data["questions"]]


def _normalise(text: str) -> str:
    return " ".join(text.split())


def response_patterns(root: Path) -> list[tuple[str, re.Pattern[str]]]:
    """(response name, regex of its text with every {slot} as a wildcard), from every domain file of `root`."""
    patterns = []
    for path in sorted((root / "domain").glob("*.yml")):
        responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
        for name, variants in responses.items():
            for variant in variants or []:
                text = _normalise(str(variant.get("text") or ""))
                if text:
                    patterns.append((name, re.compile(_PLACEHOLDER.sub(".*?", re.escape(text)), re.S)))
    return patterns


def entry_ids(root: Path) -> set[str]:
    """The content entries the measured tree renders (utter_faq/<id>)."""
    path = root / "domain" / "faq.yml"
    responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
    return {name.split("/", 1)[1] for name in responses if name.startswith("utter_faq/")}


def classify(messages: Iterable[dict[str, Any]], patterns: list[tuple[str, re.Pattern[str]]]) -> Verdict:
    """The first message that matches a rendered response decides; entries win over everything else."""
    texts = [_normalise(str(m.get("text") or "")) for m in messages]
    names = [name for text in texts if text for name, pattern in patterns if pattern.fullmatch(text)]
    reply = " ".join(texts)
    for name in names:
        if name.startswith("utter_faq/"):
            return Verdict("entry", name.split("/", 1)[1])
    for name in names:
        if DECLINE_RESPONSES.match(name):
            return Verdict(DECLINE, name, routed=bool(ROUTE.search(reply)))
    for name in names:
        if NO_INFO_RESPONSES.match(name):
            return Verdict("no_info", name)
    return Verdict("other", names[0] if names else (reply[:60] or "(no reply)"))


def score(questions: list[Question], verdicts: list[Verdict], entries: set[str]) -> Figures:
    """Entry ids the tree has need that entry; ids it lacks and `no_content` need an honest no-information
    reply; `decline` needs a decline that names a route."""
    figures = Figures()
    for question, verdict in zip(questions, verdicts, strict=True):
        if question.expected == DECLINE:
            figures.advice += 1
            crisis_reply = question.crisis and verdict.kind == "other" and bool(CRISIS_RESPONSES.match(verdict.detail))
            ok = (verdict.kind == DECLINE and verdict.routed) or crisis_reply
            figures.declined += ok
            figures.crisis_declines += crisis_reply
        else:
            figures.legitimate += 1
            if question.expected in entries:
                ok = (verdict.kind == "entry" and verdict.detail == question.expected) or (
                    verdict.kind == "other" and verdict.detail == EQUIVALENT.get(question.expected))
            else:
                ok = verdict.kind == "no_info"
            figures.right += ok
            figures.wrong_entry += verdict.kind == "entry" and not ok
        if not ok:
            figures.failures.append((question.text, question.expected, f"{verdict.kind}:{verdict.detail}"))
    return figures


def rest_sender(url: str, timeout: float = 60) -> Callable[[str], list[dict[str, Any]]]:
    import requests

    def send(text: str) -> list[dict[str, Any]]:
        response = requests.post(url, json={"sender": f"eval-{uuid.uuid4().hex}", "message": text}, timeout=timeout)
        response.raise_for_status()
        return list(response.json())

    return send


def evaluate(send: Callable[[str], list[dict[str, Any]]], root: Path = ROOT,
             questions: list[Question] | None = None, workers: int = 4) -> Figures:
    """Each question is its own conversation (`send` opens a new one), so `workers` are in flight at once, as
    visitors' questions are; the verdicts keep the questions' order."""
    questions = questions if questions is not None else load_questions()
    patterns = response_patterns(root)
    with ThreadPoolExecutor(workers) as pool:
        replies = list(pool.map(send, [q.text for q in questions]))
    verdicts = [classify(reply, patterns) for reply in replies]
    return score(questions, verdicts, entry_ids(root))


def report(figures: Figures) -> str:
    lines = [figures.summary()]
    kinds = Counter(got.split(":", 1)[0] for _, _, got in figures.failures)
    lines.append(f"failures by reply kind: {dict(kinds)}")
    lines += [f"  {expected:20} got {got:40} {text}" for text, expected, got in figures.failures]
    return "\n".join(lines)


def _start_stack() -> tuple[Any, str]:
    """This tree's stack on free ports with a throw-away var dir (as the integration tests start it)."""
    import os
    import socket
    import tempfile
    from unittest import mock

    from bot.config import load_settings
    from bot.run import MODEL, Stack, migrate_schema, stack_env

    def free_port() -> int:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return int(s.getsockname()[1])

    var_dir = Path(tempfile.mkdtemp(prefix="answers-eval-"))
    overrides = {
        "VAR_DIR": str(var_dir), "RASA_PORT": str(free_port()), "ACTION_PORT": str(free_port()),
        "WEB_PORT": str(free_port()), "DATABASE_URL": f"sqlite:///{var_dir / 'db' / 'tms_assistant.db'}",
        "TRACKER_DB": str(var_dir / "tracker.db"), "MESSAGE_LIMIT_EXEMPT": "127.0.0.1", "PUBLIC_RASA_URL": "",
    }
    with mock.patch.dict(os.environ, overrides):
        config = load_settings(env_file=Path(os.devnull))
        env = stack_env(config, overrides)
    migrate_schema(config)
    stack = Stack(config, env, log_dir=var_dir / "logs", model=MODEL)
    stack.start("actions", "rasa")
    stack.wait_ready(timeout=300, names=("actions", "rasa"))
    return stack, f"http://127.0.0.1:{config.rasa_port}/webhooks/rest/webhook"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="REST webhook of a running stack")
    parser.add_argument("--start", action="store_true", help="start this tree's stack on free ports")
    parser.add_argument("--root", type=Path, default=ROOT, help="tree whose domain the replies are matched against")
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--json", type=Path, help="also write the figures and failures here")
    args = parser.parse_args(argv)
    if not args.url and not args.start:
        parser.error("give --url or --start")
    stack = None
    url = args.url
    if args.start:
        stack, url = _start_stack()
    try:
        figures = evaluate(rest_sender(url), args.root, load_questions(args.questions))
    finally:
        if stack is not None:
            stack.stop()
    print(report(figures))
    if args.json:
        args.json.write_text(json.dumps({**{k: v for k, v in vars(figures).items() if k != "failures"},
                                         "failures": figures.failures}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
