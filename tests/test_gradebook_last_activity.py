"""The Gradebook's last activity counts the answers saved in an attempt still in progress:
a trainee working through a long quiz for weeks is not flagged inactive. Saving answers
does not change the cohort's stamp, so the kept table must not hide them; on SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pytest

from needlewise import attempts, clock, gradebook
from needlewise.quiz.scoring import correct_response

from .builders import add_user, reload_course, write_course


@pytest.fixture
def course(tmp_path):
    write_course(tmp_path)
    return reload_course(tmp_path)


def _row(engine, course, user_id: int) -> pd.Series:
    table = gradebook.overview(engine, course, None, clock.now(), 14, 70.0).table
    return table.set_index("user_id").loc[user_id]


def test_an_answer_saved_in_an_open_attempt_is_the_last_activity(engine, course):
    tia = add_user(engine, "tia")
    loaded = course.quizzes["a-quiz"]
    started = clock.now() - timedelta(days=30)
    attempt = attempts.start_or_resume(engine, tia.id, loaded, 80, now=started)
    assert "inactive 30 days" in _row(engine, course, tia.id)["flags"]

    saved = clock.now() - timedelta(days=2)
    first = next(q for _, q in loaded.quiz.leaves())
    attempts.save_many(engine, attempt.id, tia.id, {first.id: correct_response(first)}, now=saved)
    row = _row(engine, course, tia.id)

    assert pd.Timestamp(row["last_activity"]).to_pydatetime().replace(tzinfo=None) == (
        saved.replace(tzinfo=None)
    )
    assert "inactive" not in row["flags"]


def test_answers_of_submitted_attempts_and_other_trainees_change_nothing(engine, course):
    tia, sam = add_user(engine, "tia"), add_user(engine, "sam")
    loaded = course.quizzes["a-quiz"]
    long_ago = clock.now() - timedelta(days=40)
    attempt = attempts.start_or_resume(engine, tia.id, loaded, 80, now=long_ago)
    attempts.save_many(
        engine,
        attempt.id,
        tia.id,
        {q.id: correct_response(q) for _, q in loaded.quiz.leaves()},
        now=long_ago,
    )
    attempts.submit(engine, attempt.id, tia.id, now=long_ago + timedelta(minutes=5))
    other = attempts.start_or_resume(engine, sam.id, loaded, 80)
    first = next(q for _, q in loaded.quiz.leaves())
    attempts.save_many(engine, other.id, sam.id, {first.id: correct_response(first)})

    assert "inactive 39 days" in _row(engine, course, tia.id)["flags"]
