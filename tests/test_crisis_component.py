"""The Rasa component reads the conversation the detector needs from the tracker."""
from __future__ import annotations

from rasa.shared.core.events import SlotSet
from rasa.shared.core.slots import AnySlot
from rasa.shared.core.trackers import DialogueStateTracker

from bot.screening.slots import ITEM9_ANSWER_SLOT
from components.crisis_detector import CrisisIntentClassifier


def _tracker(item9: object) -> DialogueStateTracker:
    tracker = DialogueStateTracker("someone", [AnySlot(ITEM9_ANSWER_SLOT, mappings=[])])
    tracker.update(SlotSet(ITEM9_ANSWER_SLOT, item9))
    return tracker


def test_a_positive_item9_answer_in_the_pre_screen_lowers_the_bar() -> None:
    """The pre-screen stores item 9 in its own slot; the component must read that one (it read a slot no domain
    declares, so a positive answer never reached the detector)."""
    assert CrisisIntentClassifier._context(_tracker(2)).raises_risk
    assert not CrisisIntentClassifier._context(_tracker(0)).raises_risk
    assert not CrisisIntentClassifier._context(_tracker(None)).raises_risk
