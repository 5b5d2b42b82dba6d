"""What the fit check learns from: the reviewed entries and this tree's other NLU examples."""
from __future__ import annotations

from pathlib import Path

import yaml

from bot.config import DATA_DIR
from bot.content.store import load_content

NLU_DIR = DATA_DIR / "nlu"
GENERATED_FAQ = "faq.yml"  # rendered from the content entries, which entry_texts() reads directly


def entry_texts() -> dict[str, list[str]]:
    """Entry id -> its title and training questions."""
    return {entry.id: [entry.title, *entry.questions] for entry in load_content().entries}


def titles() -> dict[str, str]:
    """Entry id -> title (the "Did you mean" buttons show and send it)."""
    return {entry.id: entry.title for entry in load_content().entries}


def other_examples(nlu_dir: Path = NLU_DIR) -> list[str]:
    """Every training example of the non-FAQ intents (declines, greetings, the pre-screen)."""
    texts: list[str] = []
    for path in sorted(nlu_dir.glob("*.yml")):
        if path.name == GENERATED_FAQ:
            continue
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            if "intent" in item:
                texts += [line.strip()[2:] for line in str(item.get("examples") or "").splitlines()
                          if line.strip().startswith("- ")]
    return texts


def offering(payload: str) -> str | None:
    """The entry whose buttons offer `payload` ("/start_prescreen": the eligibility answer), if one does."""
    return next((e.id for e in load_content().entries if any(b.payload == payload for b in e.buttons)), None)
