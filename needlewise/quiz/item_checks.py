"""Checks on single items that the schema cannot express: answers a key should not accept.

- A short-text answer that matches one of the question's ``reject`` examples, or the text
  of a wrong option elsewhere in the same case, is an error: it would give marks to an
  answer the author knows is wrong.
- An answer worth nothing (an anticipated wrong answer with its feedback) listed before a
  fully right answer that it matches is an error: answers are tried in order, so the
  right answer could never earn its marks.
- A wildcard answer that is mostly wildcard, or that a negation could be put in front of
  ("non-occlusive" for ``*occlu*``), is a warning.
- A single-answer question with more than one fully right option is an error: it has no
  single best answer (Moodle allows it; an exam built on single best answers does not).
- Partial credit on an ordering of fewer than 4 items is a warning: with 3 items, any
  sequence with one item out of place still earns a share of the marks.

In a quiz file that fails validation, every question (and case part) that validates on its
own is checked all the same, so check says every problem at once; what does not validate
is left to validation, so nothing is judged from what could not be read.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from .schema import (
    CaseQuestion,
    ChoiceQuestion,
    Leaf,
    LeafQuestion,
    MatchingQuestion,
    NumericQuestion,
    OrderingQuestion,
    Question,
    Quiz,
    ShortTextQuestion,
    SingleQuestion,
)
from .scoring import correct_response
from .short_text import loose_pattern_reasons, matches

MIN_PARTIAL_ORDERING = 4

Path = tuple[str | int, ...]
Report = Callable[[Path, str, bool], None]
T = TypeVar("T")
_QUESTION: TypeAdapter[CaseQuestion | LeafQuestion] = TypeAdapter(Question)
_LEAF: TypeAdapter[LeafQuestion] = TypeAdapter(Leaf)


def item_problems(quiz: Quiz, report: Report) -> None:
    """Call ``report(path, message, warning)`` for every problem in the quiz's items."""
    for i, question in enumerate(quiz.questions):
        _question(question, ("questions", i), report)


def readable_item_problems(data: Any, report: Report) -> None:
    """:func:`item_problems` for the raw data of a quiz file that fails validation: each
    question that validates on its own is checked as in a valid file. A case that fails has
    each part that validates checked beside the parts that validate; a short-text part is
    not compared with the options of a part that does not."""
    questions = data.get("questions") if isinstance(data, dict) else None
    if not isinstance(questions, list):
        return
    for i, raw in enumerate(questions):
        path = ("questions", i)
        question = _validated(_QUESTION, raw)
        if question is not None:
            _question(question, path, report)
        elif isinstance(raw, dict) and raw.get("type") == "case":
            raw_parts = raw.get("questions")
            if isinstance(raw_parts, list):
                parts = {j: _validated(_LEAF, part) for j, part in enumerate(raw_parts)}
                _case_parts({j: p for j, p in parts.items() if p is not None}, path, report)


def _validated(adapter: TypeAdapter[T], raw: Any) -> T | None:
    try:
        return adapter.validate_python(raw)
    except ValidationError:
        return None


def _question(question: CaseQuestion | LeafQuestion, path: Path, report: Report) -> None:
    if isinstance(question, CaseQuestion):
        _case_parts(dict(enumerate(question.questions)), path, report)
    else:
        _leaf(question, path, [], report)


def _case_parts(parts: dict[int, LeafQuestion], path: Path, report: Report) -> None:
    """Each part of the case at ``path`` (by its place in the case), beside the others."""
    for j, part in parts.items():
        siblings = [p for p in parts.values() if p is not part]
        _leaf(part, (*path, "questions", j), siblings, report)


def _leaf(question: LeafQuestion, path: Path, siblings: list, report: Report) -> None:
    if isinstance(question, SingleQuestion):
        _one_best_answer(question, path, report)
    elif isinstance(question, ShortTextQuestion):
        _short_text(question, path, siblings, report)
        _hidden_short_answers(question, path, report)
    elif isinstance(question, NumericQuestion):
        _hidden_numbers(question, path, report)
    elif isinstance(question, OrderingQuestion):
        size = len(question.items)
        if question.scoring == "partial" and size < MIN_PARTIAL_ORDERING:
            report(
                (*path, "scoring"),
                f"partial credit on an ordering of {size} items gives marks to sequences "
                f"that are wrong; use 'scoring: all_or_nothing' or order at least "
                f"{MIN_PARTIAL_ORDERING} items",
                True,
            )


def _one_best_answer(question: SingleQuestion, path: Path, report: Report) -> None:
    right = [i for i, o in enumerate(question.options) if math.isclose(o.share, 1)]
    if len(right) > 1:
        report(
            (*path, "options", right[1]),
            f"{len(right)} options are fully right in a single-answer question, which needs "
            "one best answer: keep one right answer (make the others wrong, or partly right "
            "with a fraction below 1), or make it a multiple-answer question ('type: multiple')",
            False,
        )


def wrong_texts(questions: list[LeafQuestion]) -> list[tuple[str, str]]:
    """(question id, text) of every wrong option and distractor among ``questions``."""
    found = []
    for question in questions:
        if isinstance(question, ChoiceQuestion):
            found += [(question.id, o.text) for o in question.options if (o.fraction or 0) <= 0]
        elif isinstance(question, MatchingQuestion):
            found += [(question.id, d) for d in question.distractors]
    return found


def _short_text(
    question: ShortTextQuestion, path: Path, siblings: list[LeafQuestion], report: Report
) -> None:
    wrong = wrong_texts(siblings)
    for k, answer in enumerate(question.accepted):
        if answer.fraction == 0:
            continue
        where = (*path, "answers", k)
        pattern = answer.text
        for example in question.reject:
            if matches(pattern, example, question.case_sensitive):
                report(
                    where,
                    f"accepted answer {pattern!r} matches the reject example {example!r}",
                    False,
                )
        for owner, text in wrong:
            if matches(pattern, text, question.case_sensitive):
                report(
                    where,
                    f"accepted answer {pattern!r} matches {text!r}, a wrong option of "
                    f"'{owner}' in the same case",
                    False,
                )
        for reason in loose_pattern_reasons(pattern, question.case_sensitive):
            report(where, f"accepted answer {pattern!r} {reason}", True)


def _hidden_short_answers(question: ShortTextQuestion, path: Path, report: Report) -> None:
    right = correct_response(question)["text"]
    for k, answer in enumerate(question.accepted):
        if answer.fraction == 1:
            return
        if answer.fraction == 0 and matches(answer.text, right, question.case_sensitive):
            report(
                (*path, "answers", k),
                f"the answer {answer.text!r}, worth nothing, comes before the right answer "
                f"{right!r} and matches it, so the right answer can never earn marks; put it "
                "after the right answers",
                False,
            )
            return


def _hidden_numbers(question: NumericQuestion, path: Path, report: Report) -> None:
    right = next(a for a in question.answers if a.fraction == 1)
    for k, answer in enumerate(question.answers):
        if answer is right:
            return
        if answer.fraction == 0 and abs(right.value - answer.value) <= answer.tolerance:
            report(
                (*path, "answers", k),
                f"the answer {answer.value:g}, worth nothing, comes before the right answer "
                f"{right.value:g} and covers it, so the right answer can never earn marks; "
                "put it after the right answer or narrow its tolerance",
                False,
            )
            return
