"""Where a trainee stands: lessons read, quizzes open or passed, modules complete."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, select

from . import attempts as attempts_module
from . import clock, grading, pass_marks
from .attempts import Attempt
from .content import Content
from .course import Module
from .quiz.schema import MustPass
from .store.engine import reading, transaction
from .store.schema import lesson_progress
from .store.upsert import upsert


def mark_read(engine: Engine, user_id: int, lesson_id: str, now: datetime | None = None) -> None:
    """Record a lesson as read; marking it again keeps the first date."""
    with transaction(engine) as connection:
        upsert(
            connection,
            lesson_progress,
            {"user_id": user_id, "lesson_id": lesson_id, "completed_at": now or clock.now()},
            keys=["user_id", "lesson_id"],
        )


def read_lessons(source: Engine | Connection, user_id: int) -> dict[str, datetime]:
    with reading(source) as connection:
        rows = connection.execute(
            select(lesson_progress.c.lesson_id, lesson_progress.c.completed_at).where(
                lesson_progress.c.user_id == user_id
            )
        ).all()
    return dict(rows)


@dataclass(frozen=True)
class QuizStatus:
    quiz_id: str
    title: str
    attempts: tuple[Attempt, ...]
    grade: float | None
    pass_mark: float
    limit: int | None
    open: bool
    locked_reason: str | None
    method: str = "highest"
    # A section each attempt must pass as well (``Quiz.must_pass``).
    must_pass: MustPass | None = None

    @property
    def passed(self) -> bool:
        if self.must_pass is None:
            return self.grade is not None and grading.passed(self.grade, self.pass_mark)
        return grading.quiz_passed(
            self.attempts, self.method, self.pass_mark, self.must_pass.pass_mark
        )

    @property
    def submitted(self) -> int:
        return sum(1 for a in self.attempts if a.state == "submitted")

    @property
    def in_progress(self) -> Attempt | None:
        return next((a for a in self.attempts if a.is_open), None)

    @property
    def attempts_left(self) -> int | None:
        if self.limit is None:
            return None
        return max(0, self.limit - len(self.attempts) + (1 if self.in_progress else 0))


@dataclass(frozen=True)
class ModuleStatus:
    module: Module
    lessons_read: tuple[str, ...]
    unlocked: bool
    locked_reason: str | None
    quiz: QuizStatus | None
    # Extra practice quizzes placed in the module; they never count towards completion.
    practice: tuple[QuizStatus, ...] = ()

    @property
    def lessons_done(self) -> bool:
        return len(self.lessons_read) == len(self.module.lessons)

    @property
    def complete(self) -> bool:
        return self.lessons_done and (self.quiz is None or self.quiz.passed)


@dataclass(frozen=True)
class CourseStatus:
    modules: tuple[ModuleStatus, ...]
    final: QuizStatus | None
    read: dict[str, datetime]

    def module(self, module_id: str) -> ModuleStatus:
        return next(m for m in self.modules if m.module.id == module_id)

    @property
    def current_module(self) -> str | None:
        """The module the trainee is working on: the first open one not yet complete."""
        return next((m.module.id for m in self.modules if m.unlocked and not m.complete), None)

    def quiz(self, quiz_id: str) -> QuizStatus | None:
        for status in self.modules:
            if status.quiz and status.quiz.quiz_id == quiz_id:
                return status.quiz
            for extra in status.practice:
                if extra.quiz_id == quiz_id:
                    return extra
        if self.final and self.final.quiz_id == quiz_id:
            return self.final
        return None


def _passed(status: ModuleStatus) -> bool:
    return status.quiz is None or status.quiz.passed


def course_status(
    engine: Engine, content: Content, user_id: int, all_attempts: list[Attempt] | None = None
) -> CourseStatus:
    """The trainee's position in the course, computed from three queries."""
    course = content.course
    if not content.course_available:
        return CourseStatus(modules=(), final=None, read={})
    with engine.connect() as connection:
        read = read_lessons(connection, user_id)
        adopted = pass_marks.current_pass_marks(connection)
    if all_attempts is None:
        # Not through that connection: an attempt whose time ran out is handed in here.
        all_attempts = attempts_module.for_user(engine, user_id)
    by_quiz: dict[str, list[Attempt]] = {}
    for attempt in all_attempts:
        by_quiz.setdefault(attempt.quiz_id, []).append(attempt)

    def quiz_status(quiz_id: str, is_open: bool, reason: str | None) -> QuizStatus:
        loaded = content.quizzes.get(quiz_id)
        mine = tuple(by_quiz.get(quiz_id, []))
        if loaded is None:
            return QuizStatus(
                quiz_id,
                quiz_id,
                mine,
                None,
                grading.pass_mark(None, course.default_pass_mark, adopted.get(quiz_id)),
                None,
                False,
                "This quiz file has a problem; your instructor has been shown what to fix.",
            )
        quiz = loaded.quiz
        return QuizStatus(
            quiz_id=quiz_id,
            title=quiz.title,
            attempts=mine,
            grade=grading.grade_attempts(mine, quiz.grading),
            pass_mark=grading.pass_mark(quiz, course.default_pass_mark, adopted.get(quiz_id)),
            limit=quiz.attempt_limit,
            open=is_open,
            locked_reason=None if is_open else reason,
            method=quiz.grading,
            must_pass=quiz.must_pass,
        )

    statuses: dict[str, ModuleStatus] = {}
    for module in course.modules:
        # course.yaml guarantees prerequisites come earlier in the list.
        waiting = [p for p in module.prerequisites if not _passed(statuses[p])]
        unlocked = not waiting
        reason = None
        if not unlocked:
            titles = [f"'{course.module(p).title}'" for p in waiting]
            listed = (
                titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]
            )
            quizzes = "quiz" if len(titles) == 1 else "quizzes"
            reason = f"Pass the module {quizzes} for {listed} first."
        lessons_read = tuple(lesson for lesson in module.lessons if lesson in read)
        quiz = None
        if module.quiz:
            quiz_open = unlocked and len(lessons_read) == len(module.lessons)
            quiz_reason = reason or "Read all of this module's lessons first."
            quiz = quiz_status(module.quiz, quiz_open, quiz_reason)
        # Practice opens with the module: its prerequisites apply, its lessons need not be read.
        practice = tuple(
            quiz_status(quiz_id, unlocked, reason)
            for quiz_id in content.practice.get(module.id, [])
        )
        statuses[module.id] = ModuleStatus(module, lessons_read, unlocked, reason, quiz, practice)
    modules = tuple(statuses[m.id] for m in course.modules)
    final = None
    if course.final_assessment:
        all_passed = all(m.quiz is None or m.quiz.passed for m in modules)
        final = quiz_status(course.final_assessment, all_passed, "Pass every module quiz first.")
    return CourseStatus(modules=modules, final=final, read=read)
