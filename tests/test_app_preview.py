"""The preview page in AppTest (fast logic checks; the browser journey is in
test_browser_preview.py): reached from the Quiz studio, taken through the trainee's
widgets, and not one row written in SQLite or PostgreSQL."""

from __future__ import annotations

from needlewise.store import open_store

from .builders import (
    add_user,
    answer_through_widgets,
    app_on_broken_course,
    cannot_open,
    make_app,
    row_counts,
    sign_in_as,
    texts,
    write_course,
)

PREVIEWS = "_nw_previews"


def the_preview(at):
    [preview] = at.session_state[PREVIEWS].values()
    return preview


def test_the_studio_links_each_quiz_to_its_preview(monkeypatch, sqlite_url, tmp_path):
    content_dir, quizzes_dir = write_course(tmp_path)
    engine = open_store(sqlite_url)
    instructor = add_user(engine, "ian", roles=("instructor",))
    at = sign_in_as(make_app(monkeypatch, sqlite_url, content_dir, quizzes_dir), instructor)
    at.switch_page("views/studio.py").run()
    assert not at.exception
    links = {
        link.proto.query_string: link.proto.label
        for link in at.get("page_link")
        if link.proto.page.endswith("quiz_preview")
    }
    assert links == {
        f"quiz={quiz_id}": f"Preview as a trainee: Quiz {quiz_id} ({quiz_id})"
        for quiz_id in ("a-quiz", "b-quiz", "final")
    }


def test_a_preview_is_taken_like_an_attempt_and_records_nothing(monkeypatch, store_url, tmp_path):
    content_dir, quizzes_dir = write_course(tmp_path, review="{when: always}")
    engine = open_store(store_url)
    instructor = add_user(engine, "ian", roles=("instructor",))
    at = sign_in_as(make_app(monkeypatch, store_url, content_dir, quizzes_dir), instructor)
    at.query_params["quiz"] = "b-quiz"
    at.switch_page("views/quiz_preview.py").run()
    assert not at.exception
    before = row_counts(engine)
    shown = texts(at)
    assert "Preview: nothing is recorded." in shown and "Pass mark: **50%**" in shown

    at.button(key="start:b-quiz").click().run()
    assert not at.exception
    preview = the_preview(at)
    attempt = preview.open_attempt()
    answer_through_widgets(at, attempt, preview.quiz, wrong={"b-tf"})
    assert not at.exception
    assert set(preview.saved(attempt.id)) == {"b-single"}
    at.button(key=f"submit:{attempt.id}").click().run()
    assert not at.exception
    assert "1 question is not fully answered" in texts(at)
    at.button(key=f"confirm:{attempt.id}").click().run()
    assert not at.exception
    shown = texts(at)
    assert "**Passed**: 50%" in shown
    assert "**Correct answer:** True" in shown and "**Why:** It is." in shown
    assert row_counts(engine) == before

    at.button(key="preview_back_to_quiz").click().run()
    assert not at.exception
    assert "Attempt 1 ·" in "\n".join(str(m.value) for m in at.markdown)
    at.button(key="preview_restart").click().run()
    assert not at.exception
    assert the_preview(at).attempts == []
    assert "Attempt 1 ·" not in "\n".join(str(m.value) for m in at.markdown)
    assert row_counts(engine) == before


def test_restarting_a_preview_on_its_second_page_starts_again_from_the_first(
    monkeypatch, sqlite_url, tmp_path
):
    content_dir, quizzes_dir = write_course(tmp_path, questions_per_page=1)
    engine = open_store(sqlite_url)
    instructor = add_user(engine, "ian", roles=("instructor",))
    at = sign_in_as(make_app(monkeypatch, sqlite_url, content_dir, quizzes_dir), instructor)
    at.query_params["quiz"] = "a-quiz"
    at.switch_page("views/quiz_preview.py").run()
    at.button(key="start:a-quiz").click().run()
    attempt = the_preview(at).open_attempt()
    at.button(key=f"page:{attempt.id}:1").click().run()
    assert at.query_params["page"] == "2"

    at.button(key="preview_restart").click().run()
    assert not at.exception
    assert "page" not in at.query_params
    at.button(key="start:a-quiz").click().run()
    assert "page 1 of 2" in texts(at)


def test_feedback_after_each_question_is_shown_and_locks_the_answer(
    monkeypatch, sqlite_url, tmp_path
):
    content_dir, quizzes_dir = write_course(tmp_path, feedback="after_each")
    engine = open_store(sqlite_url)
    instructor = add_user(engine, "ian", roles=("instructor",))
    at = sign_in_as(make_app(monkeypatch, sqlite_url, content_dir, quizzes_dir), instructor)
    at.query_params["quiz"] = "a-quiz"
    at.switch_page("views/quiz_preview.py").run()
    before = row_counts(engine)
    at.button(key="start:a-quiz").click().run()
    attempt = the_preview(at).open_attempt()
    at.radio(key=f"a{attempt.id}:a-single").set_value(1).run()
    at.button(key=f"a{attempt.id}:a-single:check").click().run()
    assert not at.exception
    shown = texts(at)
    assert "Not correct." in shown and "Not this one." in shown
    assert at.radio(key=f"a{attempt.id}:a-single").disabled
    assert row_counts(engine) == before


def test_the_preview_says_when_there_is_no_such_quiz(monkeypatch, sqlite_url, tmp_path):
    content_dir, quizzes_dir = write_course(tmp_path)
    engine = open_store(sqlite_url)
    admin = add_user(engine, "ada", roles=("admin",))
    at = sign_in_as(make_app(monkeypatch, sqlite_url, content_dir, quizzes_dir), admin)
    at.query_params["quiz"] = "gone"
    at.switch_page("views/quiz_preview.py").run()
    assert not at.exception
    assert "There is no quiz 'gone' to preview" in texts(at)


def test_a_trainee_cannot_open_the_preview(monkeypatch, sqlite_url, tmp_path):
    content_dir, quizzes_dir = write_course(tmp_path)
    engine = open_store(sqlite_url)
    trainee = add_user(engine, "tess")
    at = sign_in_as(make_app(monkeypatch, sqlite_url, content_dir, quizzes_dir), trainee).run()
    assert cannot_open(at, "views/quiz_preview.py")


def test_an_instructor_previews_a_quiz_while_course_yaml_is_broken(monkeypatch, tmp_path):
    at = app_on_broken_course(monkeypatch, tmp_path, ("instructor",)).run()
    links = [link for link in at.get("page_link") if link.proto.page.endswith("quiz_preview")]
    assert links, "the studio still links every loaded quiz to its preview"
    at.query_params["quiz"] = links[0].proto.query_string.removeprefix("quiz=")
    at.switch_page("views/quiz_preview.py").run()
    assert not at.exception
    assert "Preview: nothing is recorded." in texts(at)
    at.button(key=f"start:{at.query_params['quiz']}").click().run()
    assert not at.exception
    assert "answers are saved as you go" in texts(at)
