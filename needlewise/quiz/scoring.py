"""Scoring one response to one question, following Moodle's rules where it has them.

Responses are small JSON-able dicts, one shape per question type, with option, choice
and item indices counted in the quiz definition's own order:

- single ``{"choice": 2}``;  multiple ``{"choices": [0, 3]}``;  true_false ``{"value": false}``
- numeric and short_text ``{"text": "1.5 mm"}``
- matching ``{"matches": [choice index or None, one per pair]}``
- ordering ``{"order": [item indices as arranged]}``

A response that does not fit its question (hostile or stale input) scores 0.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .schema import (
    LeafQuestion,
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    ShortTextQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from .short_text import fold as fold
from .short_text import matches

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class Outcome:
    fraction: float
    feedback: tuple[str, ...] = field(default_factory=tuple)
    message: str | None = None

    def points(self, question: LeafQuestion) -> float:
        return self.fraction * question.points


def score(question: LeafQuestion, response: dict[str, Any] | None) -> Outcome:
    if not isinstance(response, dict):
        return Outcome(0.0)
    scorer = _SCORERS[type(question)]
    outcome = scorer(question, response)
    return Outcome(_clamp(outcome.fraction), outcome.feedback, outcome.message)


def _clamp(value: float) -> float:
    if math.isnan(value):
        return 0.0
    return min(1.0, max(0.0, value))


def _index(value: Any, size: int) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < size:
        return value
    return None


def _single(question: SingleQuestion, response: dict) -> Outcome:
    choice = _index(response.get("choice"), len(question.options))
    if choice is None:
        return Outcome(0.0)
    option = question.options[choice]
    return Outcome(option.share, _texts(option.feedback))


def _multiple(question: MultipleQuestion, response: dict) -> Outcome:
    raw = response.get("choices")
    if not isinstance(raw, list):
        return Outcome(0.0)
    choices = {c for c in (_index(v, len(question.options)) for v in raw) if c is not None}
    total = sum(question.options[c].share for c in choices)
    feedback = tuple(question.options[c].feedback for c in sorted(choices))
    return Outcome(total, _texts(*feedback))


def _true_false(question: TrueFalseQuestion, response: dict) -> Outcome:
    value = response.get("value")
    if not isinstance(value, bool):
        return Outcome(0.0)
    feedback = question.feedback_true if value else question.feedback_false
    return Outcome(1.0 if value == question.answer else 0.0, _texts(feedback))


def _numeric(question: NumericQuestion, response: dict) -> Outcome:
    value, message = parse_number(response.get("text"), question)
    if value is None:
        return Outcome(0.0, message=message)
    for answer in question.answers:
        if abs(value - answer.value) <= answer.tolerance + 1e-9 * max(1.0, abs(answer.value)):
            return Outcome(answer.fraction, _texts(answer.feedback))
    return Outcome(0.0, _texts(question.feedback_other))


def _matching(question: MatchingQuestion, response: dict) -> Outcome:
    raw = response.get("matches")
    if not isinstance(raw, list):
        return Outcome(0.0)
    choices = question.choices
    right = 0
    for pair, value in zip(question.pairs, raw, strict=False):
        choice = _index(value, len(choices))
        if choice is not None and choices[choice] == pair.right:
            right += 1
    if question.scoring == "all_or_nothing":
        return Outcome(1.0 if right == len(question.pairs) else 0.0)
    return Outcome(right / len(question.pairs))


def _ordering(question: OrderingQuestion, response: dict) -> Outcome:
    raw = response.get("order")
    if not isinstance(raw, list):
        return Outcome(0.0)
    size = len(question.items)
    order = [i for i in (_index(v, size) for v in raw) if i is not None]
    if len(set(order)) != len(order):
        return Outcome(0.0)
    if question.scoring == "all_or_nothing":
        return Outcome(1.0 if order == list(range(size)) else 0.0)
    # Moodle's "relative to all the previous and next items": the share of pairs in the
    # right relative order. Unlike "relative to the next item", moving the first item to
    # the end (remodelling before inflammation) costs as much as it is wrong. Items left
    # unplaced earn nothing.
    right = sum(1 for a, b in itertools.combinations(order, 2) if a < b)
    return Outcome(right / math.comb(size, 2))


def _short_text(question: ShortTextQuestion, response: dict) -> Outcome:
    text = response.get("text")
    if not isinstance(text, str) or not text.strip():
        return Outcome(0.0)
    for answer in question.accepted:
        if matches(answer.text, text, question.case_sensitive):
            return Outcome(answer.fraction, _texts(answer.feedback))
    return Outcome(0.0)


_SCORERS: dict[type, Callable[[Any, dict], Outcome]] = {
    SingleQuestion: _single,
    MultipleQuestion: _multiple,
    TrueFalseQuestion: _true_false,
    NumericQuestion: _numeric,
    MatchingQuestion: _matching,
    OrderingQuestion: _ordering,
    ShortTextQuestion: _short_text,
}


def _texts(*texts: str | None) -> tuple[str, ...]:
    return tuple(t for t in texts if t)


# --- numbers and units -------------------------------------------------------------

_NUMBER = re.compile(
    r"^(?P<number>[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?)\s*(?P<unit>[^\d\s].*)?$"
)


def parse_number(text: Any, question: NumericQuestion) -> tuple[float | None, str | None]:
    """The value in the question's main unit, or None and a message saying what is wrong."""
    if not isinstance(text, str) or not text.strip():
        return None, None
    cleaned = text.strip().replace("\u2212", "-").replace("\u00a0", " ")
    match = _NUMBER.match(cleaned)
    if not match:
        return None, f"{text.strip()!r} is not a number."
    value = float(match.group("number").replace(",", "."))
    unit = (match.group("unit") or "").strip().rstrip(".").strip()
    if not unit:
        return value, None
    accepted = _accepted_units(question)
    if not accepted:
        return None, "This answer takes a number only, without a unit."
    for name, multiplier in accepted:
        if unit.casefold() == name.casefold():
            return value / multiplier, None
    names = ", ".join(name for name, _ in accepted)
    return None, f"'{unit}' is not accepted here; give the answer in {names}."


def _accepted_units(question: NumericQuestion) -> list[tuple[str, float]]:
    units = [(question.unit, 1.0)] if question.unit else []
    return units + [(u.unit, u.multiplier) for u in question.units]


# --- guessing, perfect responses and descriptions ------------------------------------


def random_guess_score(question: LeafQuestion) -> float | None:
    """Expected fraction from answering at random, where the type defines one (Moodle)."""
    if isinstance(question, SingleQuestion):
        return sum(max(0.0, o.share) for o in question.options) / len(question.options)
    if isinstance(question, TrueFalseQuestion):
        return 0.5
    if isinstance(question, MatchingQuestion):
        chance = 1 / len(question.choices)
        return chance ** len(question.pairs) if question.scoring == "all_or_nothing" else chance
    if isinstance(question, OrderingQuestion):
        size = len(question.items)
        # Each pair is in the right order half the time.
        return 1 / math.factorial(size) if question.scoring == "all_or_nothing" else 0.5
    if isinstance(question, ShortTextQuestion):
        return max((a.fraction for a in question.accepted if a.text.strip() == "*"), default=0.0)
    if isinstance(question, NumericQuestion):
        return 0.0
    return None


def correct_response(question: LeafQuestion) -> dict[str, Any]:
    """A response that earns full marks."""
    if isinstance(question, SingleQuestion):
        choice = max(range(len(question.options)), key=lambda i: question.options[i].share)
        return {"choice": choice}
    if isinstance(question, MultipleQuestion):
        return {"choices": [i for i, o in enumerate(question.options) if o.share > 0]}
    if isinstance(question, TrueFalseQuestion):
        return {"value": question.answer}
    if isinstance(question, NumericQuestion):
        number = next(a for a in question.answers if a.fraction == 1)
        unit = f" {question.unit}" if question.unit else ""
        return {"text": f"{number.value:.15g}{unit}"}
    if isinstance(question, MatchingQuestion):
        return {"matches": [question.choices.index(p.right) for p in question.pairs]}
    if isinstance(question, OrderingQuestion):
        return {"order": list(range(len(question.items)))}
    best = next(a for a in question.accepted if a.fraction == 1)
    return {"text": best.text.replace("*", "")}


def describe(question: LeafQuestion, response: dict[str, Any] | None) -> str:
    """The response in words, for review pages and exports; empty when unanswered."""
    if not isinstance(response, dict):
        return ""
    if isinstance(question, SingleQuestion):
        choice = _index(response.get("choice"), len(question.options))
        return "" if choice is None else question.options[choice].text
    if isinstance(question, MultipleQuestion):
        raw = _list(response, "choices")
        picked = sorted(
            {c for c in (_index(v, len(question.options)) for v in raw) if c is not None}
        )
        return "; ".join(question.options[c].text for c in picked)
    if isinstance(question, TrueFalseQuestion):
        value = response.get("value")
        return "" if not isinstance(value, bool) else ("True" if value else "False")
    if isinstance(question, NumericQuestion | ShortTextQuestion):
        text = response.get("text")
        return text.strip() if isinstance(text, str) else ""
    if isinstance(question, MatchingQuestion):
        raw = _list(response, "matches")
        choices = question.choices
        parts = []
        for pair, value in zip(question.pairs, raw, strict=False):
            choice = _index(value, len(choices))
            parts.append(f"{pair.left} → {choices[choice] if choice is not None else '—'}")
        return "; ".join(parts)
    raw = _list(response, "order")
    items = [
        question.items[i] for i in (_index(v, len(question.items)) for v in raw) if i is not None
    ]
    return " > ".join(items)


def _list(response: dict[str, Any], key: str) -> list:
    value = response.get(key)
    return value if isinstance(value, list) else []


def option_key(question: LeafQuestion, response: dict[str, Any] | None) -> str:
    """A short code for what was chosen (A, B, A;C, true), for distractor analysis."""
    if not isinstance(response, dict):
        return ""
    if isinstance(question, SingleQuestion):
        choice = _index(response.get("choice"), len(question.options))
        return "" if choice is None else LETTERS[choice % 26]
    if isinstance(question, MultipleQuestion):
        raw = _list(response, "choices")
        picked = sorted(
            {c for c in (_index(v, len(question.options)) for v in raw) if c is not None}
        )
        return ";".join(LETTERS[c % 26] for c in picked)
    if isinstance(question, TrueFalseQuestion):
        value = response.get("value")
        return "" if not isinstance(value, bool) else str(value).lower()
    return describe(question, response)
