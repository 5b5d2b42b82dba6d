"""Clinical facts have one home (data/content/facts.yml); entries cite them, so no entry states a figure or
a clearance of its own and no two entries can disagree. One test per correction of issue 16."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.content.store import (
    ContentError,
    ContentStore,
    Entry,
    Facts,
    load_content,
    load_facts,
)
from bot.safety.hotlines import load_hotlines

# Topics added for issue 12: each has its own entry and enough varied training questions.
NEW_TOPICS = [
    "tms_dip", "missed_sessions", "stopping_early", "substances", "pregnancy", "bipolar", "memory_cognition",
    "deep_tms", "accelerated", "home_devices", "who_treats", "ocd", "what_to_wear", "start_timing", "is_safe",
    "teens",
]
MIN_NEW_TOPIC_QUESTIONS = 25
# Entries about how soon TMS helps, feeling worse mid-course, or TMS not helping carry the worsening-mood line.
WORSENING_TOPICS = ("time_to_improvement", "tms_dip", "not_working", "stopping_early")
NUMBER = re.compile(r"\d+(?:,\d{3})*")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# Spelled-out figures would dodge the digit rule ("one" and "a few" are fine: not figures).
NUMBER_WORDS = re.compile(
    r"\b(?:two|three|four|five|six|seven|(?<!figure-)eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand"
    r"|percent|dozen|half)\b",
    re.IGNORECASE,
)
SLOTS = {"clinic_name": "C", "clinic_phone": "P", "clinic_hours": "H", "clinic_email": "E", "booking_url": "U"}


@pytest.fixture(scope="module")
def content() -> ContentStore:
    return load_content()


@pytest.fixture(scope="module")
def facts() -> Facts:
    return load_facts()


def _texts(entry: Entry) -> tuple[str, str]:
    return entry.answer.format(**SLOTS), entry.sms.format(**SLOTS)


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+", text)


def _fact_numbers(facts: Facts, *ids: str) -> set[str]:
    return {n for i in ids for n in NUMBER.findall(facts.render(i, facts.facts[i].text)[0])}


# ------------------------------------------------------------------------------- the facts file itself


def test_every_fact_is_sourced_and_every_fact_is_used(content: ContentStore, facts: Facts) -> None:
    """A fact nobody cites is dead weight a clinician would still have to review."""
    assert facts.review_due > dt.date.today() and facts.reviewed_by
    for fact in facts.facts.values():
        assert fact.sources and all(s.url and s.url.startswith("https://") for s in fact.sources), fact.id
    cited = {fact_id for entry in content.entries for fact_id in entry.facts}
    assert sorted(set(facts.facts) - cited) == []


def test_clearances_record_year_device_and_scope(facts: Facts) -> None:
    clearances = {i: f for i, f in facts.facts.items() if i.startswith("fda_")}
    assert set(clearances) >= {
        "fda_depression", "fda_deep_tms", "fda_migraine", "fda_ocd", "fda_itbs", "fda_smoking",
        "fda_anxious_depression", "fda_saint", "fda_teens",
    }
    for fact in clearances.values():
        assert fact.text == str(fact.details["year"]) and fact.details["device"] and fact.details["scope"], fact.id
    assert "add-on" in facts.facts["fda_ocd"].details["scope"].lower()
    assert "add-on" in facts.facts["fda_teens"].details["scope"].lower()
    assert "handheld" in facts.facts["fda_migraine"].details["device"].lower()


# -------------------------------------------------------------------- entries cite facts, never restate them


def test_entries_state_no_number_or_year_of_their_own(content: ContentStore) -> None:
    """Every figure and year the bot says comes from facts.yml or hotlines.yml via a reference."""
    for entry in content.entries:
        for text in (entry.source_answer, entry.source_sms):
            literal = re.sub(r"\{[^}]*\}", "", text)
            assert not NUMBER.search(literal), (entry.id, NUMBER.search(literal))
            assert not NUMBER_WORDS.search(literal), (entry.id, NUMBER_WORDS.search(literal))


def test_every_number_the_bot_says_is_in_the_facts_file(content: ContentStore, facts: Facts) -> None:
    known = _fact_numbers(facts, *facts.facts) | set(facts.hotlines.values())
    for entry in content.entries:
        for text in _texts(entry):
            assert set(NUMBER.findall(text)) <= known, entry.id


def test_filled_in_facts_read_as_sentences(content: ContentStore) -> None:
    """A fact's wording must fit where it is cited: no "about about", no "in in"."""
    for entry in content.entries:
        for text in _texts(entry):
            assert not re.search(r"\b(\w+) \1\b", text, re.IGNORECASE), (entry.id, re.search(r"\b(\w+) \1\b", text))


def test_an_entry_that_states_a_year_itself_is_refused(tmp_path: Path) -> None:
    raw = _entry(answer="The FDA cleared TMS for OCD in 2017.")
    with pytest.raises(ContentError, match=r"states '2017' itself"):
        load_content([_write(tmp_path, raw)])


def test_an_entry_citing_an_unknown_fact_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="unknown fact 'fda_telepathy'"):
        load_content([_write(tmp_path, _entry(answer="Cleared in {fact:fda_telepathy}."))])


def test_a_cited_fact_is_filled_in_and_recorded(tmp_path: Path, facts: Facts) -> None:
    entry = load_content([_write(tmp_path, _entry(answer="Seizures happen {fact:seizure_rate}."))]).get("sample")
    assert facts.facts["seizure_rate"].text in entry.answer and entry.facts == ("seizure_rate",)


def test_no_two_entries_disagree_about_a_clearance_year(content: ContentStore, facts: Facts) -> None:
    """A sentence naming a cleared use and a year gives that use's year, in every entry."""
    topics = {
        r"\bOCD\b|obsessive": "fda_ocd", r"smok": "fda_smoking", r"anxi": "fda_anxious_depression",
        r"SAINT": "fda_saint", r"teen|ages \d": "fda_teens", r"helmet|deep TMS": "fda_deep_tms",
        r"migraine": "fda_migraine", r"theta burst": "fda_itbs",
    }
    checked = 0
    for entry in content.entries:
        for text in _texts(entry):
            for sentence in _sentences(text):
                mentions = [(m.start(), m.end(), fact_id) for pattern, fact_id in topics.items()
                            for m in re.finditer(pattern, sentence, re.IGNORECASE)]
                for year in YEAR.finditer(sentence):
                    before = [m for m in mentions if m[1] <= year.start()]
                    if mentions:  # the year belongs to the cleared use named just before it (else just after)
                        near = max(before, key=lambda m: m[1]) if before else min(mentions, key=lambda m: m[0])
                        assert year.group() == facts.facts[near[2]].text, (entry.id, sentence, near[2])
                        checked += 1
    assert checked >= 10  # the check saw the clearance sentences it exists for


def test_no_two_entries_disagree_about_a_figure(content: ContentStore, facts: Facts) -> None:
    """Seizure risk, course length and outcome figures read the same wherever they appear."""
    topics = {
        r"seizure": {"seizure_rate"},
        r"session|week|minute": {"seizure_rate", "course_days", "course_weeks", "course_sessions", "session_standard",
                                 "session_theta", "saint_days", "saint_sessions_per_day", "medicare_weeks"},
        r"better|symptoms left|doing well|improved|well a year": {
            "real_world_study", "real_world_response", "real_world_remission", "three_d_size", "three_d_response",
            "three_d_remission", "maintenance_well_at_year", "maintenance_retreated", "ocd_response",
            "ocd_sham_response"},
    }
    for entry in content.entries:
        for text in _texts(entry):
            for sentence in _sentences(text):
                numbers = set(NUMBER.findall(sentence)) - set(YEAR.findall(sentence))
                matched = [ids for pattern, ids in topics.items() if re.search(pattern, sentence, re.IGNORECASE)]
                if numbers and matched:
                    allowed = _fact_numbers(facts, "teen_ages", *{i for ids in matched for i in ids})
                    assert numbers <= allowed, (entry.id, sentence)


def test_no_entry_limits_tms_to_adults_against_the_teen_clearance(content: ContentStore) -> None:
    """Issue 16: `candidacy` said "adults" while a 2024 clearance covers ages 15-21."""
    for entry in content.entries:
        for text in _texts(entry):
            assert not re.search(r"only (for )?adults|adults only|18 and (over|older)", text, re.IGNORECASE), entry.id
    candidacy = " ".join(_texts(load_content().get("candidacy")))
    assert "15 to 21" in candidacy and "add-on" in candidacy


# ---------------------------------------------------------------------------- one test per correction


def test_side_effects_name_seizure_mania_and_hearing(content: ContentStore) -> None:
    for text in _texts(content.get("side_effects")):
        assert re.search(r"seizure", text) and re.search(r"mania.*bipolar", text), text
        assert re.search(r"hearing", text) and "earplugs" in text, text


def test_safety_seizure_gives_the_rate_and_risk_factors(content: ContentStore, facts: Facts) -> None:
    entry = content.get("safety_seizure")
    answer, sms = _texts(entry)
    assert facts.facts["seizure_rate"].text in answer and facts.facts["seizure_rate"].text in sms
    for factor in ("epilepsy", "brain injury", "sleep", "alcohol", "medicines", "deep TMS"):
        assert factor in answer, factor


def test_with_medication_warns_about_seizure_threshold_medicines(content: ContentStore) -> None:
    for text in _texts(content.get("with_medication")):
        assert all(name in text for name in ("upropion", "stimulants", "clozapine")), text
        assert "do not stop or change" in text.lower()


def test_contraindications_say_not_recommended_and_sms_names_pregnancy(content: ContentStore) -> None:
    answer, sms = _texts(content.get("contraindications"))
    assert "need checking" not in answer and "not recommended" in answer.lower()
    for device in ("pacemaker", "ICD", "VNS", "cochlear"):
        assert device in answer and device in sms, device
    assert "pregnancy" in sms and "pregnancy" in answer


def test_anxious_depression_is_cleared_not_still_researched(content: ContentStore) -> None:
    conditions = content.get("conditions_treated")
    assert re.search(r"cleared for depression, including depression with anxiety", _texts(conditions)[0])
    assert "fda_anxious_depression" in content.get("fda").facts
    for entry in content.entries:
        for sentence in _sentences(_texts(entry)[0]):
            if re.search(r"anxiety", sentence) and re.search(r"studied|researched", sentence):
                assert "on its own" in sentence, (entry.id, sentence)


def test_migraine_is_the_handheld_device_not_clinic_tms(content: ContentStore) -> None:
    for text in _texts(content.get("conditions_treated")):
        assert re.search(r"[Mm]igraine.*handheld.*not clinic TMS", text), text


def test_every_ocd_clearance_is_described_as_add_on(content: ContentStore) -> None:
    for entry in content.entries:
        for sentence in _sentences(_texts(entry)[0]):
            if "OCD" in sentence and "cleared" in sentence:
                assert "add-on" in sentence, (entry.id, sentence)


def test_effectiveness_gives_real_world_and_trial_figures(content: ContentStore) -> None:
    assert {"real_world_study", "real_world_response", "real_world_remission", "three_d_size",
            "three_d_response", "three_d_remission"} <= set(content.get("effectiveness").facts)
    assert "encouraging" not in content.get("effectiveness").answer


def test_course_and_session_length_use_the_course_facts(content: ContentStore) -> None:
    course = content.get("course_length")
    assert {"course_days", "course_weeks", "course_sessions"} <= set(course.facts) and "taper" in course.answer
    assert "several days a week" not in course.answer
    assert {"session_standard", "session_theta"} <= set(content.get("session_length").facts)


def test_cost_has_no_unsourced_price(content: ContentStore) -> None:
    """The old "$10,000" came from a 2021 blog; a price is the clinic's to give."""
    for text in _texts(content.get("cost")):
        assert "$" not in text and "{clinic_phone}" in content.get("cost").source_sms


def test_insurance_names_typical_criteria(content: ContentStore) -> None:
    entry = content.get("insurance")
    assert {"medicare_med_trials", "private_med_trials", "medicare_weeks"} <= set(entry.facts)
    assert "psychiatrist" in entry.answer and "approve" in entry.answer


def test_vs_other_treatments_is_honest_about_ect_and_names_esketamine(content: ContentStore) -> None:
    answer, sms = _texts(content.get("vs_other_treatments"))
    for text in (answer, sms):
        assert re.search(r"ECT.*generally works better", text) and "memory" in text and "sketamine" in text


def test_maintenance_gives_the_one_year_figure(content: ContentStore) -> None:
    entry = content.get("maintenance")
    assert "maintenance_well_at_year" in entry.facts
    assert all(s.url and "psychiatrist.com" in s.url for s in entry.sources if s.name and "Dunner" in s.name)


def test_worsening_mood_line_wherever_improvement_or_not_working_is_discussed(
    content: ContentStore, facts: Facts
) -> None:
    line = facts.render("worsening_mood", facts.facts["worsening_mood"].text)[0]
    assert load_hotlines().lifeline in line and "tell the team now" in line
    for entry_id in WORSENING_TOPICS:
        entry = content.get(entry_id)
        assert line in entry.answer and line in entry.sms, entry_id
    for entry in content.entries:  # a new entry about feeling worse must carry it too
        if re.search(r"feel(s|ing)? worse|mood (gets|got) worse|helps? only a little|TMS has failed", entry.answer):
            assert line in entry.answer, entry.id


# ------------------------------------------------------------------------------- sources and new topics


def test_every_entry_has_a_named_primary_or_authoritative_source(content: ContentStore) -> None:
    """Seed pages (a blog and a clinic's marketing page) may support an entry but never carry it alone."""
    for entry in content.entries:
        if entry.id == "contact_clinic":  # clinic details only: they come from the clinic's own settings
            continue
        assert any(s.name and s.url for s in entry.sources), entry.id


def test_new_topics_exist_with_enough_varied_questions(content: ContentStore) -> None:
    for entry_id in NEW_TOPICS:
        entry = content.get(entry_id)
        assert len(set(entry.questions)) >= MIN_NEW_TOPIC_QUESTIONS, entry_id
        assert "clinical sign-off pending" in entry.reviewed_by, entry_id


def test_no_training_question_belongs_to_two_entries(content: ContentStore) -> None:
    owner: dict[str, str] = {}
    for entry in content.entries:
        for question in entry.questions:
            key = " ".join(re.sub(r"[^\w\s]", "", question.lower()).split())
            assert owner.setdefault(key, entry.id) == entry.id, (question, owner[key], entry.id)


def test_safety_seizure_leaves_general_safety_questions_to_is_safe(content: ContentStore) -> None:
    general = re.compile(r"^(is (tms|it|brain stimulation|magnet therapy) (a )?safe|how safe|safety of)")
    specific = re.compile(r"seizure|epilep|fit\b")
    assert not [q for q in content.get("safety_seizure").questions if general.search(q) and not specific.search(q)]


# ------------------------------------------------------------------------------------------- helpers


def _entry(**overrides: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": "sample", "title": "Sample", "answer": "Ask {clinic_name}.", "sms": "Ask us.",
        "questions": [f"sample question {i}" for i in range(8)],
        "sources": [{"name": "Mayo Clinic", "url": "https://www.mayoclinic.org/"}],
        "reviewed_by": "content review", "reviewed_on": "2026-11-01", "review_due": "2027-05-01",
    }
    entry.update(overrides)
    return entry


def _write(directory: Path, *entries: dict[str, Any]) -> Path:
    path = directory / "content.yml"
    path.write_text(yaml.safe_dump({"entries": list(entries)}, sort_keys=False), encoding="utf-8")
    return path
