"""Demo clinic page at / with the chat widget; the widget bundle is built from web/widget into static/."""
from __future__ import annotations

import asyncio
import re
import secrets
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web

from bot.clinical_review.serving import unreviewed_notice
from bot.config import Settings
from bot.web.crisis import hotlines, widget_hotlines
from bot.web.visitor import setup_visitor

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True, undefined=jinja2.StrictUndefined
)


def widget_config(config: Settings) -> dict[str, Any]:
    """window.TMSAssistantConfig; an empty serverUrl is filled in by the page: its own host, Rasa's port."""
    return {"serverUrl": config.public_rasa_url, "clinicName": config.clinic_name, "colors": {"primary": "#0b5c57"},
            "hotlines": widget_hotlines()}


def render_page(config: Settings, nonce: str, widget_src: str = "/static/widget.js", review_notice: str = "") -> str:
    """`review_notice`: the "not yet clinically reviewed" marker while pending versions are served."""
    return _templates.get_template("index.html").render(
        config=config, widget=widget_config(config), rasa_port=config.rasa_port, nonce=nonce, widget_src=widget_src,
        clinic_tel=re.sub(r"[^\d+]", "", config.clinic_phone), review_notice=review_notice,
        hotlines=hotlines().numbers,
    )


def setup_site(app: web.Application, config: Settings) -> None:
    """Registers the demo page and the widget bundle."""

    async def index(request: web.Request) -> web.Response:
        nonce = secrets.token_urlsafe(16)  # only our inline config script may run, even if text slipped in
        widget_src = str(request.app.router["site_static"].url_for(filename="widget.js"))  # ?v=<hash>: no stale cache
        return web.Response(
            text=render_page(config, nonce, widget_src, await asyncio.to_thread(unreviewed_notice, config)),
            content_type="text/html",
            headers={
                "Content-Security-Policy": f"script-src 'self' 'nonce-{nonce}'; object-src 'none'; base-uri 'none'",
                "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "no-referrer",
            },
        )

    app.router.add_get("/", index)
    setup_visitor(app, config)
    app.router.add_static("/static", STATIC_DIR, name="site_static", append_version=True)
