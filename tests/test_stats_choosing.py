"""Choosing one attempt per person on arrays gives the attempts the plain pandas reading
picks: ties, attempts without a time or a person, and times given as text included."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from needlewise.stats import analyse, choose_attempts, validate


def plainly(frame: pd.DataFrame, which: str) -> pd.DataFrame:
    """Group, sort and take the head or tail per person in pandas: slow, obviously right."""
    grouped = frame.groupby("attempt_id", sort=False)
    totals = pd.DataFrame({"user_id": grouped["user_id"].first(), "total": grouped["score"].sum()})
    if "submitted_at" in frame.columns:
        totals["order"] = pd.to_datetime(grouped["submitted_at"].first(), errors="coerce")
    else:
        totals["order"] = np.arange(len(totals))
    if which == "highest":
        picked = totals.sort_values(["total", "order"], ascending=[False, True])
        keep = picked.groupby("user_id", sort=False).head(1).index
    else:
        picked = totals.sort_values("order", kind="stable")
        by_user = picked.groupby("user_id", sort=False)
        keep = (by_user.head(1) if which == "first" else by_user.tail(1)).index
    return frame[frame["attempt_id"].isin(set(keep))]


DAYS = [None, "2026-01-01", "2026-01-02", "2026-01-03 09:30", "2026-01-03 09:30"]


@st.composite
def tables(draw) -> pd.DataFrame:
    attempts = draw(st.integers(1, 12))
    questions = draw(st.integers(1, 4))
    numbered = draw(st.booleans())  # ids from a database are whole numbers, not text
    rows = []
    for a in range(attempts):
        user = draw(st.sampled_from(["u1", "u2", "u3", None]))
        day = draw(st.sampled_from(DAYS))
        for q in range(questions):
            rows.append(
                {
                    "attempt_id": a + 1 if numbered else f"a{a}",
                    "question_id": f"q{q}",
                    # Quarter marks add up exactly, so equal totals really tie.
                    "score": draw(st.sampled_from([0.0, 0.25, 0.5, 1.0])),
                    "max_score": 1.0,
                    "user_id": user,
                    "submitted_at": day,
                }
            )
    frame = pd.DataFrame(rows)
    if draw(st.booleans()):
        frame = frame.drop(columns=["submitted_at"])
    if draw(st.booleans()):
        frame = frame.sample(frac=1, random_state=draw(st.integers(0, 99)))
    return frame


@settings(max_examples=300, deadline=None)
@given(tables(), st.sampled_from(["first", "latest", "highest"]))
def test_the_same_attempts_as_the_plain_reading(frame, which):
    checked = validate(frame)
    pd.testing.assert_frame_equal(choose_attempts(checked, which), plainly(checked, which))


def test_an_attempt_takes_its_person_and_time_from_its_first_row_that_has_them():
    frame = pd.DataFrame(
        {
            "attempt_id": ["a", "a", "b", "b"],
            "question_id": ["q1", "q2", "q1", "q2"],
            "score": [1.0, 1.0, 0.0, 0.0],
            "max_score": [1.0] * 4,
            "user_id": [None, "u1", "u1", "u1"],
            "submitted_at": [None, "2026-01-05", "2026-01-01", None],
        }
    )
    assert set(choose_attempts(validate(frame), "first")["attempt_id"]) == {"b"}
    assert set(choose_attempts(validate(frame), "latest")["attempt_id"]) == {"a"}


def test_totals_equal_but_for_rounding_tie_and_the_earlier_attempt_counts():
    # 0.1 + 0.2 is not 0.3 in floating point; both attempts earned the same marks.
    frame = pd.DataFrame(
        {
            "attempt_id": ["late", "late", "early", "early"],
            "question_id": ["q1", "q2", "q1", "q2"],
            "score": [0.1, 0.2, 0.3, 0.0],
            "max_score": [1.0] * 4,
            "user_id": ["u1"] * 4,
            "submitted_at": ["2026-01-09", "2026-01-09", "2026-01-02", "2026-01-02"],
        }
    )
    assert set(choose_attempts(validate(frame), "highest")["attempt_id"]) == {"early"}


@pytest.mark.parametrize("slot", [None, "slot"])
def test_slots_come_in_natural_order_with_their_questions(slot):
    frame = pd.DataFrame(
        {
            "attempt_id": ["a", "a", "a", "b", "b", "b"],
            "question_id": ["q10", "q2", "q1", "q10", "q2", "q1"],
            "score": [1.0, 0.0, 1.0, 0.0, 1.0, 1.0],
            "max_score": [1.0] * 6,
        }
    )
    if slot:
        frame["slot"] = ["10", "2", "1", "10", "2", "1"]
    report = analyse(frame)
    assert [q.question_id for q in report.questions] == (
        ["q1", "q2", "q10"] if slot else ["q1", "q10", "q2"]
    )
    assert {q.question_id: q.facility for q in report.questions} == {"q1": 100, "q2": 50, "q10": 50}
