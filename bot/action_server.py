"""The action server (rasa_sdk's Sanic app with our actions) behind a shared secret.

rasa_sdk 3.6 answers anyone who reaches it, and its `/webhook` trusts the tracker in the request: a
forged call could record an escalation or a pre-screen for an invented person. Rasa sends
`action_endpoint.token` (endpoints.yml, `${ACTION_SERVER_TOKEN}`) as the `token` query parameter on
every call, so every route except `/health` (the start-up check) needs that value here: 401 without it.
`python -m bot.action_server --port N` is what `bot.run` starts instead of `python -m rasa_sdk`.
"""
from __future__ import annotations

import hmac
import logging
import os

from rasa_sdk import utils
from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
from rasa_sdk.endpoint import create_app as create_sdk_app
from rasa_sdk.endpoint import create_argument_parser
from rasa_sdk.plugin import plugin_manager
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

TOKEN_ENV = "ACTION_SERVER_TOKEN"
OPEN_PATHS = frozenset({"/health"})


def create_app(token: str, actions: str = "actions") -> Sanic:
    """rasa_sdk's app without CORS (only Rasa calls it, never a browser) and with the token check."""
    if not token:
        raise ValueError(f"{TOKEN_ENV} is empty: the action server refuses to start without its shared secret")
    app = create_sdk_app(actions, cors_origins="")
    expected = token.encode()

    @app.on_request
    async def require_token(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS:
            return None
        given = (request.args.get("token") or "").encode()
        if hmac.compare_digest(given, expected):
            return None
        return response.json({"error": "a valid token is required"}, status=401)

    return app


def main(argv: list[str] | None = None) -> None:
    """rasa_sdk's own command line and logging (its `--cors` is ignored: no browser calls this server)."""
    args = create_argument_parser().parse_args(argv)
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(logging.getLogger(APPLICATION_ROOT_LOGGER_NAME), args.log_file, args.loglevel,
                                 args.logging_config_file)
    utils.update_sanic_log_level()
    app = create_app(os.environ.get(TOKEN_ENV, "").strip(), args.actions)
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    # Loopback only, in both profiles: Rasa (or nginx in front of the replicas) is the only caller.
    app.run("127.0.0.1", args.port, workers=utils.number_of_sanic_workers())


if __name__ == "__main__":
    main()
