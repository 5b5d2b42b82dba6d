"""bot.ngrams.Ranker and its Rasa adapter: the intent and the FAQ entry of a message, in DIET's and the
ResponseSelector's output format."""
from __future__ import annotations

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.ngrams import Ranker
from components.ngram_classifier import NgramClassifier

QUESTIONS = {
    "cost": ["how much does tms cost", "what is the price of a course", "is it expensive", "cash price per session",
             "how much will i pay out of pocket"],
    "side_effects": ["what are the side effects", "will i get headaches", "does it cause scalp pain",
                     "any side effects after a session", "is a headache normal afterwards"],
    "course_length": ["how many sessions will i need", "how many weeks is a course", "how long is the whole course",
                      "number of treatments in total", "how many visits altogether"],
}


@pytest.fixture(scope="module")
def selector() -> Ranker:
    return Ranker.fit([q for qs in QUESTIONS.values() for q in qs], [e for e, qs in QUESTIONS.items() for _ in qs], c=10)


def test_a_paraphrase_ranks_its_entry_first_with_probabilities_best_first(selector: Ranker) -> None:
    ranking = selector.rank("what's the price if I pay cash?")
    assert ranking[0][0] == "cost"
    assert [p for _, p in ranking] == sorted((p for _, p in ranking), reverse=True)
    assert sum(p for _, p in ranking) == pytest.approx(1.0)
    assert selector.rank("how many weeks of visits")[0][0] == "course_length"
    assert selector.rank("headaches after treatment?")[0][0] == "side_effects"


def test_fast_scoring_matches_sklearn(selector: Ranker) -> None:
    # Twice over, so the second pass reads the remembered words; case, tabs, repeats and accents as people type.
    texts = ("how much", "sessions needed in total?", "scalp pain and headache", "", "HOW much\tis it,  much MUCH?",
             "¿Cuánto cuesta?  Ärger İstanbul", "pain pain pain pain")
    for text in texts * 2:
        expected = selector.model.predict_proba(selector.features.transform([text]))[0]
        got = dict(selector.rank(text))
        assert np.allclose([got[c] for c in selector.model.classes_], expected, atol=1e-9)


def test_two_labels_score_like_sklearn_too() -> None:
    two = Ranker.fit(QUESTIONS["cost"] + GREETINGS, ["cost"] * 5 + ["greet"] * 6, c=10)
    for text in ("hi there", "how much is it", ""):
        expected = two.model.predict_proba(two.features.transform([text]))[0]
        got = dict(two.rank(text))
        assert np.allclose([got[c] for c in two.model.classes_], expected, atol=1e-9)
    assert two.rank("hello")[0][0] == "greet" and two.rank("what's the price")[0][0] == "cost"


def test_a_saved_ranker_ranks_the_same(selector: Ranker, tmp_path) -> None:
    selector.save(tmp_path / "ranker.pkl")
    again = Ranker.load(tmp_path / "ranker.pkl")
    assert again.rank("cash price?") == selector.rank("cash price?")


def test_a_texted_question_without_apostrophes_ranks_as_the_spelt_one(selector: Ranker) -> None:
    assert selector.rank("whats the price, i cant pay much") == selector.rank("what's the price, i can't pay much")
    assert selector.rank("Im worried it isnt cheap") == selector.rank("I'm worried it isn't cheap")
    assert selector.rank("i feel ill, bring my id") != selector.rank("i feel i'll, bring my i'd")  # words, not contractions


def test_one_entry_is_not_enough_to_choose_between() -> None:
    with pytest.raises(ValueError):
        Ranker.fit(["how much"], ["cost"], c=10)


GREETINGS = ["hello there", "hi", "good morning", "hey", "hello", "hi there"]


def _message(text: str, entry: str | None = None, intent: str = "greet") -> Message:
    data = {TEXT: text, INTENT: "faq" if entry else intent}
    if entry:
        data[INTENT_RESPONSE_KEY] = f"faq/{entry}"
    return Message(data=data)


def _trained(tmp_path, examples: list[Message]) -> NgramClassifier:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("ngram_classifier")
    context = ExecutionContext(GraphSchema({}), "test")
    config = NgramClassifier.get_default_config()
    NgramClassifier.create(config, storage, resource, context).train(TrainingData(examples))
    return NgramClassifier.load(config, storage, resource, context)


def test_the_component_trains_persists_and_writes_intents_and_the_response_selector_output(tmp_path) -> None:
    examples = [_message(q, e) for e, qs in QUESTIONS.items() for q in qs] + [_message(g) for g in GREETINGS]
    loaded = _trained(tmp_path, examples)
    [question, greeting] = loaded.process([Message(data={TEXT: "is it expensive to do a course?"}),
                                           Message(data={TEXT: "hey, hi there"})])
    assert question.get("intent")["name"] == "faq" and greeting.get("intent")["name"] == "greet"
    ranking = question.get("intent_ranking")
    assert [r["name"] for r in ranking] == ["faq", "greet"]
    assert ranking[0]["confidence"] == question.get("intent")["confidence"] > 0.5
    selected = question.get("response_selector")
    assert selected["all_retrieval_intents"] == ["faq"]
    assert selected["faq"]["response"]["intent_response_key"] == "faq/cost"
    assert selected["faq"]["response"]["utter_action"] == "utter_faq/cost"
    entries = selected["faq"]["ranking"]
    assert [r["intent_response_key"] for r in entries][0] == "faq/cost" and len(entries) == 3
    assert entries[0]["confidence"] == selected["faq"]["response"]["confidence"] > entries[1]["confidence"]


def test_intents_without_faq_data_rank_intents_only(tmp_path) -> None:
    examples = [_message(g) for g in GREETINGS] + [_message(t, intent="goodbye") for t in ("bye", "see you", "goodbye")]
    [bye, hello] = _trained(tmp_path, examples).process([Message(data={TEXT: "bye now"}), Message(data={TEXT: "hi"})])
    assert bye.get("intent")["name"] == "goodbye" and hello.get("intent")["name"] == "greet"
    assert [r["name"] for r in hello.get("intent_ranking")] == ["greet", "goodbye"]
    assert bye.get("response_selector") is None


def test_a_model_with_a_single_intent_leaves_messages_alone(tmp_path) -> None:
    [message] = _trained(tmp_path, [_message("hello there")]).process([Message(data={TEXT: "how much?"})])
    assert message.get("intent") is None and message.get("response_selector") is None
