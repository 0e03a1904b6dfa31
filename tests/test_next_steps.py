"""What to do next: an unfinished attempt comes first, and the weakest objective offered
is one the trainee can study now, with the lesson that teaches it (shipped course)."""

from __future__ import annotations

from needlewise import attempts, progress
from needlewise.next_steps import next_steps
from needlewise.progress import course_status

from .builders import add_user, shipped_content

CONTENT = shipped_content()
FIRST, LAST = CONTENT.course.modules[0], CONTENT.course.modules[-1]


def test_an_attempt_in_progress_is_the_first_step_and_no_retake_is_offered(engine):
    trainee = add_user(engine, "tess")
    for lesson in FIRST.lessons:
        progress.mark_read(engine, trainee.id, lesson)
    loaded = CONTENT.quizzes[FIRST.quiz]
    attempt = attempts.start_or_resume(engine, trainee.id, loaded, 80)
    attempts.submit(engine, attempt.id, trainee.id)  # a first, failed attempt
    attempts.start_or_resume(engine, trainee.id, loaded, 80)
    steps = next_steps(CONTENT, course_status(engine, CONTENT, trainee.id))
    assert steps[0].label.startswith("Continue your attempt at")
    assert steps[0].page == "quiz" and steps[0].query == {"id": FIRST.quiz}
    assert not any(s.label.startswith(("Retake", "Take")) for s in steps)


def test_the_weakest_objective_offered_belongs_to_an_open_module_and_links_its_lesson(engine):
    trainee = add_user(engine, "tess")
    status = course_status(engine, CONTENT, trainee.id)
    assert status.modules[0].unlocked and not status.modules[-1].unlocked
    locked, studied = LAST.objectives[0], FIRST.objectives[-1]
    steps = next_steps(CONTENT, status, {locked.id: 0.0, studied.id: 50.0})
    [revise] = [s for s in steps if "weakest objective" in s.label]
    assert revise.label == f"Work on your weakest objective (50%): {studied.text}"
    assert revise.page == "lesson"
    lesson = CONTENT.lessons[revise.query["id"]]
    assert lesson.id in FIRST.lessons and studied.id in lesson.meta.objectives
    only_locked = next_steps(CONTENT, status, {locked.id: 0.0})
    assert not any("weakest objective" in s.label for s in only_locked)


def test_no_objective_is_offered_as_weakest_once_every_open_one_is_mastered(engine):
    trainee = add_user(engine, "tess")
    status = course_status(engine, CONTENT, trainee.id)
    levels = {o.id: 100.0 for o in FIRST.objectives}

    def offered(mastery, mastered_at):
        steps = next_steps(CONTENT, status, mastery, mastered_at=mastered_at)
        return [s.label for s in steps if "weakest objective" in s.label]

    # "Work on your weakest objective (100%)" was offered with everything at 100%.
    assert offered(levels, 100.0) == []
    weakest = FIRST.objectives[0]
    levels[weakest.id] = 75.0
    assert offered(levels, 70.0) == []
    assert offered(levels, 80.0) == [f"Work on your weakest objective (75%): {weakest.text}"]
