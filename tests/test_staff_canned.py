"""The canned replies file (data/staff/canned_replies.yml): reviewed, numbers only from the hotline file."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from bot.config import load_settings
from bot.review import load_yaml
from bot.safety.hotlines import load_hotlines
from bot.staff.canned import CANNED_PATH, load_canned

CLINIC = {"clinic_name": "Lakeside TMS", "clinic_phone": "(555) 010-0199", "clinic_hours": "Mon-Fri 8am-5pm",
          "clinic_email": "care@example.test", "booking_url": "https://example.test/book"}


def _variant(tmp_path: Path, change) -> Path:
    raw = load_yaml(CANNED_PATH)
    change(raw)
    path = tmp_path / "canned_replies.yml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


def test_the_shipped_replies_are_reviewed_and_carry_the_hotline_files_numbers() -> None:
    replies = {r.id: r for r in load_canned(load_settings().clinic_slots)}  # enforce_review: fails once due
    numbers = load_hotlines(enforce_review=False).numbers
    assert {"hello", "safety_check", "call_back"} <= set(replies)
    assert numbers["lifeline_number"] in replies["safety_check"].text
    assert numbers["emergency_number"] in replies["safety_check"].text
    assert all("{" not in r.text and r.label for r in replies.values())


def test_a_hotline_number_typed_into_the_file_is_refused(tmp_path: Path) -> None:
    path = _variant(tmp_path, lambda raw: raw["replies"][0].update(text="Call 988 now."))
    with pytest.raises(ValueError, match="types the hotline number 988"):
        load_canned(CLINIC, path)


def test_an_unknown_placeholder_or_a_duplicate_id_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown placeholder {clinic_fax}"):
        load_canned(CLINIC, _variant(tmp_path, lambda raw: raw["replies"][0].update(text="Fax {clinic_fax}.")))
    with pytest.raises(ValueError, match="unique id"):
        load_canned(CLINIC, _variant(tmp_path, lambda raw: raw["replies"].append(dict(raw["replies"][0]))))


def test_an_overdue_review_fails_the_tests_but_never_the_console() -> None:
    later = dt.date(2030, 1, 1)
    with pytest.raises(ValueError, match="review was due"):
        load_canned(CLINIC, today=later)
    assert load_canned(CLINIC, today=later, enforce_review=False)
