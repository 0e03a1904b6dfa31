"""Whether a saved response answers its question: for the summary shown before submit, and
so that a response giving nothing (every box unticked, only spaces typed) is kept as no
answer at all. Typed text the question cannot take (a number that cannot be read, a unit
it does not accept) is not an answer either: the summary says so, with the same words the
question's input shows under it, since it would score nothing."""

from __future__ import annotations

from typing import Any

from .schema import LeafQuestion, NumericQuestion
from .scoring import parse_number

ANSWERED = "Answered"
INCOMPLETE = "Partly answered"
NOT_ANSWERED = "Not answered"
NOT_VALID = "Not a valid answer"


def _given(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip() != ""
    return value is not None and value != []


def answer_state(response: dict[str, Any] | None, question: LeafQuestion | None = None) -> str:
    """``Answered``, ``Partly answered`` (a matching with pairs left open) or ``Not answered``;
    given the ``question``, also ``Not a valid answer`` for typed text it refuses (``refusal``
    says why)."""
    if not isinstance(response, dict) or not any(_given(v) for v in response.values()):
        return NOT_ANSWERED
    matches = response.get("matches")
    if isinstance(matches, list) and not any(_given(m) for m in matches):
        return NOT_ANSWERED
    if isinstance(matches, list) and not all(_given(m) for m in matches):
        return INCOMPLETE
    if question is not None and refusal(question, response):
        return NOT_VALID
    return ANSWERED


def refusal(question: LeafQuestion, response: dict[str, Any] | None) -> str | None:
    """Why the text typed in ``response`` is no answer to ``question``, as its input says
    and as scoring reads it (``parse_number``): "'cm' is not accepted here; give the answer
    in mm.". None when it is an answer, or gives nothing. Only a numeric question refuses
    text: a short-text question takes any words, and the other types offer choices."""
    if isinstance(question, NumericQuestion) and isinstance(response, dict):
        return parse_number(response.get("text"), question)[1]
    return None


def as_kept(response: Any) -> Any:
    """``response`` as it is kept: ``None`` when it gives nothing, so an answer unticked
    again, or a control's untouched value sent back by the browser, is not an answer."""
    return None if answer_state(response) == NOT_ANSWERED else response
