"""What a reader hands over: questions as plain dicts in the quiz format, before ids and checks.

Readers build the type-specific fields with the helpers here, so every format writes
options, fractions and numeric answers the same readable way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import Literal

from .report import Note

# Moodle stores fractions with 7 decimals (0.3333333): snap those back to the exact value.
_SNAP = 5e-7


@dataclass
class Draft:
    """One item of a question file: a question, a text-only description, or a question the
    reader left out (its notes say why), kept only to be named in the report."""

    data: dict
    line: int | None = None
    name: str | None = None
    idnumber: str | None = None
    tags: list[str] = field(default_factory=list)
    kind: Literal["question", "description", "left_out"] = "question"
    notes: list[str] = field(default_factory=list)  # said once the question has its id


@dataclass
class Parsed:
    drafts: list[Draft] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    settings: dict = field(default_factory=dict)
    categories: list[str] = field(default_factory=list)
    left_out: int = 0  # items of the file that did not become questions

    def leave_out(self, message: str, line: int | None = None, question: str | None = None) -> None:
        self.left_out += 1
        self.note(message, line, question)

    def note(self, message: str, line: int | None = None, question: str | None = None) -> None:
        self.notes.append(Note(message, question=question, line=line))


@dataclass
class Choice:
    text: str
    fraction: float
    feedback: str | None = None


@dataclass
class Answer:
    """A typed answer: a short-text pattern or a number with its tolerance."""

    text: str
    fraction: float
    feedback: str | None = None
    tolerance: float = 0.0


@lru_cache(maxsize=4096)
def snap(value: float) -> float:
    """0.3333333 -> 1/3: the exact fraction a rounded percentage stands for."""
    exact = Fraction(value).limit_denominator(100)
    return float(exact) if abs(float(exact) - value) < _SNAP else value


def number(value: float) -> int | float:
    """Whole numbers without '.0', for readable YAML."""
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else value


def choice_fields(choices: list[Choice], single: bool) -> dict:
    """``type`` and ``options``, writing ``correct: true`` wherever that says it all."""
    default_share = _default_share(choices)
    options = []
    for choice in choices:
        option: dict = {"text": choice.text}
        fraction = snap(choice.fraction)
        if (single and fraction == 1) or (not single and default_share and fraction > 0):
            option["correct"] = True
        elif (single and fraction != 0) or (not single and not default_share):
            option["fraction"] = number(fraction)
        if choice.feedback:
            option["feedback"] = choice.feedback
        options.append(option)
    return {"type": "single" if single else "multiple", "options": options}


def _default_share(choices: list[Choice]) -> bool:
    """Whether these are the fractions a multiple question gets from ``correct`` alone."""
    right = sum(1 for c in choices if c.fraction > 0)
    return right > 0 and all(
        abs(snap(c.fraction) - (1 if c.fraction > 0 else -1) / right) < 1e-9 for c in choices
    )


def numeric_fields(answers: list[Answer], feedback_other: str | None = None) -> dict:
    """``answer`` and ``tolerance`` for the plain right answer, ``answers`` for the rest."""
    fields: dict = {}
    rest = list(answers)
    first = rest[0] if rest else None
    if first and snap(first.fraction) == 1 and not first.feedback:
        fields["answer"] = number(float(first.text))
        fields["tolerance"] = number(first.tolerance)
        rest.pop(0)
    if rest:
        fields["answers"] = [_numeric_answer(a) for a in rest]
    if feedback_other:
        fields["feedback_other"] = feedback_other
    return fields


def _numeric_answer(answer: Answer) -> dict:
    out: dict = {"value": number(float(answer.text))}
    if answer.tolerance:
        out["tolerance"] = number(answer.tolerance)
    fraction = snap(answer.fraction)
    if fraction != 1:
        out["fraction"] = number(fraction)
    if answer.feedback:
        out["feedback"] = answer.feedback
    return out


def zero_answer_is_reject(text: str, feedback: str | None) -> bool:
    """A Moodle answer worth no marks, without wildcard or feedback, is a reject example."""
    return "*" not in text and not (feedback or "").strip() and bool(text)


def short_text_fields(answers: list[Answer], reject: list[str]) -> dict:
    fields: dict = {"type": "short_text", "answers": short_answers(answers)}
    if reject:
        fields["reject"] = reject
    return fields


def short_answers(answers: list[Answer]) -> list:
    """Plain strings for fully right answers without feedback; mappings for the others."""
    out: list = []
    for answer in answers:
        fraction = snap(answer.fraction)
        if fraction == 1 and not answer.feedback:
            out.append(answer.text)
            continue
        item: dict = {"text": answer.text}
        if fraction != 1:
            item["fraction"] = number(fraction)
        if answer.feedback:
            item["feedback"] = answer.feedback
        out.append(item)
    return out


# Moodle's Ordering question type: how it grades, and how much of it NeedleWise keeps.
PARTIAL_GRADING = "RELATIVE_ALL_PREVIOUS_AND_NEXT"
ORDERING_GRADINGS = {
    "ALL_OR_NOTHING", "ABSOLUTE_POSITION", "ABSOLUTE", "ABS", "RELATIVE_NEXT_INCLUDE_LAST",
    "RELATIVE_NEXT_EXCLUDE_LAST", "RELATIVE", "REL",
    "RELATIVE_ONE_PREVIOUS_AND_NEXT", PARTIAL_GRADING, "RELATIVE_TO_CORRECT",
    "LONGEST_ORDERED_SUBSET", "LONGEST_CONTIGUOUS_SUBSET",
}  # fmt: skip


def ordering_fields(
    items: list[str], grading: str, select: str, count: int
) -> tuple[dict, list[str]]:
    """The ordering fields, and what could not be kept, for Moodle's grading and selection."""
    grading = grading.upper() or "RELATIVE_NEXT_EXCLUDE_LAST"
    lost = []
    if grading not in {PARTIAL_GRADING, "ALL_OR_NOTHING"}:
        lost.append(
            f"Moodle's '{grading}' grading becomes 'partial' (the share of item pairs in the "
            "right relative order)"
        )
    if select.upper() not in {"ALL", "EXACT"} and 0 < count < len(items):
        lost.append(f"Moodle shows {count} of its {len(items)} items; NeedleWise shows all")
    scoring = "all_or_nothing" if grading == "ALL_OR_NOTHING" else "partial"
    return {"type": "ordering", "items": items, "scoring": scoring}, lost
