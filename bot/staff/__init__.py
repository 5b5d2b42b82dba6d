"""Staff console: escalation queue, transcripts, handoff, pre-screen follow-up, audit log and a JSON API.

The console's tables live in `bot.staff.models` (escalations and hand-offs in `bot.escalation.models`);
the aiohttp routes are added by `bot.staff.routes.setup_staff`.
"""
