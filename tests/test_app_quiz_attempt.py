"""The open attempt in AppTest: per-question widgets with feedback after each answer, the
summary before submit, and the way back to a question (fast logic checks; the browser
journeys are in test_journeys_trainee.py)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from needlewise import attempts, progress
from needlewise.quiz.scoring import correct_response
from needlewise.quiz_versions import quiz_of
from needlewise.store import open_store

from .builders import add_user, make_app, sign_in_as, texts, write_course


def open_attempt(monkeypatch, sqlite_url, tmp_path, **settings):
    content_dir, quizzes_dir = write_course(tmp_path, **settings)
    engine = open_store(sqlite_url)
    trainee = add_user(engine, "tess")
    progress.mark_read(engine, trainee.id, "a-one")
    at = sign_in_as(make_app(monkeypatch, sqlite_url, content_dir, quizzes_dir), trainee)
    at.query_params["id"] = "a-quiz"
    at.switch_page("views/quiz.py").run()
    at.button(key="start:a-quiz").click().run()
    attempt = attempts.open_attempt(engine, trainee.id, "a-quiz")
    return at, engine, attempt


def test_feedback_after_each_checks_and_locks_one_answer(monkeypatch, sqlite_url, tmp_path):
    at, engine, attempt = open_attempt(monkeypatch, sqlite_url, tmp_path, feedback="after_each")
    quiz = quiz_of(engine, attempt)
    single = quiz.leaf("a-single")
    at.radio(key=f"a{attempt.id}:a-single").set_value(correct_response(single)["choice"]).run()
    assert attempts.saved_responses(engine, attempt.id)["a-single"].response is not None
    at.button(key=f"a{attempt.id}:a-single:check").click().run()
    assert not at.exception
    assert "Correct." in texts(at)
    assert attempts.saved_responses(engine, attempt.id)["a-single"].checked
    assert at.radio(key=f"a{attempt.id}:a-single").disabled


def test_the_summary_lists_what_is_answered_and_nothing_is_submitted_until_confirmed(
    monkeypatch, sqlite_url, tmp_path
):
    at, engine, attempt = open_attempt(monkeypatch, sqlite_url, tmp_path)
    at.radio(key=f"a{attempt.id}:a-tf").set_value(True).run()
    at.button(key=f"submit:{attempt.id}").click().run()
    shown = texts(at)
    assert "Summary of your attempt" in shown
    assert "1 question is not fully answered" in shown
    assert attempts.get(engine, attempt.id).state == "in_progress"
    at.button(key=f"goto:{attempt.id}:a-single").click().run()
    assert "Summary of your attempt" not in texts(at)
    at.radio(key=f"a{attempt.id}:a-single").set_value(0).run()
    at.button(key=f"submit:{attempt.id}").click().run()
    assert "Every question has an answer." in texts(at)
    at.button(key=f"confirm:{attempt.id}").click().run()
    result = attempts.get(engine, attempt.id)
    assert result.state == "submitted" and result.percent == 100
    assert "Passed" in texts(at)


def shown_questions(at, attempt) -> set[str]:
    prefix = f"a{attempt.id}:"
    return {r.key.removeprefix(prefix) for r in at.radio if r.key.startswith(prefix)}


def test_questions_per_page_shows_one_page_and_every_way_back_finds_its_question(
    monkeypatch, sqlite_url, tmp_path
):
    at, engine, attempt = open_attempt(
        monkeypatch, sqlite_url, tmp_path, shuffle="false", questions_per_page=1
    )
    assert shown_questions(at, attempt) == {"a-single"}
    assert "page 1 of 2" in texts(at)
    assert not [b for b in at.button if b.key == f"page:{attempt.id}:-1"]
    at.button(key=f"page:{attempt.id}:1").click().run()
    assert shown_questions(at, attempt) == {"a-tf"}
    assert at.query_params["page"] == "2"
    assert "Question 2" in texts(at) and "Question 1" not in texts(at)
    at.radio(key=f"a{attempt.id}:a-tf").set_value(True).run()
    at.button(key=f"submit:{attempt.id}").click().run()
    assert "1 question is not fully answered" in texts(at)
    at.button(key=f"goto:{attempt.id}:a-single").click().run()
    assert shown_questions(at, attempt) == {"a-single"}
    assert at.query_params["page"] == "1"
    at.radio(key=f"a{attempt.id}:a-single").set_value(0).run()
    at.button(key=f"submit:{attempt.id}").click().run()
    assert "Every question has an answer." in texts(at)
    at.button(key=f"confirm:{attempt.id}").click().run()
    assert attempts.get(engine, attempt.id).state == "submitted"
    assert "page" not in at.query_params


def test_a_page_the_attempt_does_not_have_shows_its_nearest_page(monkeypatch, sqlite_url, tmp_path):
    at, _, attempt = open_attempt(
        monkeypatch, sqlite_url, tmp_path, shuffle="false", questions_per_page=1
    )
    for asked, shown in (("9", "a-tf"), ("0", "a-single"), ("two", "a-single")):
        at.query_params["page"] = asked
        at.run()
        assert not at.exception
        assert shown_questions(at, attempt) == {shown}


def test_an_ordering_question_offers_no_select_all():
    def script():
        from pathlib import Path

        from needlewise.content import load_content
        from needlewise.quiz.schema import OrderingQuestion
        from needlewise.ui.question_view import answer_widget

        content = load_content(Path("content"), Path("quizzes"))
        question = next(
            leaf
            for loaded in content.quizzes.values()
            for _, leaf in loaded.quiz.leaves()
            if isinstance(leaf, OrderingQuestion)
        )
        answer_widget(question, {}, None, "t", lambda *_: None)

    at = AppTest.from_function(script, default_timeout=30).run()
    assert not at.exception
    [ordering] = at.multiselect
    assert ordering.proto.select_all == 0  # never shown
