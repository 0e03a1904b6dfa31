"""The rules of one attempt wherever it is kept: what it shows, when it closes, how it is
marked.

``attempts`` keeps trainees' attempts in the database; ``preview`` keeps an instructor's
run through a quiz in memory. Both call these functions, so a preview draws, shuffles,
times and scores exactly as a trainee's attempt does, and a rule changed here changes
for both.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from . import grading, time_extensions
from .errors import UserError
from .quiz.layout import Slot, build_layout, leaf_ids
from .quiz.schema import LeafQuestion, MustPass, Quiz
from .quiz.scoring import Outcome, score

# Requests in flight when the time runs out still count.
GRACE = timedelta(seconds=5)


class AttemptError(UserError):
    """Something the trainee should be told, in words they can act on."""


class NoAttemptsLeft(AttemptError):
    pass


class AttemptClosed(AttemptError):
    pass


class TimeUp(AttemptError):
    pass


class AlreadyChecked(AttemptError):
    pass


@dataclass(frozen=True)
class Attempt:
    id: int
    user_id: int
    quiz_id: str
    quiz_version: str
    number: int
    layout: list[dict[str, Any]]
    state: str
    started_at: datetime
    deadline_at: datetime | None
    submitted_at: datetime | None
    max_points: float
    pass_mark: float
    points: float | None
    percent: float | None
    passed: bool | None
    timed_out: bool
    # Set by a regrade (``regrade``): when, and the version whose answer key now scores it.
    regraded_at: datetime | None = None
    regraded_with: str | None = None
    # On a quiz with a must-pass section: the percent scored on the section's questions.
    section_percent: float | None = None

    @property
    def is_open(self) -> bool:
        return self.state == "in_progress"

    def overdue(self, now: datetime) -> bool:
        return self.deadline_at is not None and now > self.deadline_at + GRACE

    def seconds_left(self, now: datetime) -> float | None:
        if self.deadline_at is None:
            return None
        return max(0.0, (self.deadline_at - now).total_seconds())


@dataclass(frozen=True)
class SavedResponse:
    question_id: str
    response: Any
    saved_at: datetime
    checked: bool
    fraction: float | None
    points: float | None
    max_points: float


def no_attempts_left(limit: int | None, used: int) -> NoAttemptsLeft | None:
    """The refusal to start another attempt, when the quiz's limit is reached."""
    if limit is None or used < limit:
        return None
    return NoAttemptsLeft(
        f"You have used all {limit} attempt{'s' if limit != 1 else ''} at this quiz."
    )


def opening(
    quiz: Quiz,
    user_id: int,
    version: str,
    number: int,
    pass_mark: float,
    extra_percent: int,
    now: datetime,
    rng: random.Random | None = None,
) -> dict[str, Any]:
    """A new attempt's values: its draw and shuffles, its worth, and its deadline (the
    trainee's extra time, if an instructor granted any, counts from the start)."""
    layout = build_layout(quiz, rng)
    shown = set(leaf_ids(layout))
    allowed = time_extensions.time_limit(quiz.time_limit_minutes, extra_percent)
    return {
        "user_id": user_id,
        "quiz_id": quiz.id,
        "quiz_version": version,
        "number": number,
        "layout": layout,
        "state": "in_progress",
        "started_at": now,
        "deadline_at": None if allowed is None else now + allowed,
        "max_points": sum(q.points for _, q in quiz.leaves() if q.id in shown),
        "pass_mark": pass_mark,
        "timed_out": False,
    }


def ensure_open(attempt: Attempt, now: datetime) -> None:
    """Refuse any change to an attempt that is handed in or out of time."""
    if not attempt.is_open:
        raise AttemptClosed(
            "This attempt has already been submitted, perhaps in another tab; "
            "your answers were kept and the result is shown below."
        )
    if attempt.overdue(now):
        raise TimeUp(
            "Time is up: answers given after the deadline are not counted. "
            "Your answers saved before it have been kept."
        )


def ensure_in_layout(layout: list[Slot], question_ids: Iterable[str]) -> None:
    unknown = set(question_ids) - set(leaf_ids(layout))
    if unknown:
        raise AttemptError(f"Question '{sorted(unknown)[0]}' is not part of this attempt.")


def refuse_checked(checked: bool) -> None:
    if checked:
        raise AlreadyChecked("You have already checked this answer; it can no longer change.")


def check_outcome(question: LeafQuestion, saved: SavedResponse | None) -> Outcome:
    """The mark of one answer checked before the end (feedback after each question)."""
    if saved is None or saved.response is None:
        raise AttemptError("Answer the question before checking it.")
    if saved.checked:
        raise AlreadyChecked("You have already checked this answer.")
    return score(question, saved.response)


def marked_responses(
    quiz: Quiz, layout: list[Slot], saved: Mapping[str, SavedResponse], now: datetime
) -> tuple[list[dict[str, Any]], float]:
    """Every shown question's final response row, and the attempt's points.

    An answer checked during the attempt keeps the mark it was shown; an unanswered
    question is recorded with no answer and scores nothing."""
    rows: list[dict[str, Any]] = []
    total = 0.0
    questions = {q.id: q for _, q in quiz.leaves()}
    for question_id in leaf_ids(layout):
        question = questions[question_id]
        previous = saved.get(question_id)
        answer = previous.response if previous else None
        if previous is not None and previous.checked and previous.fraction is not None:
            fraction = previous.fraction
        else:
            fraction = score(question, answer).fraction
        points = fraction * question.points
        total += points
        rows.append(
            {
                "question_id": question_id,
                "response": answer,
                "saved_at": previous.saved_at if previous else now,
                "checked": previous.checked if previous else False,
                "fraction": fraction,
                "points": points,
                "max_points": question.points,
            }
        )
    return rows, total


@dataclass(frozen=True)
class SectionResult:
    """An attempt on a must-pass section: its percent there, and the percent needed."""

    percent: float
    pass_mark: float


def section_result(
    must_pass: MustPass | None,
    questions: Mapping[str, LeafQuestion],
    rows: Iterable[Mapping[str, Any]],
) -> SectionResult | None:
    """How the scored answers ``rows`` (of questions in ``questions``) did on the quiz's
    must-pass section; None without a section, or when the attempt showed none of it."""
    if must_pass is None:
        return None
    earned = possible = 0.0
    for row in rows:
        if must_pass.covers(questions[row["question_id"]]):
            earned += row["points"] or 0.0
            possible += row["max_points"]
    if not possible:
        return None
    return SectionResult(100.0 * earned / possible, must_pass.pass_mark)


def closing(
    attempt: Attempt, total: float, now: datetime, section: SectionResult | None = None
) -> dict[str, Any]:
    """The values an attempt is handed in with."""
    percent = 100.0 * total / attempt.max_points if attempt.max_points else 0.0
    # An attempt finalised after its time ran out was handed in at its deadline,
    # whenever it is next seen; the visit that noticed it is not the hand-in time.
    deadline = attempt.deadline_at
    handed_in = deadline if deadline is not None and attempt.overdue(now) else now
    return {
        "state": "submitted",
        "submitted_at": handed_in,
        "points": total,
        "percent": percent,
        "passed": grading.attempt_passed(
            percent,
            attempt.pass_mark,
            section.percent if section else None,
            section.pass_mark if section else None,
        ),
        "section_percent": section.percent if section else None,
        "timed_out": attempt.overdue(now),
    }
