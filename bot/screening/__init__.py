"""TMS pre-screen: questionnaire data, answer parsing, PHQ-9 scoring, outcome.

A pre-screen for clinic staff to review, never a diagnosis. Plain Python
(PyYAML + stdlib); the Rasa wiring lives elsewhere.
"""

from .answers import (
    Parsed,
    detect_correction,
    is_delete,
    is_restart,
    is_skip,
    is_stop,
    is_why_question,
    normalize,
    parse_answer,
)
from .outcome import (
    LIKELY_CANDIDATE,
    NEEDS_CLINICIAN_REVIEW,
    STATUSES,
    UNLIKELY_SUITABLE,
    Outcome,
    Rule,
    Rules,
    check_consistency,
    evaluate,
    load_rules,
    validate_rules,
)
from .phq9 import PHQ9_SLOTS, Phq9Result, item9_positive, score
from .questionnaire import (
    NOT_SURE,
    SKIPPED,
    Button,
    Question,
    Questionnaire,
    load_questionnaire,
    validate,
)

__all__ = [
    "LIKELY_CANDIDATE",
    "NEEDS_CLINICIAN_REVIEW",
    "NOT_SURE",
    "PHQ9_SLOTS",
    "SKIPPED",
    "STATUSES",
    "UNLIKELY_SUITABLE",
    "Button",
    "Outcome",
    "Parsed",
    "Phq9Result",
    "Question",
    "Questionnaire",
    "Rule",
    "Rules",
    "check_consistency",
    "detect_correction",
    "evaluate",
    "is_delete",
    "is_restart",
    "is_skip",
    "is_stop",
    "is_why_question",
    "item9_positive",
    "load_questionnaire",
    "load_rules",
    "normalize",
    "parse_answer",
    "score",
    "validate",
    "validate_rules",
]
