"""The attempt lifecycle: resume, autosave, double submit, deadlines, limits, grading."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from needlewise import attempts, clock
from needlewise.attempts import (
    AlreadyChecked,
    AttemptClosed,
    NoAttemptsLeft,
    TimeUp,
    start_or_resume,
)
from needlewise.grading import grade_attempts
from needlewise.quiz_versions import quiz_of
from needlewise.store.schema import attempts as attempts_table
from needlewise.store.schema import responses

from .builders import add_user, load_test_course, reload_course


@pytest.fixture
def course(tmp_path):
    return load_test_course(tmp_path, attempts=2, time_limit_minutes=10)


def right(quiz_id: str, course, attempt) -> dict:
    """Full-marks answers for every question in an attempt."""
    from needlewise.quiz.scoring import correct_response

    quiz = course.quizzes[quiz_id].quiz
    return {q.id: correct_response(q) for _, q in quiz.leaves()}


def test_a_reload_or_second_tab_resumes_the_same_attempt(engine, course):
    user = add_user(engine, "tess")
    loaded = course.quizzes["a-quiz"]
    first = start_or_resume(engine, user.id, loaded, 50)
    attempts.save(engine, first.id, user.id, "a-single", {"choice": 0})
    again = start_or_resume(engine, user.id, loaded, 50)
    assert again.id == first.id
    assert again.layout == first.layout
    assert attempts.saved_responses(engine, first.id)["a-single"].response == {"choice": 0}


def test_the_layout_records_what_was_shown_and_edits_do_not_change_it(engine, course, tmp_path):
    user = add_user(engine, "tess")
    loaded = course.quizzes["a-quiz"]
    attempt = start_or_resume(engine, user.id, loaded, 50, rng=random.Random(3))
    shown = {slot["id"] for slot in attempt.layout}
    assert shown == {"a-single", "a-tf"}
    attempts.save(engine, attempt.id, user.id, "a-single", {"choice": 0})
    # An instructor edits the file in the middle of the attempt: new wording, and the key
    # moves to the other option.
    path = tmp_path / "quizzes" / "a-quiz.yaml"
    before = path.read_text()
    path.write_text(
        before.replace("{text: Right, correct: true}", "{text: Correct now}").replace(
            "{text: Wrong, feedback: Not this one.}", "{text: Now the key, correct: true}"
        )
    )
    edited = reload_course(tmp_path)
    assert path.read_text() != before
    assert edited.quizzes["a-quiz"].quiz.leaf("a-single").options[0].text == "Correct now"
    assert edited.quizzes["a-quiz"].version != loaded.version
    # The trainee comes back to the edited quiz: the same attempt, as it was shown.
    resumed = start_or_resume(engine, user.id, edited.quizzes["a-quiz"], 50)
    assert resumed.id == attempt.id and resumed.layout == attempt.layout
    assert resumed.quiz_version == loaded.version
    kept = quiz_of(engine, resumed).leaf("a-single")
    assert [o.text for o in kept.options] == ["Right", "Wrong"]
    # It is scored against the key it showed: the first option is still right.
    result = attempts.submit(engine, attempt.id, user.id)
    assert attempts.saved_responses(engine, attempt.id)["a-single"].fraction == 1
    assert result.percent == 50


def test_submitting_twice_records_one_attempt_and_one_score(engine, course):
    user = add_user(engine, "tess")
    loaded = course.quizzes["a-quiz"]
    attempt = start_or_resume(engine, user.id, loaded, 50)
    for question_id, answer in right("a-quiz", course, attempt).items():
        attempts.save(engine, attempt.id, user.id, question_id, answer)
    first = attempts.submit(engine, attempt.id, user.id)
    second = attempts.submit(engine, attempt.id, user.id)
    assert first.percent == second.percent == 100
    assert first.submitted_at == second.submitted_at
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(attempts_table)).scalar() == 1
        assert connection.execute(select(func.count()).select_from(responses)).scalar() == 2


def test_a_stale_tab_cannot_change_a_submitted_attempt(engine, course):
    user = add_user(engine, "tess")
    attempt = start_or_resume(engine, user.id, course.quizzes["a-quiz"], 50)
    attempts.save(engine, attempt.id, user.id, "a-single", {"choice": 0})
    attempts.submit(engine, attempt.id, user.id)
    with pytest.raises(AttemptClosed, match="already been submitted"):
        attempts.save(engine, attempt.id, user.id, "a-single", {"choice": 1})
    kept = attempts.saved_responses(engine, attempt.id)["a-single"]
    assert kept.response == {"choice": 0} and kept.fraction == 1


def test_unanswered_questions_score_zero_and_are_recorded(engine, course):
    user = add_user(engine, "tess")
    attempt = start_or_resume(engine, user.id, course.quizzes["a-quiz"], 50)
    attempts.save(engine, attempt.id, user.id, "a-tf", {"value": True})
    result = attempts.submit(engine, attempt.id, user.id)
    saved = attempts.saved_responses(engine, attempt.id)
    assert saved["a-single"].response is None and saved["a-single"].points == 0
    assert result.points == 1 and result.percent == 50 and result.passed


def test_answers_after_the_deadline_are_refused_and_not_counted(engine, course):
    user = add_user(engine, "tess")
    attempt = start_or_resume(engine, user.id, course.quizzes["a-quiz"], 50)
    assert attempt.deadline_at == attempt.started_at + timedelta(minutes=10)
    attempts.save(engine, attempt.id, user.id, "a-tf", {"value": False})
    clock.advance(timedelta(minutes=11))
    with pytest.raises(TimeUp, match="Time is up"):
        attempts.save(engine, attempt.id, user.id, "a-tf", {"value": True})
    result = attempts.finalise_overdue(engine, user.id, "a-quiz")
    assert result is not None and result.timed_out
    assert result.points == 0
    assert attempts.saved_responses(engine, attempt.id)["a-tf"].response == {"value": False}


def test_the_attempt_limit_is_enforced(engine, course):
    user = add_user(engine, "tess")
    loaded = course.quizzes["a-quiz"]
    for _ in range(2):
        attempt = start_or_resume(engine, user.id, loaded, 50)
        attempts.submit(engine, attempt.id, user.id)
    with pytest.raises(NoAttemptsLeft, match="all 2 attempts"):
        start_or_resume(engine, user.id, loaded, 50)


def test_checked_answers_are_locked_and_keep_their_score(engine, course):
    user = add_user(engine, "tess")
    attempt = start_or_resume(engine, user.id, course.quizzes["a-quiz"], 50)
    attempts.save(engine, attempt.id, user.id, "a-single", {"choice": 1})
    outcome = attempts.check(engine, attempt.id, user.id, "a-single")
    assert outcome.fraction == 0 and outcome.feedback == ("Not this one.",)
    with pytest.raises(AlreadyChecked):
        attempts.save(engine, attempt.id, user.id, "a-single", {"choice": 0})
    result = attempts.submit(engine, attempt.id, user.id)
    assert result.points == 0


def test_someone_elses_attempt_cannot_be_touched(engine, course):
    owner, other = add_user(engine, "owner"), add_user(engine, "other")
    attempt = start_or_resume(engine, owner.id, course.quizzes["a-quiz"], 50)
    with pytest.raises(attempts.AttemptError, match="not yours"):
        attempts.save(engine, attempt.id, other.id, "a-tf", {"value": True})
    with pytest.raises(attempts.AttemptError, match="not yours"):
        attempts.submit(engine, attempt.id, other.id)


def test_a_question_outside_the_attempt_is_refused(engine, course):
    user = add_user(engine, "tess")
    attempt = start_or_resume(engine, user.id, course.quizzes["a-quiz"], 50)
    with pytest.raises(attempts.AttemptError, match="not part of this attempt"):
        attempts.save(engine, attempt.id, user.id, "b-single", {"choice": 0})


@pytest.mark.parametrize(
    ("method", "expected"),
    [("highest", 100.0), ("latest", 50.0), ("first", 0.0), ("average", 50.0)],
)
def test_each_grading_method(engine, course, method, expected):
    user = add_user(engine, "tess")
    loaded = course.quizzes["b-quiz"]
    for answers in (
        [],
        [("b-tf", {"value": True}), ("b-single", {"choice": 0})],
        [("b-tf", {"value": True})],
    ):
        attempt = start_or_resume(engine, user.id, loaded, 50)
        for question_id, answer in answers:
            attempts.save(engine, attempt.id, user.id, question_id, answer)
        attempts.submit(engine, attempt.id, user.id)
    assert grade_attempts(attempts.for_user(engine, user.id, "b-quiz"), method) == expected


def test_no_grade_before_a_submitted_attempt(engine, course):
    user = add_user(engine, "tess")
    start_or_resume(engine, user.id, course.quizzes["b-quiz"], 50)
    assert grade_attempts(attempts.for_user(engine, user.id, "b-quiz"), "highest") is None
