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
from sqlalchemy import ColumnElement, and_, case, func, or_

if TYPE_CHECKING:
    from .attempt_rules import Attempt
    from .quiz.schema import Quiz

# Far below any mark a person can see (grades are shown to one decimal place).
TOLERANCE = 1e-9

METHODS = ("highest", "latest", "first", "average")


def passed(percent: float, pass_mark: float) -> bool:
    """A percent reaches the pass mark (within rounding)."""
    return percent + TOLERANCE >= pass_mark


def attempt_passed(
    percent: float,
    pass_mark: float,
    section_percent: float | None = None,
    section_mark: float | None = None,
) -> bool:
    """An attempt passes: its percent reaches the pass mark and, on a quiz with a must-pass
    section, its percent on the section's questions reaches the section's pass mark. An
    attempt that showed none of the section's questions, or was started on a version of the
    quiz without the section, is judged on its percent alone."""
    if not passed(percent, pass_mark):
        return False
    return section_mark is None or section_percent is None or passed(section_percent, section_mark)


def quiz_passed(
    attempt_list: Iterable[Attempt],
    method: str,
    pass_mark: float,
    section_mark: float | None = None,
) -> bool:
    """One trainee has passed the quiz. Without a must-pass section: the grade reaches the
    pass mark. With one: an attempt the method counts (any, for the highest; the latest;
    the first) reached both pass marks in the same attempt, so a good section in one attempt
    never makes up for a weak one in another."""
    if section_mark is None:
        found = grade_attempts(attempt_list, method)
        return found is not None and passed(found, pass_mark)
    counted = sorted(
        (a for a in attempt_list if a.state == "submitted" and a.percent is not None),
        key=lambda a: a.number,
    )
    if method == "latest":
        counted = counted[-1:]
    elif method == "first":
        counted = counted[:1]
    elif method != "highest":
        raise ValueError(f"a must-pass section cannot be judged by the {method} grade")
    return any(
        attempt_passed(a.percent or 0.0, pass_mark, a.section_percent, section_mark)
        for a in counted
    )


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


def quiz_passed_sql(
    method: str,
    percent: ColumnElement,
    section_percent: ColumnElement,
    of_quiz: ColumnElement,
    marks: tuple[float, float],
    first: Callable[[], ColumnElement],
    last: Callable[[], ColumnElement],
) -> ColumnElement:
    """``quiz_passed`` for a quiz with a must-pass section, as a SQL aggregate over a
    trainee's submitted attempts (1 passed, 0 not); ``marks`` are the pass mark and the
    section's, and the other arguments are ``grade_sql``'s."""
    pass_mark, section_mark = marks
    reached = and_(
        percent + TOLERANCE >= pass_mark,
        or_(section_percent.is_(None), section_percent + TOLERANCE >= section_mark),
    )
    if method == "highest":
        counted = of_quiz
    elif method == "latest":
        counted = and_(of_quiz, last())
    elif method == "first":
        counted = and_(of_quiz, first())
    else:
        raise ValueError(f"a must-pass section cannot be judged by the {method} grade")
    return func.max(case((and_(counted, reached), 1), else_=0))


def pass_mark(quiz: Quiz | None, default: float, adopted: float | None = None) -> float:
    """A quiz's pass mark: adopted by standard setting, else the quiz's own, else the
    course default (also for a quiz whose file cannot be read)."""
    if adopted is not None:
        return adopted
    if quiz is not None and quiz.pass_mark is not None:
        return quiz.pass_mark
    return default
