"""Suggestions for what a trainee should do next, from their course status."""

from __future__ import annotations

from dataclasses import dataclass, field

from .content import Content
from .display import percent, plural, the_quiz
from .mastery import weakest
from .progress import CourseStatus, ModuleStatus, QuizStatus


@dataclass(frozen=True)
class Step:
    label: str
    page: str  # a page key (needlewise.access)
    icon: str
    query: dict[str, str] = field(default_factory=dict)


def next_steps(
    content: Content,
    status: CourseStatus,
    mastery: dict[str, float] | None = None,
    due_reviews: int = 0,
    mastered_at: float = 100.0,
) -> list[Step]:
    """At most one of each: an attempt to finish, else an unread lesson and a quiz to take
    or retake; the weakest objective (``mastery`` in percent by objective) that the trainee
    can study now, if it is below ``mastered_at`` (the clinic's mastery threshold); and the
    day's review cards."""
    steps: list[Step] = []
    quizzes = [m.quiz for m in status.modules if m.quiz] + ([status.final] if status.final else [])
    unfinished = next((quiz for quiz in quizzes if quiz.in_progress is not None), None)
    if unfinished is not None:
        steps.append(_finish_step(unfinished))
    else:
        for module_status in status.modules:
            if module_status.unlocked:
                lesson = _first_unread(content, status, module_status)
                if lesson is not None:
                    steps.append(lesson)
                    break
        for quiz in quizzes:
            if quiz.open and not quiz.passed and quiz.attempts_left != 0:
                verb = "Retake" if quiz.submitted else "Take"
                steps.append(
                    Step(
                        f"{verb} {the_quiz(quiz.title)}",
                        "quiz",
                        ":material/quiz:",
                        {"id": quiz.quiz_id},
                    )
                )
                break
    if mastery and content.course_available:
        revise = _weakest_step(content, status, mastery, mastered_at)
        if revise is not None:
            steps.append(revise)
    if due_reviews:
        steps.append(
            Step(
                f"Review {plural(due_reviews, 'question')} due today",
                "review",
                ":material/event_repeat:",
            )
        )
    if not steps:
        steps.append(Step("Browse the course", "course", ":material/menu_book:"))
    return steps


def _finish_step(quiz: QuizStatus) -> Step:
    return Step(
        f"Continue your attempt at {the_quiz(quiz.title)}",
        "quiz",
        ":material/play_arrow:",
        {"id": quiz.quiz_id},
    )


def _weakest_step(
    content: Content, status: CourseStatus, mastery: dict[str, float], mastered_at: float
) -> Step | None:
    """The weakest objective among the modules open to the trainee (a question can touch
    an objective of a later, locked module), with the first lesson that teaches it."""
    studied = {
        objective.id: objective
        for module_status in status.modules
        if module_status.unlocked
        for objective in module_status.module.objectives
    }
    found = weakest({o: level for o, level in mastery.items() if o in studied})
    if found is None or found[1] >= mastered_at:
        return None
    objective_id, level = found
    label = f"Work on your weakest objective ({percent(level)}): {studied[objective_id].text}"
    icon = ":material/trending_up:"
    for module_status in status.modules:
        for lesson_id in module_status.module.lessons:
            lesson = content.lessons.get(lesson_id)
            if lesson is not None and objective_id in lesson.meta.objectives:
                return Step(label, "lesson", icon, {"id": lesson_id})
    return Step(label, "progress", icon)


def unlock_step(content: Content, status: CourseStatus, quiz_id: str) -> Step | None:
    """Where to go to open a locked quiz: the first quiz that must be passed before it,
    else the first lesson of its module not yet read."""
    if status.final is not None and status.final.quiz_id == quiz_id:
        waiting = [m.quiz for m in status.modules if m.quiz and not m.quiz.passed]
        return _quiz_step(waiting[0].quiz_id, waiting[0].title) if waiting else None
    for module_status in status.modules:
        module = module_status.module
        if quiz_id == module.quiz or quiz_id in content.practice.get(module.id, []):
            return _module_step(content, status, module_status, quiz_id == module.quiz)
    return None


def _module_step(
    content: Content, status: CourseStatus, module_status: ModuleStatus, needs_lessons: bool
) -> Step | None:
    for prerequisite in module_status.module.prerequisites:
        quiz = status.module(prerequisite).quiz
        if quiz is not None and not quiz.passed:
            return _quiz_step(quiz.quiz_id, quiz.title)
    return _first_unread(content, status, module_status) if needs_lessons else None


def _first_unread(
    content: Content, status: CourseStatus, module_status: ModuleStatus
) -> Step | None:
    """The module's first lesson not yet read, if there is one and it loaded."""
    unread = [i for i in module_status.module.lessons if i not in status.read]
    if unread and unread[0] in content.lessons:
        lesson = content.lessons[unread[0]]
        return Step(f"Read: {lesson.meta.title}", "lesson", ":material/article:", {"id": lesson.id})
    return None


def _quiz_step(quiz_id: str, title: str) -> Step:
    return Step(f"Go to {the_quiz(title)}", "quiz", ":material/quiz:", {"id": quiz_id})
