"""What "passed", "full marks" and a quiz grade mean: the one place each rule lives.

Percents and fractions are floats added up from points, so 79.99999999999 must count as
a pass at 80. Every comparison goes through ``passed`` and ``full_marks`` so that the
attempt result, the trainee's progress, the gradebook, the funnel and standard setting
can never disagree about the same grade.

The grade of a quiz comes from a trainee's submitted attempts in attempt order, by the
quiz's grading method. ``grade`` computes it for one trainee and ``grade_sql`` for a whole
cohort at once in the database; a test on SQLite and PostgreSQL holds them to the same
answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from statistics import fmean
from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy import ColumnElement, and_, case, func

if TYPE_CHECKING:
    from .attempt_rules import Attempt
    from .quiz.schema import Quiz

# Far below any mark a person can see (grades are shown to one decimal place).
TOLERANCE = 1e-9

METHODS = ("highest", "latest", "first", "average")


def passed(percent: float, pass_mark: float) -> bool:
    """A percent reaches the pass mark (within rounding)."""
    return percent + TOLERANCE >= pass_mark


def passed_each(percents: pd.Series, pass_mark: float) -> pd.Series:
    """``passed`` for a column of percents; a missing grade has not passed."""
    return percents + TOLERANCE >= pass_mark


def full_marks(fraction: float) -> bool:
    """An answer scored as fully right (its fraction is 1, within rounding)."""
    return fraction >= 1 - TOLERANCE


def _unknown(method: str) -> ValueError:
    return ValueError(f"unknown grading method {method!r}; use one of {', '.join(METHODS)}")


def grade(percents: Sequence[float], method: str) -> float | None:
    """The quiz grade from submitted attempts' percents in attempt order; None without any."""
    if method not in METHODS:
        raise _unknown(method)
    if not percents:
        return None
    if method == "highest":
        return max(percents)
    if method == "latest":
        return percents[-1]
    if method == "first":
        return percents[0]
    return fmean(percents)


def grade_attempts(attempt_list: Iterable[Attempt], method: str) -> float | None:
    """The quiz grade of one trainee's attempts; open attempts do not count."""
    return grade(
        [
            a.percent
            for a in sorted(attempt_list, key=lambda a: a.number)
            if a.state == "submitted" and a.percent is not None
        ],
        method,
    )


def grade_sql(
    method: str,
    percent: ColumnElement,
    of_quiz: ColumnElement,
    first: Callable[[], ColumnElement],
    last: Callable[[], ColumnElement],
) -> ColumnElement:
    """``grade`` as a SQL aggregate over a trainee's submitted attempts that have a percent:
    ``of_quiz`` picks the quiz's rows; ``first`` and ``last`` make the conditions for its
    first and latest attempt in attempt order (asked for only by the methods that use them)."""
    if method == "highest":
        return func.max(case((of_quiz, percent)))
    if method == "latest":
        return func.max(case((and_(of_quiz, last()), percent)))
    if method == "first":
        return func.max(case((and_(of_quiz, first()), percent)))
    if method == "average":
        return func.avg(case((of_quiz, percent)))
    raise _unknown(method)


def pass_mark(quiz: Quiz | None, default: float, adopted: float | None = None) -> float:
    """A quiz's pass mark: adopted by standard setting, else the quiz's own, else the
    course default (also for a quiz whose file cannot be read)."""
    if adopted is not None:
        return adopted
    if quiz is not None and quiz.pass_mark is not None:
        return quiz.pass_mark
    return default
