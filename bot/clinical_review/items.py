"""The reviewed items, read from the YAML data files, each with a version: a hash of its canonical form.

The canonical form is the item's own data without the review fields (reviewed_by, reviewed_on,
review_due), so writing those fields back after an approval never changes the version it approved.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config import DATA_DIR
from bot.review import load_yaml
from bot.staff.canned import CANNED_PATH

REVIEW_FIELDS = ("reviewed_by", "reviewed_on", "review_due")
CONTENT_DIR = DATA_DIR / "content"
FACTS_PATH = CONTENT_DIR / "facts.yml"
HOTLINES_PATH = DATA_DIR / "safety" / "hotlines.yml"
SCREENING_DIR = DATA_DIR / "screening"
#: Kinds in the order the console lists them; "safety" kinds stop a production start while unapproved.
KIND_LABELS = {
    "hotlines": "Crisis hotlines and replies",
    "content": "Answer",
    "fact": "Clinical fact",
    "question": "Screening question",
    "rule": "Screening rule",
    "medicines": "Medicine list",
    "canned": "Canned staff reply",
}
SAFETY_KINDS = frozenset({"hotlines"})


@dataclass(frozen=True)
class Item:
    kind: str
    id: str
    title: str
    path: Path
    data: dict[str, Any]  # canonical: JSON types, no review fields
    sources: tuple[str, ...]  # readable citations
    per_entry_review: bool  # review fields on the entry itself (faq.yml), else on the file

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}" if self.id else self.kind

    @property
    def version(self) -> str:
        return version_of(self.data)

    @property
    def safety(self) -> bool:
        return self.kind in SAFETY_KINDS


def canonical(value: Any) -> Any:
    """JSON types only (YAML dates become ISO strings), review fields dropped at every level."""
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in value.items() if k not in REVIEW_FIELDS}
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def version_of(data: dict[str, Any]) -> str:
    """SHA-256 of the sorted-key JSON: the same content always has the same version, whatever the layout."""
    text = json.dumps(canonical(data), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def _cite(source: Any, named: dict[str, Any] | None = None) -> str:
    if isinstance(source, str) and named and source in named:
        return _cite(named[source])
    if isinstance(source, dict):
        if source.get("seed"):
            return f"seed article {source['seed']}"
        text = source.get("name") or " ".join(str(source.get("citation") or "").split()) or source.get("id") or ""
        url = source.get("url")
        return f"{text} ({url})" if url else str(text)
    return str(source)


def _load(path: Path) -> dict[str, Any]:
    return load_yaml(path) or {}


def _content(path: Path) -> list[Item]:
    """An entry's version covers what visitors read; its `questions` are NLU training paraphrases, so adding
    one does not send the answer back to clinical review."""
    return [
        Item("content", str(raw["id"]), str(raw.get("title") or raw["id"]), path,
             canonical({k: v for k, v in raw.items() if k != "questions"}),
             tuple(_cite(s) for s in raw.get("sources") or ()), per_entry_review=True)
        for raw in _load(path).get("entries") or ()
    ]


def _facts(path: Path) -> list[Item]:
    return [
        Item("fact", str(fact_id), str(fact_id).replace("_", " "), path, canonical({"id": fact_id, **body}),
             tuple(_cite(s) for s in body.get("sources") or ()), per_entry_review=False)
        for fact_id, body in (_load(path).get("facts") or {}).items()
    ]


def _hotlines(path: Path) -> list[Item]:
    raw = _load(path)
    return [Item("hotlines", "", KIND_LABELS["hotlines"], path, canonical(raw),
                 tuple(_cite(s) for s in raw.get("sources") or ()), per_entry_review=False)]


def _questions(path: Path) -> list[Item]:
    raw = _load(path)
    sources = tuple(_cite(s) for s in raw.get("sources") or ())
    rest = canonical({k: v for k, v in raw.items() if k != "questions"})
    items = [Item("question", "consent", "Consent and sources of the pre-screen", path, rest, sources,
                  per_entry_review=False)]
    items += [Item("question", str(q["slot"]), str(q.get("prompt") or q["slot"]), path, canonical(q), sources,
                   per_entry_review=False) for q in raw.get("questions") or ()]
    return items


def _rules(path: Path) -> list[Item]:
    raw = _load(path)
    named = raw.get("sources") or {}
    rest = canonical({k: v for k, v in raw.items() if k != "rules"})
    items = [Item("rule", "outcomes", "Outcomes, required answers and sources", path, rest,
                  tuple(_cite(s) for s in named.values()), per_entry_review=False)]
    return items + [Item("rule", str(rule["id"]), str(rule["id"]).replace("_", " "), path, canonical(rule),
                 (_cite(rule.get("source"), named),) if rule.get("source") else (), per_entry_review=False)
            for rule in raw.get("rules") or ()]


def _medicines(path: Path) -> list[Item]:
    raw = _load(path)
    return [Item("medicines", str(name), str(name).replace("_", " "), path, canonical({name: value}), (),
                 per_entry_review=False)
            for name, value in raw.items() if isinstance(value, dict)]


def _canned(path: Path) -> list[Item]:
    """One item per canned reply: staff send them to people in crisis, so each wording is signed off."""
    raw = _load(path)
    sources = tuple(_cite(s) for s in raw.get("sources") or ())
    return [Item("canned", str(reply["id"]), str(reply.get("label") or reply["id"]), path, canonical(reply), sources,
                 per_entry_review=False)
            for reply in raw.get("replies") or ()]


def load_items(data_dir: Path = DATA_DIR) -> list[Item]:
    """Every reviewed item, hotlines first (safety), then answers, facts, screening and canned staff replies."""
    content = data_dir / "content"
    items = _hotlines(data_dir / "safety" / "hotlines.yml")
    for path in sorted(p for p in content.glob("*.yml") if p.name != "facts.yml"):
        items += _content(path)
    if (content / "facts.yml").exists():
        items += _facts(content / "facts.yml")
    screening = data_dir / "screening"
    items += _questions(screening / "questions.yml") + _rules(screening / "rules.yml")
    if (screening / "medicines.yml").exists():
        items += _medicines(screening / "medicines.yml")
    canned = data_dir / CANNED_PATH.relative_to(DATA_DIR)
    if canned.exists():
        items += _canned(canned)
    return items
