"""Personal medical advice the intent model may miss: doses, reports, someone else's treatment, symptoms.

The decline intents learn from examples; these patterns catch the shapes that carry the same meaning in
words an example set rarely holds ("is 100mg ... too much for me", "my mri says ..., does that mean").
"""
from __future__ import annotations

import re

from bot.safety.hotlines import load_hotlines

_EMERGENCY = re.escape(load_hotlines(enforce_review=False).numbers["emergency_number"])  # one home: hotlines.yml
_PERSON = (r"(?:mom|mum|mother|dad|father|son|daughter|wife|husband|partner|brother|sister|friend|child|kid|"
           r"teen|teenager|aunt|uncle|grandma|grandpa|grandmother|grandfather|boyfriend|girlfriend|fiance|spouse)")
_MEDICINE_VERB = r"(?:take|stop|quit|cut|lower|raise|increase|decrease|reduce|skip|double|go off|come off|wean|taper|switch|start)"
_CHANGE_VERB = r"(?:stop|quit|cut|lower|raise|increase|decrease|reduce|skip|double|go off|come off|wean|taper|switch)"
ADVICE = [
    re.compile(r"\b\d+(?:\.\d+)?\s?(?:mg|mgs|milligrams?|mcg)\b"),  # a dose of theirs
    re.compile(r"\bmy (?:brain |head |last )?(?:mri|eeg|ct|cat scan|scan|x-?ray|report|labs?|lab results|blood ?work|"
               r"bloodwork|test results|results|phq-?9?|score)\b.*\b(?:says?|said|shows?|showed|mentions?|mentioned|"
               r"came back|mean|means|found)\b"),
    re.compile(r"\bwhat does (?:that|this|it) (?:mean|say) (?:for|about) me\b"),
    re.compile(r"\bshould (?:i|he|she|they|we)\b.*\b" + _MEDICINE_VERB + r"\b.*\b(?:my|his|her|their)\b"),
    re.compile(r"\b(?:can|could|do) (?:i|he|she) " + _CHANGE_VERB + r"\b.*\b(?:my|his|her)\b"),
    re.compile(r"\bmy (?:\w+ )?(?:doctor|dr|psychiatrist|prescriber|therapist|neurologist|provider)(?:'s)? "
               r"(?:wants|says|said|told|recommends|recommended|suggests|suggested)\b.*\b(?:should (?:i|we)|is (?:he|she) right)\b"),
    re.compile(r"\bhow much \w+ should (?:i|he|she) (?:take|be on|have)\b"),
    re.compile(r"\b(?:too much|too high|too low) for me\b"),
    re.compile(r"\bwhat (?:\w+ )?(?:cream|ointment|lotion|medicine|medication|pill|drug|painkiller|dose|supplement)s? "
               r"should (?:i|he|she|we) (?:take|put|use|try|give)\b"),
    re.compile(r"\bis (?:it|this) (?:ok|okay|safe|fine) (?:for me )?(?:if i|to|for me to) (?:take|stop|go off|come off|skip|quit)\b"),
    re.compile(r"\bmy " + _PERSON + r"(?:'s)?\b.*\bshould (?:he|she|they|i)\b"),
    re.compile(r"\bmy " + _PERSON + r"(?:'s|s)? (?:psychiatrist|doctor|dr|prescriber)\b.*\b(?:right|should)\b"),
    re.compile(r"\b(?:prescribe|prescription for|write me a script|refill)\b"),
    re.compile(r"\bdo i (?:need|have) to (?:see|go to) (?:a|my|the) (?:doctor|dentist|dermatologist|specialist)\b"),
    re.compile(r"\bdo i need a (?:doctor|dentist)\b"),
    re.compile(r"\bis (?:that|this|it) (?:tmj|an infection|a stroke|serious|cancer|normal for me)\b"),
    re.compile(r"\b(?:is|am) i (?:depressed|bipolar)\b"),
]
#: A symptom question that mentions emergency care: the emergency number / the emergency room comes first.
URGENT = [
    re.compile(r"\b(?:go to|need|visit) (?:the )?(?:er|e\.r\.|emergency room|emergency|urgent care|hospital)\b"),
    re.compile(rf"\bcall (?:an ambulance|{_EMERGENCY})\b"),
    re.compile(r"\b(?:chest pain|can'?t breathe|cannot breathe|trouble breathing|slurred|face is drooping|"
               r"worst headache|passed out|fainted|seizure right now)\b"),
]
#: A general question about TMS and medicines or symptoms, not about the asker's own: never declined here.
_GENERAL = re.compile(r"\b(?:in general|generally|usually|most people|people on|patients)\b")


def is_personal_advice(text: str) -> bool:
    lowered = text.lower().replace("’", "'")
    if _GENERAL.search(lowered):
        return False
    return any(p.search(lowered) for p in ADVICE)


def is_urgent(text: str) -> bool:
    lowered = text.lower().replace("’", "'")
    return any(p.search(lowered) for p in URGENT)
