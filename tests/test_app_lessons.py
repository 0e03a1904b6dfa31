"""Every lesson page renders, with its callouts, figures and references."""

from __future__ import annotations

import pytest

from needlewise import progress
from needlewise.store import open_store

from .builders import add_user, make_app, shipped_content, sign_in_as, texts

CONTENT = shipped_content()
COURSE = CONTENT.course


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    path = tmp_path_factory.mktemp("lessons") / "nw.db"
    url = f"sqlite:///{path}"
    engine = open_store(url)
    trainee = add_user(engine, "tess")
    progress.mark_read(engine, trainee.id, COURSE.lesson_order[0])
    # Instructors read every lesson without the trainee's module locks.
    instructor = add_user(engine, "ian", roles=("instructor",))
    engine.dispose()
    return url, trainee, instructor


@pytest.mark.parametrize("lesson_id", COURSE.lesson_order)
def test_each_lesson_renders(monkeypatch, database, lesson_id):
    url, _, instructor = database
    at = sign_in_as(make_app(monkeypatch, url), instructor)
    at.query_params["id"] = lesson_id
    at.switch_page("views/lesson.py").run()
    assert not at.exception
    lesson = CONTENT.lessons[lesson_id]
    assert at.title[0].value == lesson.meta.title
    shown = texts(at)
    assert "References" in shown
    assert "[@" not in shown, "citations must be rendered, not left raw"
    if any(b.callout == "LIMIT" for b in lesson.blocks):
        assert "Your clinic's practice limit: 0.5 mm" in shown
    assert len(at.get("image")) >= len(lesson.figures)


def test_a_locked_module_is_not_readable_by_a_trainee(monkeypatch, database):
    url, trainee, _ = database
    at = sign_in_as(make_app(monkeypatch, url), trainee)
    at.query_params["id"] = COURSE.modules[3].lessons[0]
    at.switch_page("views/lesson.py").run()
    assert "Pass the module quizzes for" in texts(at)


def test_the_module_s_last_lesson_links_its_quiz_only_once_the_quiz_is_open(
    monkeypatch, sqlite_url
):
    module = COURSE.modules[0]
    engine = open_store(sqlite_url)
    trainee = add_user(engine, "rita")
    at = sign_in_as(make_app(monkeypatch, sqlite_url), trainee)
    at.query_params["id"] = module.lessons[-1]
    at.switch_page("views/lesson.py").run()
    assert not at.exception
    links = [link.proto.label for link in at.get("page_link")]
    assert "Take the module quiz" not in links
    assert "Take the module quiz (locked)" in texts(at)
    for lesson in module.lessons:
        progress.mark_read(engine, trainee.id, lesson)
    at.run()
    assert "Take the module quiz" in [link.proto.label for link in at.get("page_link")]
    engine.dispose()
