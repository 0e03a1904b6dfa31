"""Mastery, the gradebook, the funnel, exports and daily review cards."""

from __future__ import annotations

import io
from datetime import timedelta

import pandas as pd
import pytest

from needlewise import attempts, clock, gradebook, mastery, progress, review_cards
from needlewise.acting import Operator
from needlewise.attempts import start_or_resume

from .builders import add_user, load_test_course


@pytest.fixture
def course(tmp_path):
    return load_test_course(tmp_path)


def take(engine, user, loaded, answers, when=None):
    attempt = start_or_resume(engine, user.id, loaded, 50, now=when)
    attempts.save_many(engine, attempt.id, user.id, answers, now=when)
    return attempts.submit(engine, attempt.id, user.id, now=when)


def test_mastery_counts_the_latest_attempt_of_each_quiz(engine, course):
    user = add_user(engine, "tess")
    loaded = course.quizzes["a-quiz"]
    take(engine, user, loaded, {"a-single": {"choice": 1}, "a-tf": {"value": False}})
    assert mastery.for_user(engine, user.id) == {"a.two": 0.0}
    take(engine, user, loaded, {"a-single": {"choice": 0}, "a-tf": {"value": False}})
    assert mastery.for_user(engine, user.id) == {"a.two": 50.0}
    assert mastery.weakest({"a.one": 80.0, "a.two": 50.0}) == ("a.two", 50.0)


def test_a_missed_question_becomes_due_and_a_right_answer_pushes_it_out(engine, course):
    user = add_user(engine, "tess")
    take(
        engine, user, course.quizzes["a-quiz"], {"a-single": {"choice": 1}, "a-tf": {"value": True}}
    )
    due = review_cards.due(engine, user.id)
    assert [c.question_id for c in due] == ["a-single"]
    first_due = due[0].due
    clock.advance(timedelta(minutes=1))
    next_time = review_cards.answer(engine, user.id, "a-single", 1.0)
    assert next_time > first_due
    assert review_cards.due_count(engine, user.id) == 0
    # A wrong answer later brings it back sooner than a right one would.
    clock.advance(timedelta(days=30))
    again = review_cards.answer(engine, user.id, "a-single", 0.0)
    assert again - clock.now() < timedelta(days=1)


def test_review_state_survives_a_restart(store_url, course):
    from needlewise.store import open_store

    engine = open_store(store_url)
    user = add_user(engine, "tess")
    take(engine, user, course.quizzes["a-quiz"], {"a-single": {"choice": 1}})
    review_cards.answer(engine, user.id, "a-single", 1.0)
    scheduled = review_cards.next_due(engine, user.id, "a-single")
    engine.dispose()
    reopened = open_store(store_url)
    assert review_cards.next_due(reopened, user.id, "a-single") == scheduled
    reopened.dispose()


def test_the_gradebook_flags_inactive_twice_failed_and_weak_trainees(engine, course):
    start = clock.now() - timedelta(days=40)
    keen, idle = add_user(engine, "keen"), add_user(engine, "idle")
    add_user(engine, "never")
    progress.mark_read(engine, keen.id, "a-one")
    progress.mark_read(engine, idle.id, "a-one", now=start)
    loaded = course.quizzes["a-quiz"]
    take(engine, keen, loaded, {"a-single": {"choice": 0}, "a-tf": {"value": True}})
    for _ in range(2):
        take(engine, idle, loaded, {"a-single": {"choice": 1}}, when=start)
    table = gradebook.overview(
        engine, course, None, clock.now(), inactive_days=14, mastery_threshold=70
    ).table
    flags = dict(zip(table["username"], table["flags"], strict=True))
    assert flags["keen"] == ""
    assert "inactive 40 days" in flags["idle"] and "failed a quiz twice" in flags["idle"]
    assert "below mastery on 1 objective" in flags["idle"]
    assert flags["never"] == "not started"
    grades = dict(zip(table["username"], table["a-quiz"], strict=True))
    assert grades["keen"] == 100 and grades["idle"] == 0 and pd.isna(grades["never"])
    funnel = gradebook.funnel(table, course)
    assert list(funnel["trainees"]) == [2, 1, 0, 0]


def test_exports_are_readable_and_do_not_run_formulas(engine, course):
    add_user(engine, "tess", name='=HYPERLINK("http://evil")')
    table = gradebook.overview(engine, course, None, clock.now(), 14, 70).table
    export = gradebook.export_columns(table, course)
    csv = gradebook.to_csv(export).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv
    back = pd.read_excel(io.BytesIO(gradebook.to_xlsx(export)))
    assert list(back["Username"]) == ["tess"]
    assert back["Name"][0].startswith("'=")


def test_the_clinic_can_review_every_question_seen(engine, course):
    from needlewise import settings

    user = add_user(engine, "tess")
    settings.save(engine, {"review_all_questions": True}, actor=Operator("ada"))
    take(
        engine, user, course.quizzes["a-quiz"], {"a-single": {"choice": 0}, "a-tf": {"value": True}}
    )
    assert {c.question_id for c in review_cards.due(engine, user.id)} == {"a-single", "a-tf"}
