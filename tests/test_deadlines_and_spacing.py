"""Timed attempts handed in at their deadline whoever sees them first, the summary's
answered states, and daily review spaced by days (on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from needlewise import attempts, clock, gradebook, progress, review_cards
from needlewise.quiz.answered import ANSWERED, INCOMPLETE, NOT_ANSWERED, answer_state
from needlewise.quiz.scoring import correct_response

from .builders import add_user, load_test_course


@pytest.fixture
def course(tmp_path):
    return load_test_course(tmp_path, time_limit_minutes=10)


def started(engine, course, username: str):
    user = add_user(engine, username)
    attempt = attempts.start_or_resume(engine, user.id, course.quizzes["a-quiz"], 80)
    quiz = course.quizzes["a-quiz"].quiz
    first = quiz.leaf(attempt.layout[0]["id"])
    attempts.save(engine, attempt.id, user.id, first.id, correct_response(first))
    return user, attempt


@pytest.mark.parametrize("reader", ["trainee's own pages", "cohort gradebook", "a new attempt"])
def test_an_overdue_attempt_is_handed_in_at_its_deadline_whoever_sees_it(engine, course, reader):
    user, attempt = started(engine, course, "tess")
    clock.advance(timedelta(hours=3))  # long after the 10-minute limit
    if reader == "trainee's own pages":
        progress.course_status(engine, course, user.id)
    elif reader == "cohort gradebook":
        table = gradebook.overview(engine, course, None, clock.now(), 14, 70).table
        assert table.loc[0, "a-quiz"] == pytest.approx(50)
    else:
        attempts.start_or_resume(engine, user.id, course.quizzes["a-quiz"], 80)
    handed_in = attempts.get(engine, attempt.id)
    assert handed_in.state == "submitted" and handed_in.timed_out
    assert handed_in.submitted_at == attempt.deadline_at
    assert handed_in.percent == pytest.approx(50)  # the answer saved in time counted


def test_an_attempt_in_time_keeps_its_own_submission_time(engine, course):
    user, attempt = started(engine, course, "tess")
    clock.advance(timedelta(minutes=4))
    progress.course_status(engine, course, user.id)
    assert attempts.get(engine, attempt.id).state == "in_progress"
    result = attempts.submit(engine, attempt.id, user.id)
    assert attempt.started_at < result.submitted_at < attempt.deadline_at
    assert not result.timed_out


def test_the_sweep_touches_only_the_trainees_asked_for(engine, course):
    late, late_attempt = started(engine, course, "late")
    _, other_attempt = started(engine, course, "other")
    clock.advance(timedelta(minutes=30))
    finished = attempts.finalise_all_overdue(engine, [late.id])
    assert [a.id for a in finished] == [late_attempt.id]
    assert attempts.get(engine, other_attempt.id).state == "in_progress"
    assert attempts.get(engine, late_attempt.id).submitted_at == late_attempt.deadline_at


def test_missed_questions_come_back_on_the_deadline_date_not_the_visit(engine, course):
    user, attempt = started(engine, course, "tess")
    clock.advance(timedelta(days=3))
    attempts.finalise_all_overdue(engine)
    due = review_cards.due(engine, user.id)
    assert due and all(card.due == attempt.deadline_at for card in due)


@pytest.mark.parametrize("fraction", [1.0, 0.5, 0.0])
def test_no_review_comes_back_the_same_day(engine, course, fraction):
    user, attempt = started(engine, course, "tess")
    attempts.submit(engine, attempt.id, user.id)
    [card, *_] = review_cards.due(engine, user.id)
    now = clock.now()
    next_due = review_cards.answer(engine, user.id, card.question_id, fraction, now)
    assert next_due - now >= timedelta(days=1)
    assert review_cards.next_due(engine, user.id, card.question_id) == next_due
    # And again on the day it comes back: still days apart, never minutes.
    again = review_cards.answer(engine, user.id, card.question_id, fraction, next_due)
    assert again - next_due >= timedelta(days=1)


def test_the_next_review_is_described_in_days():
    now = datetime(2026, 12, 1, 9, 0)
    assert review_cards.describe_next(now + timedelta(days=1), "UTC", now).startswith("in 1 day (")
    assert review_cards.describe_next(now + timedelta(days=8, hours=2), None, now).startswith(
        "in 8 days"
    )
    # The clinic's days: 23:45 UTC on 1 December is the 2nd in Auckland, and a card due two
    # days later comes back on the 4th there, where UTC days would say the 3rd.
    evening = datetime(2026, 12, 1, 23, 45)
    due = evening + timedelta(days=2)
    assert review_cards.describe_next(due, "Pacific/Auckland", evening) == (
        "in 2 days (04 December 2026)"
    )


def test_answer_states_for_the_summary():
    assert answer_state(None) == NOT_ANSWERED
    assert answer_state({"choices": []}) == NOT_ANSWERED
    assert answer_state({"text": ""}) == NOT_ANSWERED
    assert answer_state({"choice": 0}) == ANSWERED
    assert answer_state({"value": False}) == ANSWERED
    assert answer_state({"matches": [1, None]}) == INCOMPLETE
    assert answer_state({"matches": [None, None]}) == NOT_ANSWERED
    assert answer_state({"matches": [1, 0]}) == ANSWERED
