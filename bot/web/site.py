"""Demo clinic page and chat widget (issue 5: being built)."""
from aiohttp import web


def setup_site(app: web.Application) -> None:
    """Registers the demo page, widget bundle and SMS routes."""
