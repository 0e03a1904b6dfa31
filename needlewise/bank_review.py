"""Items the Quiz studio lists for review, from the item analysis of real attempts.

An item is listed when its facility is above 90% (too easy to tell anyone apart) or below
30% (too hard, or miskeyed), or its discrimination index is below 0.2 (20 on the 0-100
scale the statistics use). Nothing is listed before an item has ``MIN_ATTEMPTS`` (30)
analysed attempts: on fewer, these numbers are mostly noise. Each listed item comes with
how many trainees chose each of its options (its distractor counts).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from .item_analysis import report_for
from .quiz.schema import Quiz
from .stats import Report

MIN_ATTEMPTS = 30
TOO_EASY, TOO_HARD, WEAK_DISCRIMINATION = 90.0, 30.0, 20.0


@dataclass
class ItemToReview:
    quiz_id: str
    question_id: str
    attempts: int
    facility: float | None
    discrimination: float | None
    reasons: list[str]
    choices: dict[str, int] = field(default_factory=dict)


def items_to_review(quiz_id: str, report: Report) -> list[ItemToReview]:
    """The flagged items of one quiz's analysis, with their distractor counts."""
    found = []
    for q in report.questions:
        if q.n < MIN_ATTEMPTS:
            continue
        reasons = []
        if q.facility is not None and q.facility > TOO_EASY:
            reasons.append(f"facility {q.facility:.0f}% (above {TOO_EASY:.0f}%)")
        if q.facility is not None and q.facility < TOO_HARD:
            reasons.append(f"facility {q.facility:.0f}% (below {TOO_HARD:.0f}%)")
        if q.discrimination_index is not None and q.discrimination_index < WEAK_DISCRIMINATION:
            reasons.append(
                f"discrimination {q.discrimination_index / 100:.2f} "
                f"(below {WEAK_DISCRIMINATION / 100:.1f})"
            )
        if not reasons:
            continue
        choices = {
            c.response: round(c.overall * q.n / 100)
            for c in report.choices
            if c.question_id == q.question_id and c.response
        }
        found.append(
            ItemToReview(
                quiz_id, q.question_id, q.n, q.facility, q.discrimination_index, reasons, choices
            )
        )
    return found


def review_list(engine: Engine, quizzes: list[Quiz]) -> list[ItemToReview]:
    """Flagged items of every quiz that has submitted attempts."""
    found = []
    for quiz in quizzes:
        report, _ = report_for(engine, quiz)
        if report is not None:
            found += items_to_review(quiz.id, report)
    return found
