"""The foundation path in AppTest: the gate, a lesson, a quiz, and a result that lasts."""

from __future__ import annotations

import shutil

from needlewise import attempts, display, progress
from needlewise.quiz_versions import quiz_of
from needlewise.store import open_store

from .builders import (
    ROOT,
    add_user,
    answer_through_widgets,
    cannot_open,
    make_app,
    registered_pages,
    sign_in_as,
    texts,
)

LESSON = "m1-skin-and-healing"


def test_an_empty_database_offers_only_the_administrator_set_up(monkeypatch, sqlite_url):
    at = make_app(monkeypatch, sqlite_url).run()
    assert [t.value for t in at.title] == ["Set up NeedleWise"]
    assert registered_pages(at) == {"setup.py"}
    assert cannot_open(at, "views/course.py")
    assert cannot_open(at, "views/sign_in.py")


def test_a_signed_out_visitor_sees_only_the_sign_in(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    add_user(engine, "tess")
    at = make_app(monkeypatch, sqlite_url).run()
    assert [t.label for t in at.text_input] == ["Username", "Password"]
    assert registered_pages(at) == {"sign_in.py", "register.py", "verify.py"}
    for page in ("views/course.py", "views/quiz.py", "views/people.py", "views/lesson.py"):
        assert cannot_open(at, page), page


def test_a_trainee_reads_takes_the_quiz_and_the_result_lasts(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    trainee = add_user(engine, "tess", name="Tess Trainee")
    at = sign_in_as(make_app(monkeypatch, sqlite_url), trainee)
    at.query_params["id"] = LESSON
    at.switch_page("views/lesson.py").run()
    assert not at.exception
    assert at.title[0].value == load_shipped().lessons[LESSON].meta.title
    assert "References" in [h.value for h in at.header]
    at.button(key="mark_read").click().run()
    assert "You marked this lesson as read" in texts(at)

    at.query_params["id"] = "m1-history"
    at.switch_page("views/lesson.py").run()
    at.button(key="mark_read").click().run()

    at.query_params["id"] = "m1-quiz"
    at.switch_page("views/quiz.py").run()
    at.button(key="start:m1-quiz").click().run()
    attempt = attempts.open_attempt(engine, trainee.id, "m1-quiz")
    assert attempt is not None
    quiz = quiz_of(engine, attempt)
    first = attempt.layout[0]
    missed = first["parts"][0]["id"] if "parts" in first else first["id"]
    answer_through_widgets(at, attempt, quiz, wrong={missed})
    assert not at.exception
    at.button(key=f"submit:{attempt.id}").click().run()
    assert "Summary of your attempt" in texts(at)
    assert attempts.get(engine, attempt.id).state == "in_progress"
    at.button(key=f"confirm:{attempt.id}").click().run()
    shown = texts(at)
    assert "Passed" in shown
    assert "Correct answer:" in shown and "Why:" in shown

    result = attempts.get(engine, attempt.id)
    assert result.state == "submitted"
    expected = 100 * (result.max_points - quiz.leaf(missed).points) / result.max_points
    assert round(result.percent, 6) == round(expected, 6)

    # A new session on the same database file, as after a server restart.
    fresh = sign_in_as(make_app(monkeypatch, sqlite_url), trainee)
    fresh.query_params["id"] = "m1-quiz"
    fresh.switch_page("views/quiz.py").run()
    assert f"Your grade: **{display.percent(result.percent)}** (passed)" in texts(fresh)
    fresh.switch_page("views/course.py").run()
    assert not fresh.exception
    status = progress.course_status(engine, load_shipped(), trainee.id)
    assert set(status.read) == {LESSON, "m1-history"}
    assert status.module("m1").complete


def load_shipped():
    from needlewise.content import load_content

    return load_content(ROOT / "content", ROOT / "quizzes", base=ROOT)


def test_a_module_quiz_stays_closed_until_its_lessons_are_read(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    trainee = add_user(engine, "tess")
    at = sign_in_as(make_app(monkeypatch, sqlite_url), trainee)
    at.query_params["id"] = "m1-quiz"
    at.switch_page("views/quiz.py").run()
    assert "Read all of this module's lessons first." in texts(at)
    assert not [b for b in at.button if b.key == "start:m1-quiz"]


def test_the_app_still_starts_when_one_quiz_file_is_broken(monkeypatch, sqlite_url, tmp_path):
    content = tmp_path / "content"
    quizzes = tmp_path / "quizzes"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(ROOT / "quizzes", quizzes)
    (quizzes / "m2-quiz.yaml").write_text("id: m2-quiz\ntitle: [broken\n")
    engine = open_store(sqlite_url)
    trainee = add_user(engine, "tess")
    at = sign_in_as(make_app(monkeypatch, sqlite_url, content, quizzes), trainee)
    at.switch_page("views/course.py").run()
    assert not at.exception
    assert "Module 1: Skin and collagen induction" in [e.label for e in at.expander]
    at.query_params["id"] = LESSON
    at.switch_page("views/lesson.py").run()
    assert not at.exception and at.title


def test_an_unknown_lesson_or_quiz_gets_a_message(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    trainee = add_user(engine, "tess")
    at = sign_in_as(make_app(monkeypatch, sqlite_url), trainee)
    at.query_params["id"] = "no-such-lesson"
    at.switch_page("views/lesson.py").run()
    assert "There is no lesson 'no-such-lesson'." in texts(at)
    at.query_params["id"] = "no-such-quiz"
    at.switch_page("views/quiz.py").run()
    assert "There is no quiz 'no-such-quiz'." in texts(at)
