"""Instructor and trainee analysis pages in AppTest, on a demo cohort."""

from __future__ import annotations

import pytest

from needlewise import accounts, demo
from needlewise.store import open_store

from .builders import add_user, make_app, open_tab, shipped_content, sign_in_as, texts

CONTENT = shipped_content()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'nw.db'}"
    engine = open_store(url)
    summary = demo.fill(engine, CONTENT, learners=14, seed=3).summary()
    assert "Added 14 demo learners" in summary
    instructor = accounts.get(engine, "demo-instructor")
    yield url, engine, instructor
    engine.dispose()


def test_the_cohort_page_shows_the_gradebook_funnel_and_exports(monkeypatch, demo_db):
    url, _, instructor = demo_db
    at = sign_in_as(make_app(monkeypatch, url), instructor).run()
    at.switch_page("views/gradebook.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 14
    assert {"Username", "Name", "Flags"} <= set(table.columns)
    assert "Completion funnel" not in texts(at)  # only the open tab runs
    assert at.get("download_button") == []  # exports are made only when asked for
    at.button(key="gradebook_prepare").click().run()
    assert [b.label for b in at.get("download_button")] == ["Gradebook (CSV)", "Gradebook (Excel)"]
    at.selectbox(key="cohort_filter").select_index(1).run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 7
    open_tab(at, "gradebook_tab", "Charts")
    assert f"Every trainee of {at.selectbox(key='cohort_filter').value.name}, whatever" in texts(at)
    assert "Completion funnel" in texts(at)
    assert "Score distribution" in texts(at)
    assert at.dataframe == []  # the table's tab is closed: nothing of it is drawn
    assert at.selectbox(key="cohort_filter").value.name  # the group stays chosen


def test_the_item_analysis_page_reports_statistics_and_flags(monkeypatch, demo_db):
    url, _, instructor = demo_db
    at = sign_in_as(make_app(monkeypatch, url), instructor)
    at.switch_page("views/item_analysis.py").run()
    assert not at.exception
    assert "The test (" in texts(at)
    assert "| Test statistic | Value |" in texts(at)
    assert at.dataframe == []  # the summary opens first: neither table is drawn
    open_tab(at, "items_tab", "Questions")
    questions = at.dataframe[0].value
    assert {"Facility %", "Discrimination index", "Discriminative efficiency %"} <= set(
        questions.columns
    )
    assert (questions["Facility %"].dropna().between(0, 100)).all()
    assert "Test statistic" not in texts(at)
    open_tab(at, "items_tab", "Distractor analysis")
    [responses] = at.dataframe
    assert {"overall %", "top third %", "bottom third %"} <= set(responses.value.columns)


def test_a_trainees_progress_page_defines_mastery(monkeypatch, demo_db):
    url, engine, _ = demo_db
    learner = accounts.get(engine, "demo-learner-001")
    at = sign_in_as(make_app(monkeypatch, url), learner)
    at.switch_page("views/progress.py").run()
    assert not at.exception
    shown = texts(at)
    assert "Mastery of an objective is the share of the marks" in shown
    assert "What to do next" in shown


def test_the_review_page_serves_a_missed_question(monkeypatch, sqlite_url):
    from needlewise import attempts, progress

    engine = open_store(sqlite_url)
    trainee = add_user(engine, "tess")
    for lesson in CONTENT.course.modules[0].lessons:
        progress.mark_read(engine, trainee.id, lesson)
    loaded = CONTENT.quizzes["m1-quiz"]
    attempt = attempts.start_or_resume(engine, trainee.id, loaded, 80)
    attempts.submit(engine, attempt.id, trainee.id)
    at = sign_in_as(make_app(monkeypatch, sqlite_url), trainee)
    at.switch_page("views/home.py").run()
    assert "due for review today" in texts(at)
    at.switch_page("views/review.py").run()
    assert "due now" in texts(at)
    at.radio[0].set_value(0)  # an answer, right or wrong
    at.button(key="review_check").click().run()
    assert "Next review of this question" in texts(at)
    at.button(key="review_next").click().run()
    assert not at.exception
