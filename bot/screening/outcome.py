"""Pre-screen outcome from answers, driven by data/screening/rules.yml.

The outcome is for staff review and patient expectation-setting only; it is
not a diagnosis. Pure Python: PyYAML + stdlib.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple, Union

from bot.review import check_review, load_yaml
from bot.safety.hotlines import with_hotlines

from .answers import normalize
from .medicines import seizure_threshold_flags
from .phq9 import ITEM9_SLOT, PHQ9_SLOTS, Phq9Result, coerce_item, score
from .questionnaire import SKIPPED, Questionnaire, load_questionnaire, values_equal

__all__ = [
    "DEFAULT_RULES_PATH",
    "DERIVED_SLOTS",
    "LIKELY_CANDIDATE",
    "NEEDS_CLINICIAN_REVIEW",
    "OPS",
    "STATUSES",
    "UNLIKELY_SUITABLE",
    "AllOf",
    "AnyOf",
    "Condition",
    "Outcome",
    "Rule",
    "Rules",
    "check_consistency",
    "evaluate",
    "load_rules",
    "validate_rules",
]

DEFAULT_RULES_PATH: Path = Path(__file__).resolve().parents[2] / "data" / "screening" / "rules.yml"

LIKELY_CANDIDATE = "likely_candidate"
NEEDS_CLINICIAN_REVIEW = "needs_clinician_review"
UNLIKELY_SUITABLE = "unlikely_suitable"
#: Least to most severe; the most severe matching status wins.
STATUSES: Tuple[str, ...] = (LIKELY_CANDIDATE, NEEDS_CLINICIAN_REVIEW, UNLIKELY_SUITABLE)
OPS: Tuple[str, ...] = ("eq", "lt", "lte", "gt", "gte", "in", "is_true")
#: Values computed by evaluate() that conditions may use.
DERIVED_SLOTS: Tuple[str, ...] = ("phq9_total", "phq9_band", "medication_flagged", "item9_flagged")
#: Kept beside the answers (bot.screening.dialogue): item 9 was positive once, even after "start over".
ITEM9_FLAG = "item9_flagged"
_NUMERIC_OPS = frozenset({"lt", "lte", "gt", "gte"})


@dataclass(frozen=True)
class Condition:
    slot: str
    op: str
    #: a scalar, or a tuple of scalars for op "in"
    value: Any = None

    def matches(self, ctx: Mapping[str, object]) -> bool:
        got = ctx.get(self.slot)
        if got is None:
            return False
        if self.op == "is_true":
            return got is True
        if self.op == "eq":
            return values_equal(got, self.value)
        if self.op == "in":
            return any(values_equal(got, v) for v in self.value)
        a, b = _number(got), _number(self.value)
        if a is None or b is None:
            return False
        if self.op == "lt":
            return a < b
        if self.op == "lte":
            return a <= b
        if self.op == "gt":
            return a > b
        if self.op == "gte":
            return a >= b
        raise ValueError(f"unknown op {self.op!r}")

    def slots(self) -> List[str]:
        return [self.slot]


@dataclass(frozen=True)
class AllOf:
    conditions: Tuple["ConditionLike", ...]

    def matches(self, ctx: Mapping[str, object]) -> bool:
        return all(c.matches(ctx) for c in self.conditions)

    def slots(self) -> List[str]:
        return [s for c in self.conditions for s in c.slots()]


@dataclass(frozen=True)
class AnyOf:
    conditions: Tuple["ConditionLike", ...]

    def matches(self, ctx: Mapping[str, object]) -> bool:
        return any(c.matches(ctx) for c in self.conditions)

    def slots(self) -> List[str]:
        return [s for c in self.conditions for s in c.slots()]


ConditionLike = Union[Condition, AllOf, AnyOf]


@dataclass(frozen=True)
class Rule:
    id: str
    condition: ConditionLike
    status: str
    reason: str
    urgent: bool = False
    source: str = ""


@dataclass(frozen=True)
class Rules:
    rules: Tuple[Rule, ...]
    required_slots: Tuple[str, ...]
    missing_reason: str
    status_messages: Mapping[str, str]
    review_due: _dt.date
    version: object = None


@dataclass(frozen=True)
class Outcome:
    """Pre-screen outcome.

    ``reasons`` are patient-facing texts of every matching rule (urgent ones
    first). ``message`` is the patient-facing summary for ``status``.
    ``urgent`` is True when a rule marked urgent matched (PHQ-9 item 9 > 0):
    staff must see it first. ``rule_ids`` lists matching rule ids for staff
    notes (plus ``"missing_answers"`` when required answers are missing).
    """

    status: str
    reasons: List[str]
    phq9: Optional[Phq9Result]
    urgent: bool = False
    rule_ids: List[str] = field(default_factory=list)
    missing: List[str] = field(default_factory=list)
    message: str = ""


def _number(value: object) -> Optional[float]:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


# --------------------------------------------------------------------------- #
# Loading and validation
# --------------------------------------------------------------------------- #




def _parse_condition(raw: object, where: str) -> ConditionLike:
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where}: condition must be a mapping")
    if "all" in raw or "any" in raw:
        if len(raw) != 1:
            raise ValueError(f"{where}: 'all'/'any' must be the only key of a condition")
        key = "all" if "all" in raw else "any"
        items = raw[key]
        if not isinstance(items, list) or not items:
            raise ValueError(f"{where}: '{key}' needs a non-empty list of conditions")
        parsed = tuple(_parse_condition(c, f"{where}.{key}[{i}]") for i, c in enumerate(items))
        return AllOf(parsed) if key == "all" else AnyOf(parsed)
    unknown = set(raw) - {"slot", "op", "value"}
    if unknown:
        raise ValueError(f"{where}: unknown condition key(s) {sorted(unknown)}")
    slot, op = raw.get("slot"), raw.get("op")
    if not isinstance(slot, str) or not slot:
        raise ValueError(f"{where}: condition needs a 'slot'")
    if op not in OPS:
        raise ValueError(f"{where}: unknown op {op!r} (expected one of {', '.join(OPS)})")
    if op == "is_true":
        if "value" in raw:
            raise ValueError(f"{where}: op is_true takes no value")
        return Condition(slot, op)
    if "value" not in raw:
        raise ValueError(f"{where}: op {op!r} needs a 'value'")
    value = raw["value"]
    if op == "in":
        if not isinstance(value, list) or not value:
            raise ValueError(f"{where}: op 'in' needs a non-empty list value")
        return Condition(slot, op, tuple(value))
    if op in _NUMERIC_OPS and _number(value) is None:
        raise ValueError(f"{where}: op {op!r} needs a number value, got {value!r}")
    return Condition(slot, op, value)


def validate_rules(
    data: object,
    *,
    today: Optional[_dt.date] = None,
    enforce_review: bool = True,
) -> Rules:
    """Check parsed rules.yml content and build :class:`Rules`.

    Raises ``ValueError`` on any schema problem.
    """
    if not isinstance(data, Mapping):
        raise ValueError("rules file must be a mapping at the top level")
    for key in ("review_due", "statuses", "required_slots", "missing_reason", "rules"):
        if key not in data:
            raise ValueError(f"rules file is missing {key!r}")
    review_due = check_review(data, today=today, enforce_review=enforce_review)

    statuses = data["statuses"]
    if not isinstance(statuses, Mapping) or set(statuses) != set(STATUSES):
        raise ValueError(f"'statuses' must give a message for exactly: {', '.join(STATUSES)}")
    for st, msg in statuses.items():
        if not isinstance(msg, str) or not msg.strip():
            raise ValueError(f"statuses.{st}: message must be non-empty text")

    req = data["required_slots"]
    if not isinstance(req, list) or not all(isinstance(s, str) and s for s in req):
        raise ValueError("'required_slots' must be a list of slot names")
    if not isinstance(data["missing_reason"], str) or not data["missing_reason"].strip():
        raise ValueError("'missing_reason' must be non-empty text")

    sources = data.get("sources")
    if not isinstance(sources, Mapping) or not sources:
        raise ValueError("'sources' must map source ids to citations")
    raw_rules = data["rules"]
    if not isinstance(raw_rules, list) or not raw_rules:
        raise ValueError("'rules' must be a non-empty list")
    rules: List[Rule] = []
    ids: set[str] = set()
    for i, r in enumerate(raw_rules):
        where = f"rule {i + 1}"
        if not isinstance(r, Mapping):
            raise ValueError(f"{where}: must be a mapping")
        unknown = set(r) - {"id", "condition", "status", "reason", "urgent", "source"}
        if unknown:
            raise ValueError(f"{where}: unknown key(s) {sorted(unknown)}")
        rid = r.get("id")
        if not isinstance(rid, str) or not rid:
            raise ValueError(f"{where}: needs an 'id'")
        where = f"rule {i + 1} ({rid})"
        if rid in ids:
            raise ValueError(f"{where}: duplicate rule id")
        ids.add(rid)
        if "condition" not in r:
            raise ValueError(f"{where}: needs a 'condition'")
        cond = _parse_condition(r["condition"], where)
        status = r.get("status")
        if status not in STATUSES or status == LIKELY_CANDIDATE:
            raise ValueError(
                f"{where}: status must be {NEEDS_CLINICIAN_REVIEW} or {UNLIKELY_SUITABLE}, got {status!r}"
            )
        reason = r.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise ValueError(f"{where}: needs a non-empty 'reason' (shown to the patient)")
        urgent = r.get("urgent", False)
        if not isinstance(urgent, bool):
            raise ValueError(f"{where}: 'urgent' must be true or false")
        source = r.get("source")
        if source not in sources:
            raise ValueError(f"{where}: 'source' must name one of the file's sources, got {source!r}")
        rules.append(Rule(rid, cond, status, " ".join(reason.split()), urgent, str(source)))

    return Rules(
        rules=tuple(rules),
        required_slots=tuple(req),
        missing_reason=" ".join(data["missing_reason"].split()),
        status_messages={k: " ".join(str(v).split()) for k, v in statuses.items()},
        review_due=review_due,
        version=data.get("version"),
    )


def load_rules(
    path: Optional[Path] = None,
    *,
    today: Optional[_dt.date] = None,
    enforce_review: bool = True,
) -> Rules:
    """Load and validate rules.yml (default: the repo's copy)."""
    p = Path(path) if path is not None else DEFAULT_RULES_PATH
    data = with_hotlines(load_yaml(p))  # {lifeline_number} etc. from data/safety/hotlines.yml
    try:
        return validate_rules(data, today=today, enforce_review=enforce_review)
    except ValueError as exc:
        raise ValueError(f"{p}: {exc}") from exc


def check_consistency(rules: Rules, questionnaire: Questionnaire) -> None:
    """Raise ``ValueError`` if rules refer to slots or values the
    questionnaire does not have (catches typos across the two files)."""
    known = set(questionnaire.by_slot) | set(DERIVED_SLOTS)
    for slot in rules.required_slots:
        if slot not in questionnaire.by_slot:
            raise ValueError(f"required slot {slot!r} is not a question")
    for rule in rules.rules:
        for slot in rule.condition.slots():
            if slot not in known:
                raise ValueError(f"rule {rule.id}: unknown slot {slot!r}")
        for cond in _leaves(rule.condition):
            q = questionnaire.by_slot.get(cond.slot)
            if q is None or not q.buttons or q.literal_numbers:
                continue
            values = list(cond.value) if cond.op == "in" else ([cond.value] if cond.op == "eq" else [])
            for v in values:
                if q.button_for_value(v) is None:
                    raise ValueError(f"rule {rule.id}: {v!r} is not an answer value of {cond.slot!r}")


def _leaves(cond: ConditionLike) -> List[Condition]:
    if isinstance(cond, Condition):
        return [cond]
    return [leaf for c in cond.conditions for leaf in _leaves(c)]


# --------------------------------------------------------------------------- #
# Evaluation
# --------------------------------------------------------------------------- #


@lru_cache(maxsize=1)
def _default_questionnaire() -> Questionnaire:
    return load_questionnaire(enforce_review=False)


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and value.strip().casefold() == SKIPPED)


def _phq9(answers: Mapping[str, object]) -> Tuple[Optional[Phq9Result], List[str]]:
    """PHQ-9 result if all nine items are usable, plus the unusable item slots."""
    values: List[int] = []
    bad: List[str] = []
    for slot in PHQ9_SLOTS:
        v = answers.get(slot)
        if not _present(v):
            bad.append(slot)
            continue
        try:
            values.append(coerce_item(v))
        except ValueError:
            bad.append(slot)
    return (score(values) if not bad else None), bad


def _typed(value: object, kind: str) -> object:
    """An answer as its question type says it is: "16" -> 16 for age, "true" -> True for yes/no."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if kind in ("age", "count", "phq9") and isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if kind == "yes_no" and isinstance(value, str):
        return {"true": True, "yes": True, "false": False, "no": False}.get(value.strip().casefold(), value)
    return value


def typed_answers(answers: Mapping[str, object], questionnaire: Questionnaire) -> Dict[str, object]:
    """Every answer converted by its question's kind, before any rule reads it."""
    out: Dict[str, object] = {}
    for slot, value in answers.items():
        q = questionnaire.by_slot.get(slot)
        out[slot] = _typed(value, q.kind) if q is not None else value
    return out


def evaluate(
    answers: Mapping[str, object],
    rules: Optional[Rules] = None,
    questionnaire: Optional[Questionnaire] = None,
) -> Outcome:
    """Outcome for a completed (or partly completed) pre-screen.

    Missing, null or ``"skipped"`` answers never trigger a rule; if a slot in
    ``required_slots`` is missing (or a PHQ-9 item is not 0..3) the outcome is
    at least ``needs_clinician_review``. The most severe status wins and all
    matching reasons are returned, urgent ones first.
    """
    rules = rules if rules is not None else load_rules()
    answers = typed_answers(answers, questionnaire or _default_questionnaire())
    phq9, bad_phq9 = _phq9(answers)

    ctx: Dict[str, object] = {k: v for k, v in answers.items() if _present(v)}
    for slot in bad_phq9:
        ctx.pop(slot, None)
    # Rasa keeps numbers as floats; make whole floats ints for readability.
    for k, v in list(ctx.items()):
        if isinstance(v, float) and v.is_integer():
            ctx[k] = int(v)
    if phq9 is not None:
        ctx["phq9_total"] = phq9.total
        ctx["phq9_band"] = phq9.band
    medicines = ctx.get("medication_list")
    if isinstance(medicines, str):
        ctx["medication_flagged"] = bool(seizure_threshold_flags(normalize(medicines)))

    matched = [r for r in rules.rules if r.condition.matches(ctx)]
    # Item 9 is checked directly too, so a broken rules file cannot hide it.
    item9 = ctx.get(ITEM9_SLOT)
    item9_number = _number(item9)
    item9_positive = (item9_number is not None and item9_number > 0) or ctx.get(ITEM9_FLAG) is True

    missing = [s for s in rules.required_slots if s not in ctx]
    status_rank = 0
    reasons: List[str] = []
    rule_ids: List[str] = []
    for r in sorted(matched, key=lambda r: not r.urgent):
        status_rank = max(status_rank, STATUSES.index(r.status))
        if r.reason not in reasons:
            reasons.append(r.reason)
        rule_ids.append(r.id)
    if missing:
        status_rank = max(status_rank, STATUSES.index(NEEDS_CLINICIAN_REVIEW))
        reasons.append(rules.missing_reason)
        rule_ids.append("missing_answers")
    urgent = any(r.urgent for r in matched) or item9_positive
    if urgent:
        status_rank = max(status_rank, STATUSES.index(NEEDS_CLINICIAN_REVIEW))
    status = STATUSES[status_rank]
    return Outcome(
        status=status,
        reasons=reasons,
        phq9=phq9,
        urgent=urgent,
        rule_ids=rule_ids,
        missing=missing,
        message=rules.status_messages.get(status, ""),
    )
