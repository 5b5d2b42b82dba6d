"""Demo clinic page at / with the chat widget; the widget bundle is built from web/widget into static/."""
from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web

from bot.config import Settings

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True, undefined=jinja2.StrictUndefined
)


def widget_config(config: Settings) -> dict[str, Any]:
    """window.TMSAssistantConfig; an empty serverUrl is filled in by the page: its own host, Rasa's port."""
    return {"serverUrl": config.public_rasa_url, "clinicName": config.clinic_name, "colors": {"primary": "#0b5c57"}}


def render_page(config: Settings, nonce: str, widget_src: str = "/static/widget.js") -> str:
    return _templates.get_template("index.html").render(
        config=config, widget=widget_config(config), rasa_port=config.rasa_port, nonce=nonce, widget_src=widget_src,
        clinic_tel=re.sub(r"[^\d+]", "", config.clinic_phone),
    )


def setup_site(app: web.Application) -> None:
    """Registers the demo page and the widget bundle."""
    from bot.web.app import CONFIG_KEY  # noqa: PLC0415  (bot.web.app imports this module)

    async def index(request: web.Request) -> web.Response:
        nonce = secrets.token_urlsafe(16)  # only our inline config script may run, even if text slipped in
        widget_src = str(request.app.router["site_static"].url_for(filename="widget.js"))  # ?v=<hash>: no stale cache
        return web.Response(
            text=render_page(request.app[CONFIG_KEY], nonce, widget_src),
            content_type="text/html",
            headers={
                "Content-Security-Policy": f"script-src 'self' 'nonce-{nonce}'; object-src 'none'; base-uri 'none'",
                "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "no-referrer",
            },
        )

    app.router.add_get("/", index)
    app.router.add_static("/static", STATIC_DIR, name="site_static", append_version=True)
