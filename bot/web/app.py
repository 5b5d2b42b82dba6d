"""aiohttp application factory and entry point (`python -m bot.web`)."""
from __future__ import annotations

import logging

from aiohttp import web

from bot.clinical_review import views as clinical_review
from bot.config import Settings, settings
from bot.staff.routes import setup_staff
from bot.web.site import setup_site


async def healthz(_: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def create_app(config: Settings) -> web.Application:
    app = web.Application(client_max_size=1024 * 1024)
    app.router.add_get("/healthz", healthz)
    setup_site(app, config)
    setup_staff(app, config, clinical_review.ROUTES)
    return app


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    config = settings()
    web.run_app(create_app(config), host=config.web_host, port=config.web_port, access_log=None)
