"""What an instructor should look at first in an item analysis, in plain words.

Classical item statistics swing wildly in small groups: with a handful of attempts every
question looks too easy, too hard or undiscriminating. Below ``MIN_ATTEMPTS`` (30, the
sample Moodle-style quiz reports are commonly read from) no per-question verdict is given.
Above it, the questions with a problem are ranked, worst first: a possibly wrong key
before a merely easy question.
"""

from __future__ import annotations

from dataclasses import dataclass

from .display import shorten
from .quiz.schema import ChoiceQuestion, Quiz
from .quiz.scoring import LETTERS
from .stats import Flag, Report

MIN_ATTEMPTS = 30


@dataclass(frozen=True)
class Concern:
    """One question worth a look, with every reason found and what to do about the worst."""

    question_id: str
    question: str
    reasons: tuple[str, ...]
    advice: str
    severity: int


def meaningful(report: Report) -> bool:
    return report.attempts >= MIN_ATTEMPTS


def question_text(quiz: Quiz | None, question_id: str, width: int = 80) -> str:
    """The question's prompt, shortened; its id when the quiz no longer has it."""
    if quiz is None:
        return question_id
    try:
        return shorten(quiz.leaf(question_id).prompt, width)
    except KeyError:
        return question_id


def option_text(quiz: Quiz | None, question_id: str, code: str, width: int = 60) -> str:
    """A response code as a person reads it: 'B: Two to three weeks'."""
    if not code:
        return "(no answer)"
    try:
        question = quiz.leaf(question_id) if quiz else None
    except KeyError:
        question = None
    if isinstance(question, ChoiceQuestion):
        parts = []
        for letter in code.split(";"):
            index = LETTERS.find(letter)
            if 0 <= index < len(question.options):
                parts.append(f"{letter}: {shorten(question.options[index].text, width)}")
            else:
                parts.append(letter)
        return "; ".join(parts)
    if code in ("true", "false"):
        return code.capitalize()
    return code


def _reason(flag: Flag, quiz: Quiz | None) -> str:
    if flag.response is not None:
        return f"nobody chose '{option_text(quiz, flag.question_id, flag.response)}'"
    return flag.problem[0].lower() + flag.problem[1:]


def ranked(report: Report, quiz: Quiz | None = None) -> list[Concern]:
    """The questions with a problem, worst first; empty below the minimum sample."""
    if not meaningful(report):
        return []
    by_question: dict[str, list[Flag]] = {}
    for flag in report.flags:
        by_question.setdefault(flag.question_id, []).append(flag)
    concerns = []
    for question_id, found in by_question.items():
        found.sort(key=lambda f: f.severity)
        concerns.append(
            Concern(
                question_id=question_id,
                question=question_text(quiz, question_id),
                reasons=tuple(_reason(f, quiz) for f in found),
                advice=found[0].likely_cause,
                severity=found[0].severity,
            )
        )
    concerns.sort(key=lambda c: (c.severity, -len(c.reasons), c.question_id))
    return concerns
