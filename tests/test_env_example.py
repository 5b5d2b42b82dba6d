""".env.example documents every variable the code reads, so a clinic can configure it without reading code."""
from __future__ import annotations

import re

from bot.config import ROOT

READS = re.compile(r"""(?:_get|os\.environ\.get|getenv|_flag|_int)\(\s*["']([A-Z][A-Z0-9_]+)["']""")


def test_every_variable_the_code_reads_is_documented() -> None:
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    read = {name for path in (ROOT / "bot").rglob("*.py") for name in READS.findall(path.read_text())}
    assert read, "no settings found: the pattern above no longer matches bot/config.py"
    assert read <= documented, sorted(read - documented)
