"""One rule for passing, full marks and the quiz grade, wherever a grade is read."""

from __future__ import annotations

import random
import re
from dataclasses import asdict, replace
from datetime import UTC, datetime
from typing import get_args

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from needlewise import attempts, clock, gradebook, grading, progress, review_cards
from needlewise.attempt_rules import Attempt, closing, opening
from needlewise.item_analysis import GRADING_TO_ATTEMPTS
from needlewise.progress import QuizStatus
from needlewise.quiz.schema import Quiz
from needlewise.standard_setting import pass_rate
from needlewise.stats import CHOOSE
from needlewise.store.engine import transaction
from needlewise.store.schema import attempts as attempts_table
from needlewise.store.schema import quiz_versions

from .builders import ROOT, add_user, load_test_course

percents = st.floats(min_value=0, max_value=100, allow_nan=False)


def _attempt(user_id: int, number: int, submitted: bool, percent: float | None) -> Attempt:
    when = datetime(2026, 1, 1, tzinfo=UTC)
    return Attempt(
        id=user_id * 100 + number,
        user_id=user_id,
        quiz_id="q",
        quiz_version="v",
        number=number,
        layout=[],
        state="submitted" if submitted else "in_progress",
        started_at=when,
        deadline_at=None,
        submitted_at=when if submitted else None,
        max_points=2,
        points=None,
        percent=percent,
        passed=None,
        pass_mark=80,
        timed_out=False,
    )


def _random_attempts(rng: random.Random, user_ids: list[int]) -> list[Attempt]:
    """Up to six attempts per trainee and quiz (the last may be open; some submitted
    without a percent; percents on and around the pass mark), stored in a random order."""
    made = []
    for user_id in user_ids:
        for quiz_id in grading.METHODS:
            tries = rng.randint(0, 6)
            for number in range(1, tries + 1):
                percent = rng.choice([None, 80.0, 79.99999999999, 0.0, 100.0, rng.uniform(0, 100)])
                submitted = number < tries or rng.random() < 0.7
                made.append(
                    replace(
                        _attempt(user_id, number, submitted, percent if submitted else None),
                        id=len(made) + 1,
                        quiz_id=quiz_id,
                        passed=None if percent is None else grading.passed(percent, 80),
                    )
                )
    rng.shuffle(made)
    return made


@pytest.mark.parametrize("seed", range(4))
def test_the_database_grade_is_the_scalar_grade_for_every_method(engine, seed):
    """Four quizzes, one per grading method (each named after its method)."""
    rng = random.Random(seed)
    user_ids = [add_user(engine, f"t{n}").id for n in range(10)]
    made = _random_attempts(rng, user_ids)
    with transaction(engine) as connection:
        connection.execute(
            quiz_versions.insert(),
            [
                {"quiz_id": q, "version": "v", "definition": {}, "first_seen_at": clock.now()}
                for q in grading.METHODS
            ],
        )
        connection.execute(
            attempts_table.insert(),
            [{**asdict(a), "layout": []} for a in made],
        )
    methods = {q: q for q in grading.METHODS}
    found = gradebook.quiz_grades(engine, user_ids[:8], methods).set_index("user_id")
    for user_id in user_ids[:8]:
        mine = [a for a in made if a.user_id == user_id]
        if not any(a.state == "submitted" for a in mine):
            assert user_id not in found.index
            continue
        row = found.loc[user_id]
        for quiz_id in grading.METHODS:
            scalar = grading.grade_attempts([a for a in mine if a.quiz_id == quiz_id], quiz_id)
            if scalar is None:
                assert pd.isna(row[quiz_id])
            else:
                # The database and fmean add in different orders: equal far below the tolerance.
                assert row[quiz_id] == pytest.approx(scalar, rel=1e-12, abs=1e-12)
                assert bool(grading.passed_each(pd.Series([row[quiz_id]]), 80).iloc[0]) == (
                    grading.passed(scalar, 80)
                )
        failures = [a.quiz_id for a in mine if a.state == "submitted" and a.passed is False]
        assert row["failed_twice"] == any(failures.count(q) >= 2 for q in grading.METHODS)
    assert set(found.index) <= set(user_ids[:8])


def test_a_grade_is_taken_in_attempt_order_by_the_quizs_method():
    tries = [_attempt(1, 2, True, 100.0), _attempt(1, 1, True, 50.0), _attempt(1, 3, True, 0.0)]
    tries.append(_attempt(1, 4, False, None))
    expected = {"highest": 100.0, "latest": 0.0, "first": 50.0, "average": 50.0}
    assert {m: grading.grade_attempts(tries, m) for m in grading.METHODS} == expected
    assert grading.grade_attempts([_attempt(1, 1, False, None)], "highest") is None


def test_an_unknown_method_is_named():
    with pytest.raises(ValueError, match=r"'median'.*highest, latest, first, average"):
        grading.grade([50.0], "median")
    with pytest.raises(ValueError, match="'median'"):
        gradebook.quiz_grades(None, [], {"q": "median"})


def test_the_methods_are_the_ones_a_quiz_file_may_name():
    assert set(grading.METHODS) == set(get_args(Quiz.model_fields["grading"].annotation))
    # Item analysis reads the attempts each method keeps.
    assert set(GRADING_TO_ATTEMPTS) == set(grading.METHODS)
    assert set(GRADING_TO_ATTEMPTS.values()) <= set(CHOOSE)


@settings(max_examples=300, deadline=None)
@given(pass_mark=percents, offset=st.sampled_from([-1e-6, -5e-10, 0.0, 5e-10, 1e-6]))
def test_passing_allows_rounding_and_nothing_more(pass_mark, offset):
    percent = pass_mark + offset
    assert grading.passed(percent, pass_mark) == (offset > -1e-6)
    assert bool(grading.passed_each(pd.Series([percent]), pass_mark).iloc[0]) == (offset > -1e-6)


def test_a_missing_grade_has_not_passed():
    assert not grading.passed_each(pd.Series([float("nan")]), 0).iloc[0]


@pytest.mark.parametrize(("fraction", "full"), [(1.0, True), (1 - 5e-10, True), (1 - 1e-6, False)])
def test_full_marks_allow_rounding_and_review_cards_agree(fraction, full):
    assert grading.full_marks(fraction) is full
    assert (review_cards.rating_for(fraction) == review_cards.Rating.Good) is full


@pytest.mark.parametrize(
    ("adopted", "own", "expected"), [(65.0, 70.0, 65.0), (None, 70.0, 70.0), (None, None, 50.0)]
)
def test_the_pass_mark_is_adopted_else_the_quizs_else_the_courses(tmp_path, adopted, own, expected):
    content = load_test_course(tmp_path, **({} if own is None else {"pass_mark": own}))
    default = content.course.default_pass_mark
    assert default == 50.0
    assert grading.pass_mark(content.quizzes["a-quiz"].quiz, default, adopted) == expected
    found = {} if adopted is None else {"a-quiz": adopted}
    assert gradebook.pass_mark_of(content, "a-quiz", found) == expected
    # A quiz whose file cannot be read still has a pass mark: the course's.
    assert gradebook.pass_mark_of(content, "no-such-quiz", {}) == default


@pytest.mark.parametrize("offset", [-1e-6, -5e-10, 0.0])
def test_every_reader_of_a_grade_agrees_on_a_pass_at_the_boundary(tmp_path, offset):
    """The attempt's result, the trainee's progress, the funnel and standard setting."""
    content = load_test_course(tmp_path)
    quiz = content.quizzes["a-quiz"].quiz
    now = datetime(2026, 1, 1, tzinfo=UTC)
    values = opening(quiz, 1, "v", 1, 50.0, 0, now)
    pass_mark = 100.0 * 1 / values["max_points"] - offset
    values["pass_mark"] = pass_mark
    attempt = Attempt(id=1, submitted_at=None, points=None, percent=None, passed=None, **values)
    result = closing(attempt, 1.0, now)
    expected = offset > -1e-6
    assert result["passed"] is expected
    status = QuizStatus("a-quiz", "A", (), result["percent"], pass_mark, None, True, None)
    assert status.passed is expected
    assert pass_rate([result["percent"]], pass_mark) == (100.0 if expected else 0.0)
    table = pd.DataFrame(
        {"last_activity": [now], "a-quiz": [result["percent"]], "b-quiz": [None]}
    ).astype({"b-quiz": float})
    funnel = gradebook.funnel(table, content, {"a-quiz": pass_mark})
    assert list(funnel["trainees"])[1] == (1 if expected else 0)


@pytest.mark.parametrize("method", grading.METHODS)
def test_the_gradebook_and_the_trainees_progress_keep_the_same_grade(engine, tmp_path, method):
    content = load_test_course(tmp_path, grading=method, pass_mark=50)
    loaded = content.quizzes["a-quiz"]
    tess = add_user(engine, "tess")
    right = {"a-single": {"choice": 0}, "a-tf": {"value": True}}
    for answers in ({"a-single": {"choice": 0}}, right, {}):  # 50%, 100%, 0%
        attempt = attempts.start_or_resume(engine, tess.id, loaded, 50)
        attempts.save_many(engine, attempt.id, tess.id, answers)
        attempts.submit(engine, attempt.id, tess.id)
    table = gradebook.overview(engine, content, None, clock.now(), 14, 70).table
    status = progress.course_status(engine, content, tess.id).quiz("a-quiz")
    expected = {"highest": 100.0, "latest": 0.0, "first": 50.0, "average": 50.0}[method]
    assert status is not None and status.grade == expected
    assert table["a-quiz"].tolist() == [expected]
    assert table["modules_passed"].tolist() == [1 if status.passed else 0]
    assert status.passed is (method != "latest")


def test_no_module_but_grading_writes_the_tolerance_of_a_pass_or_full_marks():
    written = re.compile(r"\+ 1e-9 >=|1 - 1e-9|>= pass_mark\b")
    found = [
        str(path.relative_to(ROOT))
        for folder in ("needlewise", "views")
        for path in (ROOT / folder).rglob("*.py")
        if path.name != "grading.py" and written.search(path.read_text())
    ]
    assert found == []
