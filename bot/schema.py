"""Every table of ours, gathered for the migrations (migrations/env.py, bot/migrate.py).

Each capability declares its tables beside its code; importing this module registers them all on
`bot.db.Base.metadata`. Only the composition layer imports it.
"""
from __future__ import annotations

import bot.answers.log
import bot.clinical_review.models
import bot.escalation.models
import bot.screening.records
import bot.sms
import bot.staff.models
import bot.staff.replies
from bot.db import Base

MODULES = (bot.answers.log, bot.clinical_review.models, bot.escalation.models, bot.screening.records, bot.sms,
           bot.staff.models, bot.staff.replies)
metadata = Base.metadata
