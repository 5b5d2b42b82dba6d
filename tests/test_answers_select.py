"""bot.answers.select and its Rasa adapter: which entry a question is about, in the ResponseSelector's format."""
from __future__ import annotations

import pickle

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.answers.select import EntrySelector
from components.faq_selector import FaqSelector

QUESTIONS = {
    "cost": ["how much does tms cost", "what is the price of a course", "is it expensive", "cash price per session",
             "how much will i pay out of pocket"],
    "side_effects": ["what are the side effects", "will i get headaches", "does it cause scalp pain",
                     "any side effects after a session", "is a headache normal afterwards"],
    "course_length": ["how many sessions will i need", "how many weeks is a course", "how long is the whole course",
                      "number of treatments in total", "how many visits altogether"],
}


@pytest.fixture(scope="module")
def selector() -> EntrySelector:
    return EntrySelector.fit([q for qs in QUESTIONS.values() for q in qs],
                             [e for e, qs in QUESTIONS.items() for _ in qs])


def test_a_paraphrase_ranks_its_entry_first_with_probabilities_best_first(selector: EntrySelector) -> None:
    ranking = selector.rank("what's the price if I pay cash?")
    assert ranking[0][0] == "cost"
    assert [p for _, p in ranking] == sorted((p for _, p in ranking), reverse=True)
    assert sum(p for _, p in ranking) == pytest.approx(1.0)
    assert selector.rank("how many weeks of visits")[0][0] == "course_length"
    assert selector.rank("headaches after treatment?")[0][0] == "side_effects"


def test_fast_scoring_matches_sklearn(selector: EntrySelector) -> None:
    for text in ("how much", "sessions needed in total?", "scalp pain and headache", ""):
        expected = selector.model.predict_proba(selector.features.transform([text]))[0]
        got = dict(selector.rank(text))
        assert np.allclose([got[c] for c in selector.model.classes_], expected, atol=1e-9)


def test_a_pickled_selector_ranks_the_same(selector: EntrySelector) -> None:
    again = pickle.loads(pickle.dumps(selector))
    assert again.rank("cash price?") == selector.rank("cash price?")


def test_one_entry_is_not_enough_to_choose_between() -> None:
    with pytest.raises(ValueError):
        EntrySelector.fit(["how much"], ["cost"])


def _message(text: str, entry: str | None = None) -> Message:
    data = {TEXT: text, INTENT: "faq" if entry else "greet"}
    if entry:
        data[INTENT_RESPONSE_KEY] = f"faq/{entry}"
    return Message(data=data)


def test_the_component_trains_persists_and_writes_the_response_selector_output(tmp_path) -> None:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("faq_selector")
    context = ExecutionContext(GraphSchema({}), "test")
    config = {**FaqSelector.get_default_config()}
    examples = [_message(q, e) for e, qs in QUESTIONS.items() for q in qs] + [_message("hello there")]
    FaqSelector.create(config, storage, resource, context).train(TrainingData(examples))

    loaded = FaqSelector.load(config, storage, resource, context)
    [message] = loaded.process([Message(data={TEXT: "is it expensive to do a course?"})])
    selected = message.get("response_selector")
    assert selected["all_retrieval_intents"] == ["faq"]
    assert selected["faq"]["response"]["intent_response_key"] == "faq/cost"
    assert selected["faq"]["response"]["utter_action"] == "utter_faq/cost"
    ranking = selected["faq"]["ranking"]
    assert [r["intent_response_key"] for r in ranking][0] == "faq/cost" and len(ranking) == 3
    assert ranking[0]["confidence"] == selected["faq"]["response"]["confidence"] > ranking[1]["confidence"]


def test_a_model_without_faq_data_leaves_messages_alone(tmp_path) -> None:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("faq_selector")
    context = ExecutionContext(GraphSchema({}), "test")
    config = FaqSelector.get_default_config()
    FaqSelector.create(config, storage, resource, context).train(TrainingData([_message("hello there")]))
    [message] = FaqSelector.load(config, storage, resource, context).process([Message(data={TEXT: "how much?"})])
    assert message.get("response_selector") is None
