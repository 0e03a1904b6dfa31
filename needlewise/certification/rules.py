"""The course's completion rule: what a trainee has done, and what is still missing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..attempts import Attempt
from ..course import Course
from ..logbook.certification import Progress
from ..progress import CourseStatus, QuizStatus
from .signoffs import SignOff


@dataclass(frozen=True)
class CompletionStatus:
    """One trainee against the completion rule: what is missing, and when it was met."""

    missing: tuple[str, ...]
    completed_on: datetime | None

    @property
    def complete(self) -> bool:
        return not self.missing


def _passed_on(quiz: QuizStatus) -> datetime | None:
    """When the quiz was passed: the first passing attempt (or the last, for grades that
    depend on every attempt)."""
    done: list[Attempt] = sorted(
        (a for a in quiz.attempts if a.state == "submitted"), key=lambda a: a.number
    )
    if not quiz.passed or not done:
        return None
    passing = [a for a in done if a.passed]
    return (passing[0] if passing else done[-1]).submitted_at


def completion(
    course: Course,
    status: CourseStatus,
    signed: dict[str, SignOff],
    logbook: Progress | None = None,
) -> CompletionStatus:
    """What is missing; ``logbook`` is the practice-logbook rule when the clinic has it on."""
    missing: list[str] = []
    dates: list[datetime | None] = []
    rule = course.completion
    if rule.module_quizzes:
        for module_status in status.modules:
            quiz = module_status.quiz
            if quiz is None:
                continue
            if quiz.passed:
                dates.append(_passed_on(quiz))
            else:
                missing.append(f"Pass the module quiz for {module_status.module.title}")
    if rule.final_assessment and course.final_assessment:
        final = status.final
        if final is not None and final.passed:
            dates.append(_passed_on(final))
        else:
            missing.append("Pass the final assessment")
    if rule.competencies:
        for competency in course.competencies:
            signoff = signed.get(competency.id)
            if signoff is None:
                missing.append(f"Have '{competency.title}' signed off by an instructor")
            else:
                dates.append(signoff.signed_at)
    if logbook is not None:
        missing += logbook.missing
        dates.append(logbook.met_at)
    found = [d for d in dates if d is not None]
    return CompletionStatus(tuple(missing), max(found) if not missing and found else None)
