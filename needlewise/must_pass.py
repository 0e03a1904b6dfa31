"""What a quiz's must-pass section means to the people who read a result, in words.

The rule itself lives in ``grading`` (``attempt_passed``, ``quiz_passed``); these say it.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import display, grading
from .attempt_rules import Attempt
from .progress import QuizStatus
from .quiz.schema import MustPass


def rule(must_pass: MustPass) -> str:
    """The section's pass rule, as the quiz's facts give it."""
    return (
        f"{must_pass.title}: at least **{display.percent(must_pass.pass_mark)}** of their "
        "points too, in the same attempt"
    )


def quiz_verdict(status: QuizStatus) -> str:
    """Whether the trainee passed the quiz, beside their grade; with a must-pass section,
    why a grade at the pass mark has not passed."""
    if status.passed:
        return "passed"
    # "Not yet" only while an attempt may still change it: none left, or a first attempt
    # handed in under grading by the first, is final.
    final = (status.attempts_left == 0 and status.in_progress is None) or (
        status.method == "first" and status.submitted > 0
    )
    verdict = "not passed" if final else "not yet passed"
    reached = status.grade is not None and grading.passed(status.grade, status.pass_mark)
    if status.must_pass is not None and reached:
        which = {
            "highest": "no single attempt reached",
            "latest": "your latest attempt, the one that counts, did not reach",
            "first": "your first attempt, the one that counts, did not reach",
        }[status.method]
        return (
            f"{verdict}: {which} both the "
            f"{display.percent(status.pass_mark)} pass mark and at least "
            f"{display.percent(status.must_pass.pass_mark)} on {_inline(status.must_pass.title)}"
        )
    return verdict


def attempt_outcome(attempt: Attempt, must_pass: MustPass | None) -> str:
    """An attempt's outcome in a list of attempts: "passed", "not passed", or why not."""
    if attempt.passed:
        return "passed"
    if not section_failed(attempt, must_pass):
        return "not passed"
    assert must_pass is not None
    section = (
        f"{_inline(must_pass.title)} {display.percent(attempt.section_percent)}, "
        f"{display.percent(must_pass.pass_mark)} needed"
    )
    if grading.passed(attempt.percent or 0.0, attempt.pass_mark):
        return f"not passed: {section}"
    return f"not passed: below the pass mark, and {section}"


def section_line(
    attempt: Attempt, must_pass: MustPass | None, attempts_left: int | None = None
) -> str | None:
    """The attempt's result on the section, under its overall result; None without one.
    ``attempts_left`` (None: unlimited) says whether there is a next attempt to revise for."""
    if must_pass is None or attempt.section_percent is None:
        return None
    needed = display.percent(must_pass.pass_mark)
    earned = display.percent(attempt.section_percent)
    if section_failed(attempt, must_pass):
        return (
            f"{must_pass.title}: {earned}, below the {needed} every attempt needs on them "
            "whatever its overall mark, so this attempt does not pass."
            + (
                " Revise their topics, listed below, before your next attempt."
                if attempts_left != 0
                else ""
            )
            + " My progress shows your mastery of each objective from your latest attempt at "
            "each quiz; it is not a breakdown of this attempt."
        )
    return f"{must_pass.title}: {earned} (at least {needed} needed)."


def topics(must_pass: MustPass, objectives: Mapping[str, str]) -> list[str]:
    """The section's learning objectives as the course words them (``objectives``: id to
    text), in the section's order."""
    return [objectives.get(objective, objective) for objective in must_pass.objectives]


def _inline(title: str) -> str:
    """A section's title inside a sentence: "Safety questions" reads "safety questions"."""
    return title[:1].lower() + title[1:] if title[1:2].islower() else title


def section_failed(attempt: Attempt, must_pass: MustPass | None) -> bool:
    """The attempt was judged on the section and fell short of it."""
    return (
        must_pass is not None
        and attempt.section_percent is not None
        and not grading.passed(attempt.section_percent, must_pass.pass_mark)
    )
