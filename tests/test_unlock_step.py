"""A locked quiz points to what opens it: the quiz to pass first, else the next lesson."""

from __future__ import annotations

import random

from needlewise import access, progress
from needlewise.next_steps import unlock_step
from needlewise.progress import course_status

from .builders import add_user, load_test_course, take


def test_each_locked_quiz_points_to_the_next_thing_that_opens_it(engine, tmp_path):
    content = load_test_course(tmp_path)
    tess = add_user(engine, "tess")

    def steps() -> dict[str, tuple[str, str, dict[str, str]] | None]:
        status = course_status(engine, content, tess.id)
        found = {}
        for quiz_id in ("a-quiz", "b-quiz", "final"):
            step = unlock_step(content, status, quiz_id)
            found[quiz_id] = None if step is None else (step.label, step.page, step.query)
            if step is not None:
                assert access.page_path(step.page)
        return found

    read_a = ("Read: Lesson a-one", "lesson", {"id": "a-one"})
    pass_a = ("Go to the quiz a-quiz", "quiz", {"id": "a-quiz"})
    # Module B's quiz waits for module A's before its own lessons.
    assert steps() == {"a-quiz": read_a, "b-quiz": pass_a, "final": pass_a}
    progress.mark_read(engine, tess.id, "a-one")
    assert steps() == {"a-quiz": None, "b-quiz": pass_a, "final": pass_a}
    take(engine, content, tess, "a-quiz", 1.0, random.Random(1))
    read_b = ("Read: Lesson b-one", "lesson", {"id": "b-one"})
    pass_b = ("Go to the quiz b-quiz", "quiz", {"id": "b-quiz"})
    assert steps() == {"a-quiz": None, "b-quiz": read_b, "final": pass_b}
    progress.mark_read(engine, tess.id, "b-one")
    take(engine, content, tess, "b-quiz", 1.0, random.Random(2))
    assert steps() == {"a-quiz": None, "b-quiz": None, "final": None}
    assert course_status(engine, content, tess.id).final.open


def test_a_quiz_outside_the_course_has_no_step(engine, tmp_path):
    content = load_test_course(tmp_path)
    tess = add_user(engine, "tess")
    assert unlock_step(content, course_status(engine, content, tess.id), "nowhere") is None
