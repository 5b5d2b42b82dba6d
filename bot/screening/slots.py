"""The pre-screen's Rasa slots: the generated domain (bot.build) and the actions (actions/prescreen.py) both
read their names here."""
from __future__ import annotations

from .phq9 import ITEM9_SLOT

#: Each answer's slot is this prefix plus the question's slot name ("prescreen_age").
PRESCREEN_SLOT_PREFIX = "prescreen_"
#: The Rasa slot holding the PHQ-9 item 9 answer: the crisis detector reads it (a positive answer lowers the bar)
#: and leaves the form's own question about self-harm to the form.
ITEM9_ANSWER_SLOT = PRESCREEN_SLOT_PREFIX + ITEM9_SLOT
#: The person's own words, medicine flags and the item-9 flag kept beside the answers (bot.screening.dialogue).
PRESCREEN_NOTES_SLOT = "prescreen_notes"
#: Where the pre-screen stands (bot.screening.dialogue's CONSENT_PENDING ... COMPLETED).
PRESCREEN_STATUS_SLOT = "prescreen_status"
#: When consent was given, ISO 8601; it keys the stored record (bot.screening.records).
PRESCREEN_STARTED_SLOT = "prescreen_started_at"
