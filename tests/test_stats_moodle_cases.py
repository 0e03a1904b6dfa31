"""Statistics on the cases Moodle's quiz statistics handle beyond a plain fixed test:
questions worth no marks, and questions drawn at random into a slot."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from needlewise.stats import StatsError, analyse

from .builders import run_cli

# Six attempts: slot 1 always holds question a; slot 2 draws r1 or r2 at random;
# slot 3 holds a description-like question worth no marks.
ATTEMPTS = [
    (1, 1.0, "r1", 1.0),
    (2, 0.0, "r2", 0.0),
    (3, 1.0, "r1", 0.0),
    (4, 1.0, "r2", 1.0),
    (5, 0.0, "r1", 0.0),
    (6, 0.5, "r2", 1.0),
]


def table(with_slots: bool = True) -> pd.DataFrame:
    rows = []
    for attempt, a, drawn, mark in ATTEMPTS:
        rows += [
            {"attempt_id": attempt, "question_id": "a", "score": a, "max_score": 1, "slot": 1},
            {"attempt_id": attempt, "question_id": drawn, "score": mark, "max_score": 1, "slot": 2},
            {"attempt_id": attempt, "question_id": "info", "score": 0, "max_score": 0, "slot": 3},
        ]
    frame = pd.DataFrame(rows)
    return frame if with_slots else frame.drop(columns="slot")


def correlation(x: list[float], y: list[float]) -> float:
    return 100 * float(np.corrcoef(x, y)[0, 1])


def test_a_question_worth_no_marks_is_reported_with_nulls_and_effective_weight_0():
    report = analyse(table(with_slots=False))
    info = next(q for q in report.questions if q.question_id == "info")
    assert (info.facility, info.sd, info.discrimination_index) == (None, None, None)
    assert info.discriminative_efficiency is None
    assert info.effective_weight == 0
    assert info.intended_weight == 0
    others = [q.effective_weight for q in report.questions if q.question_id != "info"]
    assert sum(others) == pytest.approx(100)


def test_a_test_where_every_question_is_worth_nothing_has_no_test_statistics():
    frame = pd.DataFrame(
        [{"attempt_id": i, "question_id": "info", "score": 0, "max_score": 0} for i in range(3)]
    )
    report = analyse(frame)
    assert report.test.mean is None and report.questions[0].facility is None


def test_a_slot_is_correlated_with_the_rest_of_the_test():
    report = analyse(table())
    slot = next(q for q in report.questions if q.question_id == "slot 2")
    marks = [mark for *_, mark in ATTEMPTS]
    rest = [a for _, a, _, _ in ATTEMPTS]
    assert (slot.slot, slot.drawn, slot.n) == ("2", False, 6)
    assert slot.discrimination_index == pytest.approx(correlation(marks, rest))
    assert slot.effective_weight is not None


def test_questions_drawn_at_random_are_correlated_with_the_whole_attempt_total():
    report = analyse(table())
    drawn = {q.question_id: q for q in report.questions if q.drawn}
    assert set(drawn) == {"r1", "r2"}
    for question_id, question in drawn.items():
        mine = [(a + mark, mark) for _, a, name, mark in ATTEMPTS if name == question_id]
        totals, marks = [t for t, _ in mine], [m for _, m in mine]
        assert question.n == 3
        assert question.slot == "2"
        assert question.facility == pytest.approx(100 * np.mean(marks))
        assert question.discrimination_index == pytest.approx(correlation(marks, totals))
        assert question.effective_weight is None


def test_drawn_questions_follow_their_slot_in_the_report():
    order = [q.question_id for q in analyse(table()).questions]
    assert order == ["a", "slot 2", "r1", "r2", "info"]


def test_the_command_line_prints_slots_and_drawn_questions(tmp_path):
    path = tmp_path / "r.csv"
    table().to_csv(path, index=False)
    result = run_cli("stats", "--responses", str(path))
    assert result.returncode == 0, result.stderr
    assert '"drawn": true' in result.stdout
    assert '"question_id": "info"' in result.stdout


def test_two_questions_in_one_slot_of_one_attempt_are_refused(tmp_path):
    frame = table()
    frame.loc[frame.index[1], "slot"] = 1
    with pytest.raises(StatsError, match="row 3: an attempt has two questions in slot 1"):
        analyse(frame)


# Variants: slot 1 holds question v in two variants; slot 2 draws r1 (in two variants) or r2.
VARIANTS = [
    (1, 1, 1.0, "r1", 1, 1.0),
    (2, 2, 0.0, "r2", 1, 0.0),
    (3, 1, 1.0, "r1", 2, 0.0),
    (4, 2, 1.0, "r1", 1, 1.0),
    (5, 1, 0.0, "r2", 1, 1.0),
    (6, 2, 1.0, "r1", 2, 1.0),
    (7, 1, 0.0, "r1", 1, 0.0),
]


def variant_table() -> pd.DataFrame:
    rows = []
    for attempt, v_variant, v_mark, drawn, d_variant, d_mark in VARIANTS:
        rows += [
            {"attempt_id": attempt, "question_id": "v", "variant": v_variant, "score": v_mark,
             "max_score": 1, "slot": 1},
            {"attempt_id": attempt, "question_id": drawn, "variant": d_variant, "score": d_mark,
             "max_score": 1, "slot": 2},
        ]  # fmt: skip
    return pd.DataFrame(rows)


def test_variants_of_a_slot_use_the_rest_of_the_test_and_of_a_drawn_question_the_total():
    report = analyse(variant_table())
    rows = [(q.question_id, q.variant, q.drawn) for q in report.questions]
    assert rows == [
        ("v", None, False),
        ("v", "1", False),
        ("v", "2", False),
        ("slot 2", None, False),
        ("r1", None, True),
        ("r1", "1", True),
        ("r1", "2", True),
        ("r2", None, True),
    ]
    slot_variant = report.questions[1]
    mine = [(v_mark, d_mark) for _, vv, v_mark, _, _, d_mark in VARIANTS if vv == 1]
    assert slot_variant.discrimination_index == pytest.approx(
        correlation([m for m, _ in mine], [d for _, d in mine])
    )
    drawn_variant = report.questions[5]
    mine = [(d_mark, v_mark + d_mark) for *_, v_mark, name, dv, d_mark in VARIANTS
            if (name, dv) == ("r1", 1)]  # fmt: skip
    assert drawn_variant.n == 3
    assert drawn_variant.discrimination_index == pytest.approx(
        correlation([m for m, _ in mine], [t for _, t in mine])
    )
    assert all(q.effective_weight is None for q in report.questions if q.variant or q.drawn)


def test_variant_appears_in_the_json_only_for_a_table_with_variants():
    assert "variant" in analyse(variant_table()).to_json()["questions"][0]
    assert "variant" not in analyse(table()).to_json()["questions"][0]
