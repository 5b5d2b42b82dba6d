"""Crisis detector behaviour: framing, idioms, slang, typos, Spanish, who is at risk, urgency, odd input.

(Accuracy over the labelled evaluation sets is checked elsewhere; these are the behaviours each reply depends on.)
"""
from __future__ import annotations

import pytest

from bot.safety.detector import MAX_CHARS, CrisisDetector, Detection, default_detector

# medspaCy warns on every call that its unused target matcher has no patterns.
pytestmark = pytest.mark.filterwarnings("ignore:.*W036:UserWarning")


@pytest.fixture(scope="module")
def detector() -> CrisisDetector:
    return default_detector()


def _assert_crisis(detection: Detection, text: str) -> None:
    assert detection.is_crisis, f"missed crisis language: {text!r} ({detection.matches})"
    assert detection.category is not None and detection.priority is not None


# --------------------------------------------------------------------------------- not a crisis


@pytest.mark.parametrize(
    "text",
    [
        # negation
        "I'm not suicidal",
        "I am not suicidal, just curious about tms",
        "I have never had thoughts of suicide",
        "No, I don't want to kill myself",
        # idioms
        "this commute is killing me",
        "I'd kill for a coffee",
        "dying to know the price",
        "my feet are killing me after work",
        # plain questions
        "how much does tms cost",
        "hello",
    ],
)
def test_not_a_crisis(detector: CrisisDetector, text: str) -> None:
    detection = detector.detect(text)
    assert not detection.is_crisis, detection
    assert detection.category is None and detection.priority is None


def test_negation_keeps_the_evidence(detector: CrisisDetector) -> None:
    """A negated match is kept (for review and tuning) but marked as discounted."""
    detection = detector.detect("I'm not suicidal")
    assert detection.matches and all(m.discounted_by == "negated" for m in detection.matches)


# ------------------------------------------------------------------------------------ a crisis


@pytest.mark.parametrize(
    "text",
    [
        # slang and shorthand
        "kms",
        "i wanna kms",
        "i wanna unalive myself",
        # misspellings and stretched letters
        "i want to kil myself",
        "suicidel",
        "i feel so suicidel",
        "i want to dieeee",
        "i want to k1ll myself",
        # a negation elsewhere in the message does not cancel a disclosure
        "I'm not okay, I want to die",
        "I'm not sure anymore, I just want to end my life",
        # plain disclosures
        "I want to die",
        "I've been thinking about suicide",
        "I WANT TO KILL MYSELF",
    ],
)
def test_crisis_for_the_writer(detector: CrisisDetector, text: str) -> None:
    detection = detector.detect(text)
    _assert_crisis(detection, text)
    assert detection.audience == "self"
    assert detection.reply == "self_en"


@pytest.mark.parametrize("text", ["quiero morir", "me quiero matar", "quiero suicidarme", "ya no quiero vivir"])
def test_spanish_gets_the_spanish_reply(detector: CrisisDetector, text: str) -> None:
    detection = detector.detect(text)
    _assert_crisis(detection, text)
    assert detection.language == "es"
    assert detection.reply == "self_es"


@pytest.mark.parametrize(
    "text",
    ["my son wants to kill himself", "my daughter said she wants to die", "my husband is talking about suicide"],
)
def test_someone_else_at_risk(detector: CrisisDetector, text: str) -> None:
    detection = detector.detect(text)
    _assert_crisis(detection, text)
    assert detection.audience == "other"
    assert detection.category == "third_party"
    assert detection.reply == "other_en"


def test_writer_at_risk_wins_over_someone_else(detector: CrisisDetector) -> None:
    """If both the writer and someone else are at risk, the writer's reply is the one to send."""
    detection = detector.detect("my brother wants to kill himself and honestly i want to die too")
    _assert_crisis(detection, "mixed")
    assert detection.audience == "self"
    assert detection.reply == "self_en"


@pytest.mark.parametrize(
    "text",
    ["i took a bunch of pills", "i took all my pills tonight", "i have the rope ready and i want to die tonight"],
)
def test_imminent_risk_is_priority_one(detector: CrisisDetector, text: str) -> None:
    detection = detector.detect(text)
    _assert_crisis(detection, text)
    assert detection.category == "imminent"
    assert detection.priority == 1


def test_urgency_upgrades_ideation_to_imminent(detector: CrisisDetector) -> None:
    plain = detector.detect("I want to die")
    urgent = detector.detect("I want to die tonight")
    assert plain.category != "imminent" and plain.priority > 1
    assert urgent.category == "imminent" and urgent.priority == 1


# ------------------------------------------------------------------------------------ odd input


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "   ",
        "\n\t\r",
        "\x00\x01\x02\x1b[31m",
        "😀😀😀🙏",
        "\ud800",
        "\udfff\ud800 hello",
        "\u200b\u200b\ufeff",
        "{}[]()<>?!.,;:'\"\\",
        "a" * 5000,
    ],
    ids=["none", "empty", "spaces", "whitespace", "control", "emoji", "lone-surrogate", "surrogates", "zero-width",
         "punctuation", "one-long-word"],
)
def test_odd_input_never_raises(detector: CrisisDetector, text: str | None) -> None:
    detection = detector.detect(text)
    assert detection.is_crisis is False


@pytest.mark.parametrize(
    "text",
    ["i want\x00 to\x07 die", "i\u200bwant to die", "i want to die \ud800", "\ufeffi want to die 😢", "i want to kill myself\x00"],
    ids=["control", "zero-width", "surrogate", "bom-emoji", "trailing-nul"],
)
def test_junk_characters_do_not_hide_a_crisis(detector: CrisisDetector, text: str) -> None:
    _assert_crisis(detector.detect(text), text)


def test_crisis_at_the_end_of_100kb_of_text(detector: CrisisDetector) -> None:
    filler = "Here is some more about my week and the weather. "
    text = filler * (100_000 // len(filler) + 1) + "I want to kill myself."
    assert len(text) > 100_000
    _assert_crisis(detector.detect(text), "<100 KB>")


def test_long_harmless_text_is_not_a_crisis(detector: CrisisDetector) -> None:
    assert not detector.detect("tell me about tms please. " * 2000).is_crisis


@pytest.mark.parametrize("cut", [3, 7, 11])
def test_crisis_phrase_across_a_scan_window_edge(detector: CrisisDetector, cut: int) -> None:
    """Long messages are scanned in windows; a phrase split by a window edge must still be seen."""
    phrase = "i want to die"  # neither part of it is crisis language on its own
    padding = ("ok " * MAX_CHARS)[: MAX_CHARS - cut - 1] + " "
    text = padding + phrase
    assert text[:MAX_CHARS].endswith(phrase[:cut]) and not text[:MAX_CHARS].endswith(phrase)
    _assert_crisis(detector.detect(text), f"<phrase cut after {cut} chars>")
