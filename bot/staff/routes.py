"""The staff console on an aiohttp application: its pages (views), its JSON API (api) and the guard."""
from __future__ import annotations

from typing import Mapping

from aiohttp import web

from bot.config import Settings
from bot.staff import api, unanswered, views
from bot.staff.web import CONSOLE_KEY, HERE, ID_PATTERN, Console, Handler, staff_guard, templates


def setup_staff(app: web.Application, config: Settings, *more: Mapping[str, Handler]) -> None:
    """Registers the /staff pages, the JSON API and the guard; `more` are other capabilities' pages served
    under the same guard (clinical review), handed in by the app so the console does not import them."""
    app[CONSOLE_KEY] = Console(config=config, templates=templates())
    app.middlewares.append(staff_guard)
    routes: dict[str, Handler] = {**views.ROUTES, **api.ROUTES, **unanswered.ROUTES}
    for extra in more:
        routes.update(extra)
    for key, handler in routes.items():
        method, path = key.split(" ", 1)
        app.router.add_route(method, path.replace("{id}", f"{{id:{ID_PATTERN}}}"), handler)
    app.router.add_static("/staff/static", HERE / "static", append_version=False)
