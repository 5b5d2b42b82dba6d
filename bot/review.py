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


def load_yaml(path: Path) -> Any:
    """Reads a reviewed data file; a syntax error names the file."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ValueError(f"{path}: not valid YAML: {error}") from error
