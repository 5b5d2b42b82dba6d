"""Every SMS the bot can send, as the channel sends it (GSM-7, buttons as numbered choices), within its
segment budget: the clinic pays per segment, and one non-GSM-7 character doubles the count."""
from __future__ import annotations

from dataclasses import replace

import pytest
import yaml

from bot.config import ROOT, settings
from bot.review import load_yaml
from bot.safety.hotlines import load_hotlines
from bot.sms import TEXTS_PATH, channel_text, gsm7, numbered_choices

BUDGET = 3  # an answer by text: at most 3 segments (459 GSM-7 characters)
# Tighter budgets (issue 17): consent, HELP and the greeting at most 2, each pre-screen question 1, except the safety
# checklist (16 questions in one text: 4) and PHQ-9 items 1 (the full stem and the four answers) and 8 (its verbatim
# wording alone is 170 characters): 2.
BUDGETS = {"utter_prescreen_consent": 2, "help": 2, "utter_greet": 2, "utter_ask_prescreen_metal_in_head": 4,
           "utter_ask_prescreen_phq9_1": 2, "utter_ask_prescreen_phq9_8": 2}
QUESTION_BUDGET = 1
CLINIC = replace(settings(), clinic_name="Riverside Behavioral Health TMS Center", clinic_phone="(555) 010-0199",
                  clinic_hours="Mon-Fri 8am-6pm", clinic_email="frontdesk@riverside-tms-clinic.example",
                  booking_url="https://riverside-tms-clinic.example/book")
HOTLINES = load_hotlines(enforce_review=False).numbers  # the domain's {lifeline_number} etc. (domain/crisis.yml)


def sms_variants() -> list[tuple[str, str]]:
    """(response name, text as sent) for every response a Twilio conversation can get."""
    out = []
    for path in sorted((ROOT / "domain").glob("*.yml")):
        for name, variants in (yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {}).items():
            sms = [v for v in variants if v.get("channel") == "twilio"] or [v for v in variants if not v.get("channel")]
            for variant in sms:
                text = variant["text"].format_map({**CLINIC.clinic_slots, **HOTLINES, "remaining": "24"})
                if variant.get("buttons"):
                    text = f"{text.strip()} " + numbered_choices(
                        (str(n), b["title"]) for n, b in enumerate(variant["buttons"], start=1))
                out.append((name, gsm7.normalise(text)))
    out += [(key, channel_text(key, CLINIC)) for key in load_yaml(TEXTS_PATH)["texts"]]
    return out


def budget(name: str) -> int:
    if name in BUDGETS:
        return BUDGETS[name]
    return QUESTION_BUDGET if name.startswith("utter_ask_prescreen_") else BUDGET


@pytest.mark.parametrize("name,text", sms_variants(), ids=lambda v: v if isinstance(v, str) and v.isidentifier() else "")
def test_every_sms_is_gsm7_within_its_budget(name: str, text: str) -> None:
    assert gsm7.is_gsm7(text), [c for c in text if not gsm7.is_gsm7(c)]
    assert gsm7.segment_count(text) <= budget(name), (gsm7.segment_count(text), len(text), text)


def test_help_says_msg_and_data_rates_may_apply() -> None:
    assert "Msg&data rates may apply" in channel_text("help", CLINIC)


def main() -> None:
    for name, text in sorted(sms_variants(), key=lambda v: -gsm7.segment_count(v[1])):
        print(f"{gsm7.segment_count(text)} / {budget(name)}  {len(text):4}  {name}")


if __name__ == "__main__":
    main()


