"""The vetted content store: the real FAQ content is complete and reviewed, and bad entries never load."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.config import ROOT
from bot.content import store
from bot.content.store import (
    MAX_ANSWER_CHARS,
    MAX_SMS_CHARS,
    MIN_QUESTIONS,
    PLACEHOLDERS,
    REQUIRED_IDS,
    ContentError,
    _placeholders,
    load_content,
)

SEEDS_DIR = ROOT.parent / "shared" / "seeds"
# Ten-digit North-American numbers in the usual spellings, and 1-800 style numbers.
PHONE = re.compile(r"(?:\+?1[\s.-]?)?\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b|\b1-8\d\d-")
URL = re.compile(r"https?://|\bwww\.|\b[\w-]+\.(?:com|org|net|gov|edu|io|us|test)\b", re.IGNORECASE)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b")


@pytest.fixture(scope="module")
def content() -> store.ContentStore:
    return load_content()


# ----------------------------------------------------------------------------------- the real content


def test_real_content_has_every_required_entry(content: store.ContentStore) -> None:
    assert set(REQUIRED_IDS) <= set(content.ids)
    assert len(content.ids) == len(set(content.ids))


def test_every_real_entry_is_sourced_and_reviewed(content: store.ContentStore) -> None:
    today = dt.date.today()
    for entry in content.entries:
        assert entry.sources, entry.id
        assert entry.reviewed_by.strip(), entry.id
        assert entry.reviewed_on <= today < entry.review_due, entry.id
        assert len(entry.questions) >= MIN_QUESTIONS, entry.id
        for source in entry.sources:
            assert source.seed or (source.name and source.url and source.url.startswith("https://")), entry.id


def test_real_content_uses_only_known_placeholders(content: store.ContentStore) -> None:
    for entry in content.entries:
        for text in (entry.answer, entry.sms):
            assert _placeholders(text) <= PLACEHOLDERS, entry.id


def test_real_placeholders_are_all_filled_by_settings(content: store.ContentStore) -> None:
    """Every answer renders with the clinic settings (what Rasa does with the clinic slots)."""
    slots = {name: f"<{name}>" for name in PLACEHOLDERS}
    for entry in content.entries:
        for text in (entry.answer, entry.sms):
            rendered = text.format(**slots)
            assert "{" not in rendered and "}" not in rendered, entry.id


def test_every_sms_fits_the_sms_limit(content: store.ContentStore) -> None:
    for entry in content.entries:
        assert 0 < len(entry.sms) <= MAX_SMS_CHARS, entry.id
        assert 0 < len(entry.answer) <= MAX_ANSWER_CHARS, entry.id


def test_no_answer_hard_codes_clinic_contact_facts(content: store.ContentStore) -> None:
    """Phone numbers, URLs and e-mail addresses differ per clinic: they must come from placeholders."""
    for entry in content.entries:
        for text in (entry.answer, entry.sms):
            literal = re.sub(r"\{\w+\}", "", text)
            assert not PHONE.search(literal), (entry.id, PHONE.search(literal))
            assert not URL.search(literal), (entry.id, URL.search(literal))
            assert not EMAIL.search(literal), (entry.id, EMAIL.search(literal))


def test_contact_facts_regexes_catch_what_they_should() -> None:
    """Guards the guard: the patterns above do flag the literal facts they exist to catch."""
    for text in ("call (555) 010-0199", "call 555-010-0199", "call 1-800-273-8255", "see https://x.org/a",
                 "visit www.example.com", "go to example-tms-clinic.test"):
        assert PHONE.search(text) or URL.search(text), text
    assert EMAIL.search("write to care@example.test")
    assert not PHONE.search("about 36 sessions over 6 weeks, 19 minutes, 3,000 pulses")


def test_seed_sources_exist_in_shared_seeds(content: store.ContentStore) -> None:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"{SEEDS_DIR} not present on this machine")
    seeds = {source.seed for entry in content.entries for source in entry.sources if source.seed}
    assert seeds, "no entry cites a seed article"
    missing = sorted(seed for seed in seeds if not (SEEDS_DIR / seed).is_file())
    assert not missing


def test_store_lookup_and_response_name(content: store.ContentStore) -> None:
    entry = content.get("what_is_tms")
    assert entry.response_name == "utter_faq/what_is_tms"
    with pytest.raises(KeyError):
        content.get("no_such_entry")


# ------------------------------------------------------------------------------- schema enforcement

TODAY = dt.date(2026, 6, 1)


def _entry(**overrides: Any) -> dict[str, Any]:
    """A valid entry for TODAY; overrides replace fields (a value of None removes the field)."""
    entry: dict[str, Any] = {
        "id": "sample_entry",
        "title": "Sample",
        "answer": "Call {clinic_name} at {clinic_phone} to ask.",
        "sms": "Call {clinic_phone}.",
        "questions": [f"sample question number {i}" for i in range(MIN_QUESTIONS)],
        "sources": [{"seed": "000_9f94f21f80b067e7.txt"}],
        "reviewed_by": "content review",
        "reviewed_on": "2026-01-01",
        "review_due": "2027-01-01",
    }
    entry.update(overrides)
    return {k: v for k, v in entry.items() if v is not None}


def _write(directory: Path, *entries: dict[str, Any], name: str = "content.yml") -> Path:
    path = directory / name
    path.write_text(yaml.safe_dump({"entries": list(entries)}, sort_keys=False), encoding="utf-8")
    return path


def _load(tmp_path: Path, *entries: dict[str, Any], today: dt.date = TODAY) -> store.ContentStore:
    return load_content([_write(tmp_path, *entries)], today=today)


def test_a_valid_temporary_entry_loads(tmp_path: Path) -> None:
    loaded = _load(tmp_path, _entry(buttons=[{"title": "Start", "payload": "/start_prescreen"}]))
    entry = loaded.get("sample_entry")
    assert entry.sources[0].seed == "000_9f94f21f80b067e7.txt"
    assert entry.buttons[0].payload == "/start_prescreen"
    assert entry.review_due == dt.date(2027, 1, 1)


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"sources": None}, "sample_entry: no sources"),
        ({"sources": []}, "sample_entry: no sources"),
        ({"reviewed_by": None}, "sample_entry: missing reviewed_by"),
        ({"reviewed_by": "   "}, "sample_entry: missing reviewed_by"),
        ({"answer": None}, "sample_entry: missing answer"),
        ({"sms": ""}, "sample_entry: missing sms"),
        ({"review_due": "2026-05-31"}, "review was due on 2026-05-31"),
        ({"review_due": TODAY.isoformat()}, f"review was due on {TODAY}"),
        ({"reviewed_on": "2026-06-02"}, "reviewed_on 2026-06-02 is in the future"),
        ({"review_due": "next spring"}, "review_due must be a date"),
        ({"answer": "Ask {doctor_name} about it."}, "unknown placeholders ['doctor_name']"),
        ({"sms": "Text {clinic_fax}."}, "unknown placeholders ['clinic_fax']"),
        ({"answer": "Positional {} fields are not clinic facts."}, "unknown placeholders"),
        ({"answer": "x" * (MAX_ANSWER_CHARS + 1)}, f"answer is {MAX_ANSWER_CHARS + 1} chars, over {MAX_ANSWER_CHARS}"),
        ({"sms": "x" * (MAX_SMS_CHARS + 1)}, f"sms is {MAX_SMS_CHARS + 1} chars, over {MAX_SMS_CHARS}"),
        ({"sources": [{"seed": "article.txt"}]}, "seed 'article.txt' is not a seed file name"),
        ({"sources": [{"seed": "000_9f94f21f80b067e7.pdf"}]}, "is not a seed file name"),
        ({"sources": [{"name": "Some site", "url": "http://insecure.example"}]}, "https 'url'"),
        ({"sources": [{"url": "https://example.org"}]}, "needs a 'name'"),
        ({"sources": ["just a string"]}, "each source needs"),
        ({"questions": ["only one"] * (MIN_QUESTIONS - 1)}, f"at least {MIN_QUESTIONS} example questions"),
        ({"id": "Bad-Id"}, "must be snake_case"),
    ],
)
def test_bad_entry_is_refused_with_a_helpful_message(tmp_path: Path, overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ContentError) as raised:
        _load(tmp_path, _entry(**overrides))
    assert message in str(raised.value)


def test_limits_are_inclusive(tmp_path: Path) -> None:
    entry = _load(tmp_path, _entry(answer="a" * MAX_ANSWER_CHARS, sms="s" * MAX_SMS_CHARS)).get("sample_entry")
    assert len(entry.answer) == MAX_ANSWER_CHARS and len(entry.sms) == MAX_SMS_CHARS


def test_the_same_entry_expires_once_its_review_is_due(tmp_path: Path) -> None:
    path = _write(tmp_path, _entry())
    assert load_content([path], today=dt.date(2026, 12, 31)).ids == ["sample_entry"]
    with pytest.raises(ContentError, match="re-review"):
        load_content([path], today=dt.date(2027, 1, 1))


def test_duplicate_ids_across_files_are_refused(tmp_path: Path) -> None:
    first = _write(tmp_path, _entry(), name="a.yml")
    second = _write(tmp_path, _entry(title="Another"), name="b.yml")
    with pytest.raises(ContentError, match=r"duplicate entry ids: \['sample_entry'\]"):
        load_content([first, second], today=TODAY)


def test_duplicate_ids_in_one_file_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="duplicate entry ids"):
        _load(tmp_path, _entry(), _entry())


def test_default_load_requires_every_required_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped content directory must hold all REQUIRED_IDS; one valid entry alone is not enough."""
    _write(tmp_path, _entry())
    monkeypatch.setattr(store, "CONTENT_DIR", tmp_path)
    with pytest.raises(ContentError, match="required entries missing") as raised:
        load_content(today=TODAY)
    assert "what_is_tms" in str(raised.value)
