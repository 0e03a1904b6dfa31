"""Whether a saved response answers its question: for the summary shown before submit, and
so that a response giving nothing (every box unticked) is kept as no answer at all."""

from __future__ import annotations

from typing import Any

ANSWERED = "Answered"
INCOMPLETE = "Partly answered"
NOT_ANSWERED = "Not answered"


def _given(value: Any) -> bool:
    return value is not None and value != "" and value != []


def answer_state(response: dict[str, Any] | None) -> str:
    """``Answered``, ``Partly answered`` (a matching with pairs left open) or ``Not answered``."""
    if not isinstance(response, dict) or not any(_given(v) for v in response.values()):
        return NOT_ANSWERED
    matches = response.get("matches")
    if isinstance(matches, list) and not any(_given(m) for m in matches):
        return NOT_ANSWERED
    if isinstance(matches, list) and not all(_given(m) for m in matches):
        return INCOMPLETE
    return ANSWERED


def as_kept(response: Any) -> Any:
    """``response`` as it is kept: ``None`` when it gives nothing, so an answer unticked
    again, or a control's untouched value sent back by the browser, is not an answer."""
    return None if answer_state(response) == NOT_ANSWERED else response
