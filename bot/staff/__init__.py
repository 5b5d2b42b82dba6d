"""Staff console: escalation queue, transcripts, handoff, pre-screen follow-up, audit log and a JSON API.

The tables live in `bot.staff.models` (registered on `bot.db.Base`, which imports them, so
`bot.db.engine_for` creates them); the aiohttp routes are added by `bot.staff.web.setup_staff`.
"""
