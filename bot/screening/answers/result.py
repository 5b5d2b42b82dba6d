"""What one parsed reply is: the value, whether it was understood, whether it was skipped."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Tuple, Union

from ..questionnaire import SKIPPED

AnswerValue = Union[bool, int, str, None]

#: Replies longer than this are rejected outright (not a screening answer).
MAX_INPUT_CHARS = 500
#: Longest accepted free-text answer (e.g. a name).
MAX_TEXT_CHARS = 100


@dataclass(frozen=True)
class Parsed:
    """Result of parsing one reply.

    ``ok`` is False when the reply could not be understood (re-ask). For a
    skipped optional question ``ok`` and ``skipped`` are True and ``value`` is
    None; store :attr:`slot_value` (``"skipped"``) so it is not asked again.
    """

    value: AnswerValue
    ok: bool
    skipped: bool = False
    #: seizure-threshold medicines named (lowercase generic names), for the medication list
    flags: Tuple[str, ...] = ()

    @property
    def slot_value(self) -> AnswerValue:
        return SKIPPED if self.skipped else self.value


_NOT_OK = Parsed(None, False, False)
_SKIPPED = Parsed(None, True, True)


def _ok(value: AnswerValue) -> Parsed:
    return Parsed(value, True, False)
