"""A broken course.yaml is a state the app knows: pages get a stand-in course (never None),
trainees get one page that explains it, teachers land on the Quiz studio with the problem.
Lessons and quizzes naming a module that does not exist are left out, as broken files are."""

from __future__ import annotations

import pytest

from needlewise import clock, gradebook, progress
from needlewise.access import NEEDS_COURSE, pages_for
from needlewise.certification import issuing
from needlewise.content import load_content
from needlewise.settings import read_all
from needlewise.store import open_store

from .builders import (
    add_user,
    app_on_broken_course,
    broken_course,
    make_app,
    registered_pages,
    sign_in_as,
    texts,
    write_course,
)


def test_a_broken_course_file_gives_a_stand_in_course_and_says_it_is_unavailable(tmp_path):
    content = broken_course(tmp_path)
    assert content.course is not None and content.course.modules == []
    assert not content.course_available
    assert any(p.path == "content/course.yaml" for p in content.problems)
    assert set(content.quizzes) == {"a-quiz", "b-quiz", "final"}


def test_course_pages_logic_runs_on_the_stand_in_and_certifies_nobody(engine, tmp_path):
    content = broken_course(tmp_path)
    user = add_user(engine, "tess")
    assert progress.course_status(engine, content, user.id).modules == ()
    done = issuing.trainee_completion(engine, content, user)
    assert not done.complete and "unavailable" in done.missing[0]
    assert issuing.certificate_for(engine, content, user, read_all(engine)) is None
    table = gradebook.overview(engine, content, None, clock.now(), 7, 60).table
    assert list(table["username"]) == ["tess"]


@pytest.mark.parametrize(
    ("roles", "first", "wanted"),
    [
        (("trainee",), "course_unavailable", {"course_unavailable", "account", "verify"}),
        (("instructor",), "studio", None),
        (("admin", "trainee"), "studio", None),
    ],
)
def test_the_navigation_knows_the_course_is_unavailable(roles, first, wanted):
    pages = pages_for("signed_in", roles, course_available=False)
    keys = [page.key for page in pages]
    assert keys[0] == first
    assert not NEEDS_COURSE & set(keys)
    if wanted is not None:
        assert set(keys) == wanted


def test_a_trainee_gets_one_page_that_explains(monkeypatch, tmp_path):
    at = app_on_broken_course(monkeypatch, tmp_path, ("trainee",)).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["The course is unavailable"]
    assert registered_pages(at) == {"course_unavailable.py", "account.py", "verify.py"}


def test_an_instructor_lands_on_the_studio_with_the_problem(monkeypatch, tmp_path):
    at = app_on_broken_course(monkeypatch, tmp_path, ("instructor",)).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Quiz studio"]
    assert "content/course.yaml:" in at.code[0].value
    assert not {"gradebook.py", "signoff.py", "home.py"} & registered_pages(at)


def test_an_admin_can_still_open_settings(monkeypatch, tmp_path):
    at = app_on_broken_course(monkeypatch, tmp_path, ("admin",))
    at.switch_page("views/settings.py").run()
    assert not at.exception


def test_a_lesson_or_quiz_naming_an_unknown_module_is_left_out(monkeypatch, tmp_path):
    write_course(tmp_path)
    lesson = tmp_path / "content" / "lessons" / "b-one.md"
    lesson.write_text(lesson.read_text().replace("module: b", "module: zz"))
    quiz = tmp_path / "quizzes" / "b-quiz.yaml"
    quiz.write_text(quiz.read_text().replace("module: b", "module: zz"))
    content = load_content(tmp_path / "content", tmp_path / "quizzes", base=tmp_path)
    assert "b-one" not in content.lessons and "b-quiz" not in content.quizzes
    assert "quizzes/b-quiz.yaml" in content.broken_quizzes
    url = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(url)
    user = add_user(engine, "tess")
    engine.dispose()
    at = sign_in_as(make_app(monkeypatch, url, tmp_path / "content", tmp_path / "quizzes"), user)
    at.switch_page("views/lesson.py")
    at.query_params["id"] = "b-one"
    at.run()
    assert not at.exception
    assert "There is no lesson 'b-one'." in texts(at)
