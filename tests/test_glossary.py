"""The glossary of other languages' question words (bot.answers.glossary): what the ranker and fit check read."""
from __future__ import annotations

import pytest

from bot.answers.decide import CLINIC_CONTEXT, FALLBACK, FAQ, OUT_OF_SCOPE, decide, unreadable
from bot.answers.fit import content_words, default_index, fold
from bot.answers.glossary import Glossary, load_glossary, readable
from bot.answers.training import entry_texts

SMALL = Glossary.build({
    "cost": {"gloss": "cost price", "terms": {"zh": ["多少钱", "幾多錢"], "ru": ["сколько стоит", "стоимост"],
                                             "so": ["qiimaha"]}},
    "pain": {"gloss": "painful hurt", "terms": {"ja": ["痛い"], "ru": ["больно"]}},
})


def test_a_term_adds_its_concepts_english_words_to_what_is_read() -> None:
    assert SMALL.gloss("做TMS要幾多錢？") == "做TMS要幾多錢？ (cost price)"
    assert SMALL.gloss("TMSは痛いですか？ 多少钱？") == "TMSは痛いですか？ 多少钱？ (painful hurt cost price)"


def test_stems_match_where_a_word_starts_in_spaced_scripts() -> None:
    assert SMALL.concepts("Какая стоимость ТМС?") == ["cost price"]  # "стоимост" + inflection
    assert SMALL.concepts("Qiimaha TMS waa imisa?") == ["cost price"]  # case folded
    assert SMALL.concepts("Переспросимость") == []  # not where a word starts


def test_a_message_without_terms_is_read_unchanged() -> None:
    assert SMALL.gloss("how much does TMS cost?") == "how much does TMS cost?"
    assert SMALL.gloss("") == ""


def test_a_concept_without_english_words_is_refused() -> None:
    with pytest.raises(ValueError, match="no English gloss"):
        Glossary.build({"cost": {"gloss": " ", "terms": {"zh": ["钱"]}}})


def test_the_reviewed_glossary_glosses_only_words_the_models_cannot_read() -> None:
    """Its English words are ones the entries use (or clinic words), and no term fires on a training question the
    models read themselves: "saint" (accelerated TMS) would send "I live in Saint Paul" to the wrong entry."""
    glossary = load_glossary(enforce_review=True)
    vocabulary = set().union(*default_index().vocab.values())
    glossed = {" ".join(glossary.concepts(t)) for t in ("多少钱", "保険", "Больно ли")}
    assert len(glossed) == 3 and all(g for g in glossed)
    for words in set(glossary.concept_of.values()):
        assert set(content_words(words)) & vocabulary or set(words.split()) & CLINIC_CONTEXT, words
    read = [q for texts in entry_texts().values() for q in texts if readable(q) and fold(q).isascii()]  # en, es, pt
    assert len(read) > 1000 and [q for q in read if glossary.concepts(q)] == []


def test_a_question_in_an_alphabet_nothing_reads_is_not_answered_with_a_guess() -> None:
    """No glossary word and no Latin word: the selector's unsure picks all "fit" an empty word list, so they came
    back as a "Did you mean" of unrelated entries. Off topic without a clinic word, "no information" with one."""
    ranking = [("mapping", 0.08), ("contact_clinic", 0.06), ("how_tms_works", 0.06)]
    index = default_index()
    borscht = decide("Как правильно приготовить борщ?", FAQ, ranking, [], index, {})
    assert borscht is not None and borscht.intent == OUT_OF_SCOPE
    asked = decide("TMS — расскажите подробнее, пожалуйста", FAQ, ranking, [], index, {})
    assert asked is not None and asked.intent == FALLBACK
    assert not unreadable("how long?", "how long?") and not unreadable("¿Cuánto cuesta?", "¿Cuánto cuesta?")


def test_a_concept_whose_english_is_all_function_words_is_still_understood() -> None:
    """"呢個係咩嚟㗎" is "what is this?": its gloss ("what is tms") holds no content word, and was read as no glossary
    word at all, so a sure selector's right entry was refused."""
    outcome = decide("醫生話可以試下TMS，呢個係咩嚟㗎？", FAQ, [("what_is_tms", 0.93), ("who_treats", 0.02)], [],
                     default_index(), {})
    assert outcome is not None and (outcome.intent, outcome.entry) == (FAQ, "what_is_tms")


def test_a_comparison_in_other_languages_reaches_the_comparison_entry_words() -> None:
    glossary = load_glossary(enforce_review=True)
    for text in ("TMS iyo daawada, kee baa ka wanaagsan?", "TMS和药物哪个更好？", "TMS와 약물의 차이점이 뭐예요?"):
        assert "better compared other treatments" in glossary.concepts(text), text
