"""Rasa adapter (endpoints.yml `nlg: type: bot.clinical_review.nlg.ReviewedResponses`): the domain's
responses, except that under approved-only serving `utter_faq/<id>` comes from the approved versions."""
from __future__ import annotations

from typing import Any

from rasa.core.nlg import TemplatedNaturalLanguageGenerator

from bot.clinical_review.serving import APPROVED_ONLY, ApprovedAnswers, served_response
from bot.config import settings

FAQ_PREFIX = "utter_faq/"
SMS_CHANNEL = "twilio"


class ReviewedResponses(TemplatedNaturalLanguageGenerator):
    def __init__(self, endpoint_config: Any = None, domain: Any = None) -> None:
        super().__init__(domain.responses if domain is not None else {})
        config = settings()
        self._answers = ApprovedAnswers(config.database_url) if config.serve_content == APPROVED_ONLY else None

    def _random_response_for(
        self, utter_action: str, output_channel: str, filled_slots: dict[str, Any]
    ) -> dict[str, Any] | None:
        if self._answers is not None and utter_action.startswith(FAQ_PREFIX):
            return served_response(self._answers, utter_action.removeprefix(FAQ_PREFIX), output_channel == SMS_CHANNEL)
        return super()._random_response_for(utter_action, output_channel, filled_slots)
