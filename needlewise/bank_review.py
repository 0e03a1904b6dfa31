"""Items the Quiz studio lists for review, from the item analysis of real attempts.

Which items are listed, and why, is the rule in ``item_review`` (the one the Item analysis
page ranks by); this module gathers them across quizzes and adds how many trainees chose
each option of a listed item (its distractor counts).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from .item_analysis import report_for
from .item_review import MIN_ATTEMPTS, RULE, ranked
from .quiz.schema import Quiz
from .stats import Report

__all__ = ["MIN_ATTEMPTS", "RULE", "ItemToReview", "items_to_review", "review_list"]


@dataclass
class ItemToReview:
    quiz_id: str
    question_id: str
    attempts: int
    facility: float | None
    discrimination: float | None
    reasons: list[str]
    advice: str = ""
    choices: dict[str, int] = field(default_factory=dict)


def items_to_review(quiz_id: str, report: Report, quiz: Quiz | None = None) -> list[ItemToReview]:
    """The flagged items of one quiz's analysis, worst first, with their distractor counts."""
    stats = {q.question_id: q for q in report.questions}
    found = []
    for concern in ranked(report, quiz):
        q = stats[concern.question_id]
        choices = {
            c.response: round(c.overall * q.n / 100)
            for c in report.choices
            if c.question_id == q.question_id and c.response
        }
        found.append(
            ItemToReview(
                quiz_id,
                q.question_id,
                q.n,
                q.facility,
                q.discrimination_index,
                list(concern.reasons),
                concern.advice,
                choices,
            )
        )
    return found


def review_list(engine: Engine, quizzes: list[Quiz]) -> list[ItemToReview]:
    """Flagged items of every quiz that has submitted attempts."""
    found = []
    for quiz in quizzes:
        report, _ = report_for(engine, quiz)
        if report is not None:
            found += items_to_review(quiz.id, report, quiz)
    return found
