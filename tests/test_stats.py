"""Item statistics against examples worked by hand, undefined cases, and properties."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from needlewise import item_review
from needlewise.stats import StatsError, analyse


def table(marks: list[list[float]], max_score: float = 1.0, **extra) -> pd.DataFrame:
    rows = []
    for a, attempt in enumerate(marks):
        for q, score in enumerate(attempt):
            rows.append(
                {
                    "attempt_id": f"a{a}",
                    "question_id": f"q{q}",
                    "score": score,
                    "max_score": max_score,
                    **{k: v[a] for k, v in extra.items()},
                }
            )
    return pd.DataFrame(rows)


def by_id(report):
    return {q.question_id: q for q in report.questions}


def test_a_two_question_example_worked_by_hand():
    # totals 2, 1, 1, 0 out of 2
    report = analyse(table([[1, 1], [1, 0], [0, 1], [0, 0]]))
    t = report.test
    assert report.attempts == 4
    assert t.mean == pytest.approx(50) and t.median == pytest.approx(50)
    # k2 = 4 * 0.5 / 3; sd = sqrt(2/3) of a total of 2
    assert t.sd == pytest.approx(100 * math.sqrt(2 / 3) / 2)
    assert t.skewness == pytest.approx(0)
    # k4 = 16 (5 * 0.5 - 9 * 0.25) / 6 = 2/3; kurtosis = k4 / k2^2 = 1.5
    assert t.kurtosis == pytest.approx(1.5)
    # item variances 1/3 + 1/3 equal the total variance 2/3: alpha 0
    assert t.cic == pytest.approx(0)
    assert t.error_ratio == pytest.approx(100)
    assert t.standard_error == pytest.approx(t.sd)
    q0 = by_id(report)["q0"]
    assert q0.facility == pytest.approx(50)
    assert q0.sd == pytest.approx(100 * math.sqrt(1 / 3))
    assert q0.discrimination_index == pytest.approx(0)
    assert q0.discriminative_efficiency == pytest.approx(0)
    assert q0.intended_weight == pytest.approx(50)
    assert q0.effective_weight == pytest.approx(50)


def test_discrimination_of_a_question_only_weak_trainees_get_right():
    # q2 is right only in the two lowest-scoring attempts.
    report = analyse(table([[1, 1, 0], [1, 1, 0], [0, 0, 1], [0, 1, 1], [1, 0, 0]]))
    q2 = by_id(report)["q2"]
    x = np.array([0, 0, 1, 1, 0.0])
    rest = np.array([2, 2, 0, 1, 1.0])
    expected = (
        100 * np.cov(x, rest, ddof=1)[0, 1] / math.sqrt(np.var(x, ddof=1) * np.var(rest, ddof=1))
    )
    assert q2.discrimination_index == pytest.approx(expected)
    assert q2.discrimination_index < 0
    largest = np.cov(np.sort(x), np.sort(rest), ddof=1)[0, 1]
    assert q2.discriminative_efficiency == pytest.approx(
        100 * np.cov(x, rest, ddof=1)[0, 1] / largest
    )
    assert any(
        f.question_id == "q2" and "Negative discrimination" in f.problem
        for f in item_review.flags(report)
    )


def test_an_all_correct_question_has_facility_100_and_undefined_discrimination():
    report = analyse(table([[1, 1], [1, 0], [1, 1], [1, 0]]))
    q0 = by_id(report)["q0"]
    assert q0.facility == 100 and q0.sd == 0
    assert q0.discrimination_index is None and q0.discriminative_efficiency is None
    assert any(
        f.question_id == "q0" and f.problem.startswith("Too easy")
        for f in item_review.flags(report)
    )


def test_alpha_of_identical_items_is_100():
    report = analyse(table([[1, 1, 1], [0, 0, 0], [1, 1, 1], [0.5, 0.5, 0.5]]))
    assert report.test.cic == pytest.approx(100)
    assert report.test.error_ratio == pytest.approx(0)
    assert report.test.standard_error == pytest.approx(0)


def test_undefined_values_with_few_attempts():
    one = analyse(table([[1, 0]]))
    assert one.test.mean == 50 and one.test.sd is None and one.test.cic is None
    assert by_id(one)["q0"].sd is None
    two = analyse(table([[1, 0], [0, 1]]))
    assert two.test.sd is not None
    assert two.test.skewness is None and two.test.kurtosis is None
    assert by_id(two)["q0"].discrimination_index is None
    three = analyse(table([[1, 0], [0, 1], [1, 1]]))
    assert three.test.skewness is not None and three.test.kurtosis is None


def test_a_constant_test_has_undefined_spread_measures():
    report = analyse(table([[1, 0], [1, 0], [1, 0]]))
    assert report.test.sd == 0
    assert report.test.skewness is None and report.test.cic is None


def test_attempts_per_person_by_grading_method():
    frame = table(
        [[0, 0], [1, 1], [1, 0], [0, 1]],
        user_id=["u1", "u1", "u2", "u2"],
        submitted_at=["2026-01-01", "2026-01-02", "2026-01-05", "2026-01-03"],
    )
    assert analyse(frame, "all").attempts == 4
    assert analyse(frame, "highest").test.mean == pytest.approx(75)  # 2/2 and 1/2
    assert analyse(frame, "first").test.mean == pytest.approx(25)  # 0/2 and 1/2 (u2's 3 Jan)
    assert analyse(frame, "latest").test.mean == pytest.approx(75)  # 2/2 and 1/2 (u2's 5 Jan)
    with pytest.raises(StatsError, match="needs a user_id column"):
        analyse(table([[1, 0]]), "highest")


def test_random_guess_scores_are_reported_as_percentages():
    report = analyse(table([[1, 0], [0, 1], [1, 1]]), guess={"q0": 0.25, "q1": None})
    assert by_id(report)["q0"].random_guess_score == 25
    assert by_id(report)["q1"].random_guess_score is None


def test_distractor_shares_overall_and_by_thirds():
    frame = table(
        [[1], [1], [1], [0], [0], [0]], response=[["A"], ["A"], ["A"], ["B"], ["B"], ["C"]]
    )
    frame["response"] = frame["response"].str[0]
    report = analyse(frame, keys={"q0": ["A", "B", "C", "D"]})
    shares = {c.response: c for c in report.choices}
    assert shares["A"].overall == pytest.approx(50)
    assert shares["A"].top_third == pytest.approx(100)
    assert shares["B"].bottom_third == pytest.approx(50)
    assert shares["D"].overall == 0
    assert any("Nobody chose 'D'" in f.problem for f in item_review.flags(report))


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (
            pd.DataFrame({"attempt_id": [1], "score": [1]}),
            r"missing 2 columns \(question_id, max_score\)",
        ),
        (
            pd.DataFrame({"attempt_id": [1], "question_id": ["q"], "score": [1]}),
            r"missing 1 column \(max_score\)",
        ),
        (
            pd.DataFrame(
                {"attempt_id": [1], "question_id": ["q"], "score": ["x"], "max_score": [1]}
            ),
            "row 2: score 'x' is not a number",
        ),
        (
            pd.DataFrame({"attempt_id": [1], "question_id": ["q"], "score": [2], "max_score": [1]}),
            "between 0 and max_score",
        ),
        (
            pd.DataFrame(
                {
                    "attempt_id": [1, 1],
                    "question_id": ["q", "q"],
                    "score": [1, 1],
                    "max_score": [1, 1],
                }
            ),
            "row 3: attempt and question appear more",
        ),
    ],
)
def test_bad_tables_get_a_message_with_the_row(frame, message):
    with pytest.raises(StatsError, match=message):
        analyse(frame)


# --- properties against a plain, loop-by-loop implementation ----------------------------


def reference(marks: np.ndarray, j: int) -> tuple[float, float | None]:
    s = len(marks)
    x = [marks[i][j] for i in range(s)]
    rest = [sum(marks[i]) - marks[i][j] for i in range(s)]
    mx, mr = sum(x) / s, sum(rest) / s
    cov = sum((a - mx) * (b - mr) for a, b in zip(x, rest, strict=True)) / (s - 1)
    vx = sum((a - mx) ** 2 for a in x) / (s - 1)
    vr = sum((b - mr) ** 2 for b in rest) / (s - 1)
    di = None if vx == 0 or vr == 0 else 100 * cov / math.sqrt(vx * vr)
    return 100 * mx, di


@settings(max_examples=60, deadline=None)
@given(
    st.integers(3, 25).flatmap(
        lambda s: st.lists(
            st.lists(st.sampled_from([0.0, 0.5, 1.0]), min_size=4, max_size=4),
            min_size=s,
            max_size=s,
        )
    )
)
def test_facility_and_discrimination_match_a_plain_implementation(marks):
    report = analyse(table(marks))
    for j, question in enumerate(sorted(report.questions, key=lambda q: q.question_id)):
        facility, di = reference(np.array(marks), j)
        assert question.facility == pytest.approx(facility)
        if di is None:
            assert question.discrimination_index is None
        else:
            assert question.discrimination_index == pytest.approx(di)
            assert -100 - 1e-6 <= di <= 100 + 1e-6
        if question.discriminative_efficiency is not None:
            assert question.discriminative_efficiency <= 100 + 1e-6
    weights = [q.effective_weight for q in report.questions if q.effective_weight is not None]
    if weights:
        assert sum(weights) == pytest.approx(100)
