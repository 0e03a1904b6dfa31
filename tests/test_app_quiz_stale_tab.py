"""A quiz page left open on an attempt that was handed in elsewhere, in AppTest (each
AppTest is one tab; the other tab acts through ``attempts``): the cases the browser test
does not reach, on both databases. The controls themselves are in
test_browser_quiz_stale_tab.py."""

from __future__ import annotations

from datetime import timedelta

from needlewise import attempts, clock, progress
from needlewise.store import open_store
from needlewise.ui.quiz_view import HANDED_IN, TIME_RAN_OUT

from .builders import add_user, make_app, reload_course, sign_in_as, texts, write_course


def quiz_tab(monkeypatch, store_url, tmp_path, **settings):
    """Tess's tab on a quiz of two questions, one a page, with her attempt open on it."""
    content_dir, quizzes_dir = write_course(
        tmp_path, shuffle="false", questions_per_page=1, **settings
    )
    engine = open_store(store_url)
    tess = add_user(engine, "tess")
    progress.mark_read(engine, tess.id, "a-one")
    tab = sign_in_as(make_app(monkeypatch, store_url, content_dir, quizzes_dir), tess)
    tab.query_params["id"] = "a-quiz"
    tab.switch_page("views/quiz.py").run()
    tab.button(key="start:a-quiz").click().run()
    attempt = attempts.open_attempt(engine, tess.id, "a-quiz")
    assert tab.query_params["attempt"] == str(attempt.id)
    return tab, engine, attempt, reload_course(tmp_path).quizzes["a-quiz"]


def test_after_a_new_attempt_was_started_elsewhere_a_stale_click_shows_the_old_result(
    monkeypatch, store_url, tmp_path
):
    tab, engine, first, loaded = quiz_tab(monkeypatch, store_url, tmp_path)
    attempts.submit(engine, first.id, first.user_id)  # the other tab hands it in
    second = attempts.start_or_resume(engine, first.user_id, loaded, 80)  # and starts again
    tab.button(key=f"page:{first.id}:1").click().run()
    shown = texts(tab)
    assert HANDED_IN in shown
    assert "Not passed" in shown and "Summary of your attempt" not in shown
    assert f"Attempt {second.number}" not in shown
    assert "page" not in tab.query_params and "attempt" not in tab.query_params
    assert attempts.get(engine, second.id).is_open
    assert attempts.saved_responses(engine, second.id) == {}

    # The way back opens the attempt started elsewhere, as the quiz page always does.
    tab.button(key="back_to_quiz").click().run()
    assert f"Attempt {second.number} · page 1 of 2" in texts(tab)
    assert HANDED_IN not in texts(tab)
    assert tab.query_params["attempt"] == str(second.id)
    assert [a.id for a in attempts.for_user(engine, first.user_id)] == [first.id, second.id]


def test_a_timed_attempt_handed_in_at_its_deadline_elsewhere_says_time_ran_out(
    monkeypatch, store_url, tmp_path
):
    tab, engine, attempt, _ = quiz_tab(monkeypatch, store_url, tmp_path, time_limit_minutes=1)
    tab.radio(key=f"a{attempt.id}:a-single").set_value(0).run()
    clock.advance(timedelta(minutes=3))
    handed_in = attempts.finalise_all_overdue(engine)  # as the Gradebook does on opening
    assert [a.id for a in handed_in] == [attempt.id] and handed_in[0].timed_out
    tab.button(key=f"page:{attempt.id}:1").click().run()
    shown = texts(tab)
    assert TIME_RAN_OUT in shown and HANDED_IN not in shown
    assert "Time ran out on this attempt" in shown
    assert [a.id for a in attempts.for_user(engine, attempt.user_id)] == [attempt.id]


def test_an_address_naming_someone_elses_attempt_shows_nothing_of_it(
    monkeypatch, store_url, tmp_path
):
    _, engine, attempt, _ = quiz_tab(monkeypatch, store_url, tmp_path)
    attempts.submit(engine, attempt.id, attempt.user_id)
    ruth = add_user(engine, "ruth")
    progress.mark_read(engine, ruth.id, "a-one")
    other = sign_in_as(make_app(monkeypatch, store_url), ruth)
    other.query_params["id"] = "a-quiz"
    other.query_params["attempt"] = str(attempt.id)
    other.switch_page("views/quiz.py").run()
    shown = texts(other)
    assert HANDED_IN not in shown and "Not passed" not in shown
    assert "Attempts: **0** used" in shown
    assert [b.label for b in other.button if b.key == "start:a-quiz"] == ["Start an attempt"]
    assert attempts.for_user(engine, ruth.id) == []
