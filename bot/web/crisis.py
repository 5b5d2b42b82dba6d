"""Tappable crisis actions (call, text, chat, emergency) built from data/safety/hotlines.yml.

The numbers live only in that file; the page and the widget get them from here (the widget through its
config), and a crisis reply is recognised by its exact reviewed text, which also gives its language.
SMS never sees these: there the reply keeps its plain numbers.
"""
from __future__ import annotations

import re
from functools import lru_cache

from bot.safety.hotlines import Hotlines, load_hotlines

# (label, link) per language; {names} are the keys of `hotlines:` in hotlines.yml.
ACTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (("Call {lifeline_number}", "tel:{lifeline_number}"), ("Text {lifeline_number}", "sms:{lifeline_number}"),
           ("Chat at {lifeline_chat}", "https://{lifeline_chat}"), ("Call {emergency_number}", "tel:{emergency_number}")),
    "es": (("Llamar al {lifeline_number}", "tel:{lifeline_number}"),
           ("Enviar texto al {lifeline_number}", "sms:{lifeline_number}"),
           ("Chat en {lifeline_chat}", "https://{lifeline_chat}"),
           ("Llamar al {emergency_number}", "tel:{emergency_number}")),
}


@lru_cache(maxsize=1)
def hotlines() -> Hotlines:
    return load_hotlines(enforce_review=False)  # an overdue review fails the build, never live safety


def _dial(number: str) -> str:
    return re.sub(r"[^\d+]", "", number)


def crisis_actions(numbers: dict[str, str]) -> dict[str, list[dict[str, str]]]:
    """{"en": [{"label": "Call 988", "href": "tel:988"}, ...], "es": [...]}"""
    dialable = {key: _dial(value) if key.endswith("_number") else value for key, value in numbers.items()}
    return {language: [{"label": label.format(**numbers), "href": href.format(**dialable)} for label, href in actions]
            for language, actions in ACTIONS.items()}


def widget_hotlines() -> dict[str, object]:
    """The widget's `hotlines` config: the numbers it shows and the actions under a crisis reply."""
    numbers = hotlines().numbers
    return {"lifeline": numbers["lifeline_number"], "emergency": numbers["emergency_number"],
            "actions": crisis_actions(numbers)}


def reply_language(text: str) -> str | None:
    """"en" or "es" when `text` is one of the reviewed crisis replies or reminders, else None."""
    known = hotlines()
    for key, reply in known.replies.items():
        if text == reply:
            return key.rsplit("_", 1)[1]
    return next((language for language, reminder in known.reminders.items() if text == reminder), None)
