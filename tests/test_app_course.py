"""The Course page opens the trainee's current module and marks a quiz with an attempt
in progress (AppTest, shipped course; the browser journeys open it through sign-in)."""

from __future__ import annotations

from needlewise import attempts, progress
from needlewise.store import open_store

from .builders import add_user, make_app, pass_quiz, shipped_content, sign_in_as

CONTENT = shipped_content()
FIRST, SECOND = CONTENT.course.modules[:2]


def test_the_current_module_is_open_and_an_unfinished_attempt_is_marked(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    trainee = add_user(engine, "tess")
    for lesson in FIRST.lessons + SECOND.lessons:
        progress.mark_read(engine, trainee.id, lesson)
    pass_quiz(engine, trainee, CONTENT.quizzes[FIRST.quiz])
    attempts.start_or_resume(engine, trainee.id, CONTENT.quizzes[SECOND.quiz], 80)
    at = sign_in_as(make_app(monkeypatch, sqlite_url), trainee)
    at.switch_page("views/course.py").run()
    assert not at.exception
    opened = [e.label for e in at.expander if e.proto.expanded]
    assert opened == [f"Module 2: {SECOND.title}"]
    links = [link.proto.label for link in at.get("page_link")]
    assert any(label.endswith("· attempt in progress") for label in links), links
    engine.dispose()
