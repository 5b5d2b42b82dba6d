"""The demo clinic page: clinic settings are escaped into HTML and into the widget's config script."""
from __future__ import annotations

import dataclasses
import json
import re

from bot.config import load_settings
from bot.web.site import STATIC_DIR, render_page


def test_clinic_settings_cannot_break_out_of_the_page() -> None:
    evil = '</script><script>alert(1)</script> & "Co"'
    config = dataclasses.replace(load_settings(), clinic_name=evil, public_rasa_url="https://bot.example.test")
    html = render_page(config, nonce="n0nce")
    assert "<script>alert(1)" not in html
    assert "In crisis? Call or text" in html and 'href="tel:988"' in html
    [config_json] = re.findall(r"window\.TMSAssistantConfig = (\{.*?\});", html)
    widget = json.loads(config_json)
    assert widget["clinicName"] == evil and widget["serverUrl"] == "https://bot.example.test"
    assert html.count('nonce="n0nce"') == 1  # the inline config script is the only one allowed to run


def test_the_built_widget_is_committed() -> None:
    bundle = (STATIC_DIR / "widget.js").read_text(encoding="utf-8")
    assert bundle.startswith("/*! TMS Assistant chat widget") and "session_request" in bundle
