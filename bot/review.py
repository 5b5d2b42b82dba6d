"""Review metadata shared by every reviewed data file (content, lexicon, hotlines, screening)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml


def as_date(value: object, where: str) -> dt.date:
    """YAML gives dates as `date` objects or strings; both are accepted, anything else is an error."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{where} must be a date like 2027-05-29, got {value!r}")


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's parser where PyYAML was built with it (the same safe documents, parsed about ten times faster),
    refusing a key written twice in one mapping: YAML keeps the last, so the first one's words were silently lost
    (the lexicon's "pills" spellings once dropped the pill emoji that way)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} is written twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_mapping)


def load_yaml(path: Path) -> Any:
    """Reads a reviewed data file; a syntax error or a key written twice names the file."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as error:
        raise ValueError(f"{path}: not valid YAML: {error}") from error


def check_review(data: Any, *, today: dt.date | None = None, enforce_review: bool = True, where: str = "") -> dt.date:
    """The review fields every reviewed data file carries: `reviewed_by`, `reviewed_on` and `review_due` (not
    before `reviewed_on`); returns `review_due`.

    One rule for every file: a review is overdue ON its due date (`review_due <= today`), so a file is re-reviewed
    before the date, as the clinical-review workflow asks (an approval is "overdue" on its due date). With
    `enforce_review` (the build, CI, tests) an overdue review is an error; everything that runs while a person
    is talking passes `enforce_review=False`, so an overdue review never fails a live chat, least of all the
    crisis path. Errors start with `where` (a file or entry name) when given."""
    try:
        return _check_review(data, today or dt.date.today(), enforce_review)
    except ValueError as error:
        if not where:
            raise
        raise type(error)(f"{where}: {error}") from None


def _check_review(data: Any, today: dt.date, enforce_review: bool) -> dt.date:
    if not isinstance(data, dict):
        raise ValueError("must be a mapping at the top level")
    if not isinstance(data.get("reviewed_by"), str) or not data["reviewed_by"].strip():
        raise ValueError("reviewed_by must be non-empty text")
    reviewed_on = as_date(data.get("reviewed_on"), "reviewed_on")
    review_due = as_date(data.get("review_due"), "review_due")
    if review_due < reviewed_on:
        raise ValueError("review_due is before reviewed_on")
    if enforce_review and review_due <= today:
        raise ValueError(f"review was due on {review_due.isoformat()} (today {today.isoformat()}): "
                         "re-review it before it can ship")
    return review_due


def load_reviewed(path: Path, *, today: dt.date | None = None, enforce_review: bool = True) -> Any:
    """Reads a reviewed data file and checks its review fields (`check_review`); errors name the file."""
    data = load_yaml(path)
    check_review(data, today=today, enforce_review=enforce_review, where=str(path))
    return data
