"""The pre-screen's SMS wording (data/sms/prescreen.yml): short prompts with "Q12/35" progress and
choices numbered from 1 (Question.sms_options; bot.screening.dialogue.sms_reading maps a PHQ-9 digit back
to its score), rendered by bot/build.py into each question's `channel: twilio` response."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.config import DATA_DIR
from bot.review import load_reviewed
from bot.safety.hotlines import with_hotlines
from bot.screening.questionnaire import Question, Questionnaire

PRESCREEN_PATH = DATA_DIR / "sms" / "prescreen.yml"


def choices(options: Iterable[tuple[str, str]]) -> str:
    """ "Reply 1 Yes, 2 No, 3 Not sure" from (number, title) pairs."""
    return "Reply " + ", ".join(f"{number} {title}" for number, title in options)


def positions(questionnaire: Questionnaire) -> dict[str, int]:
    """Each question's number as the person sees it: alternatives (phone or email, by `ask_if` on the
    same earlier answer with different values) share one number, so nobody sees a number skipped."""
    numbers: dict[str, int] = {}
    seen: list[Question] = []
    for question in questionnaire.questions:
        twin = next((q for q in seen if q.ask_if and q.ask_if.keys() == question.ask_if.keys() and not any(
            set(q.ask_if[k]) & set(question.ask_if[k]) for k in q.ask_if)), None)
        numbers[question.slot] = numbers[twin.slot] if twin else len(set(numbers.values())) + 1
        seen.append(question)
    return numbers


def remaining(questionnaire: Questionnaire, answers: Mapping[str, object]) -> int:
    """Questions still to answer, counted as the person sees them ("Q12/35": 24 to go)."""
    question = questionnaire.next_question(answers)
    numbers = positions(questionnaire)
    return max(numbers.values()) - numbers[question.slot] + 1 if question else 0


def sms_prompts(questionnaire: Questionnaire) -> dict[str, str]:
    """Slot -> the SMS text that asks it (read by the build: an overdue review of the file fails it)."""
    data = load_reviewed(PRESCREEN_PATH)
    numbers = positions(questionnaire)
    total = max(numbers.values())
    texts = {}
    for q in questionnaire.questions:
        if q.kind == "phq9":  # stem and item verbatim from questions.yml: the validated wording
            prompt = " ".join(q.prompt.split())
        else:
            prompt = data["prompts"][q.slot]
        text = f"Q{numbers[q.slot]}/{total} {prompt}"
        if q.kind == "count":  # the number typed is the count itself: no numbered list to confuse it with
            texts[q.slot] = f"{text} {data['count_reply']}"
        else:
            texts[q.slot] = f"{text} {choices((n, b.title) for n, b in q.sms_options())}" if q.buttons else text
    return texts


def sms_consent() -> str:
    return with_hotlines(" ".join(load_reviewed(PRESCREEN_PATH)["consent"].split()))
