"""The Item analysis page's files: the CSV holds each question's whole prompt, and the CSV
and the JSON hold the statistics rounded as the page shows them (one decimal, down)."""

from __future__ import annotations

import csv
import io
import json
import random
import re
from dataclasses import replace

import pandas as pd

from needlewise import display, item_exports
from needlewise.stats import analyse

from .builders import shipped_content

QUIZ = shipped_content().quizzes["m1-quiz"].quiz
LONG = next(q for _, q in QUIZ.leaves() if len(display.shorten(q.prompt, 10_000)) > 80)


def report():
    """Thirty-one attempts with scores that make long, unrounded statistics."""
    rng = random.Random(7)
    ids = [q.id for _, q in QUIZ.leaves()]
    return analyse(
        pd.DataFrame(
            [
                {"attempt_id": a, "question_id": q, "score": rng.random(), "max_score": 1}
                for a in range(31)
                for q in ids
            ]
        )
    )


def written(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_csv_holds_each_question_in_full_where_the_page_shortens_it():
    found = report()
    rows = {row["Id"]: row for row in written(item_exports.to_csv(found, QUIZ))}
    whole = display.shorten(LONG.prompt, 10_000)
    assert rows[LONG.id]["Question"] == whole
    assert "…" not in rows[LONG.id]["Question"]
    [shown] = [
        row for row in item_exports.question_rows(found, QUIZ, shorten=True) if row["Id"] == LONG.id
    ]
    assert shown["Question"].endswith("…") and len(shown["Question"]) <= 80


def decimals(value) -> int:
    text = repr(value)
    return len(text.split(".")[1]) if "." in text else 0


def test_the_json_and_the_csv_hold_the_statistics_rounded_as_the_page_shows_them():
    found = report()
    raw = found.to_json()
    assert decimals(raw["test"]["mean"]) > 1  # the statistics themselves are not round
    data = json.loads(item_exports.to_json(found))
    assert data["attempts"] == 31
    assert data["test"] == {k: display.rounded(v) for k, v in raw["test"].items()}
    for key in ("mean", "sd", "cic", "standard_error"):
        assert decimals(data["test"][key]) <= 1 and data["test"][key] <= raw["test"][key]
    shown = item_exports.question_rows(found, QUIZ, shorten=True)
    csv_rows = written(item_exports.to_csv(found, QUIZ))
    for question, screen, row in zip(data["questions"], shown, csv_rows, strict=True):
        assert question["question_id"] == screen["Id"] == row["Id"]
        for key, heading in item_exports.HEADINGS.items():
            if key in item_exports.STATISTICS and question[key] is not None:
                assert decimals(question[key]) <= 1, (key, question[key])
                assert question[key] == screen[heading] == float(row[heading]), key
        assert question["n"] == screen["Attempts"] == int(row["Attempts"]) == 31


CASE_PART = next(q.id for case, q in QUIZ.leaves() if case is not None)
CASE_TITLE = next(case.title for case, q in QUIZ.leaves() if q.id == CASE_PART)
ALONE = next(q.id for case, q in QUIZ.leaves() if case is None)


def test_a_part_of_a_case_names_its_case_on_screen_and_in_both_files():
    found = report()
    rows = {row["Id"]: row for row in written(item_exports.to_csv(found, QUIZ))}
    assert rows[CASE_PART]["Case"] == CASE_TITLE
    assert rows[ALONE]["Case"] == ""
    shown = {row["Id"]: row for row in item_exports.question_rows(found, QUIZ, shorten=True)}
    assert shown[CASE_PART]["Case"] == CASE_TITLE
    questions = {
        q["question_id"]: q for q in json.loads(item_exports.to_json(found, QUIZ))["questions"]
    }
    assert questions[CASE_PART]["case"] == CASE_TITLE
    assert questions[ALONE]["case"] is None
    # A quiz without cases has no Case column.
    assert "Case" not in item_exports.question_rows(found, None, shorten=True)[0]


def test_every_column_and_every_test_figure_says_what_it_means_in_one_sentence():
    found = report()
    headings = list(item_exports.question_rows(found, QUIZ, shorten=True)[0])
    helped = item_exports.column_help(headings)
    assert [c.heading for c in helped] == headings
    # The id is readable whole, and stays in view while the statistics scroll past.
    assert [(c.heading, c.width) for c in helped if c.pinned] == [("Id", "medium")]
    figures = item_exports.test_rows(found)
    assert [row["Test statistic"] for row in figures] == list(item_exports.TEST_HEADINGS.values())
    explained = [c.help for c in helped] + [row["What it means"] for row in figures]
    for meaning in explained:
        assert meaning.endswith(".") and ". " not in meaning, meaning
    listed = item_exports.meanings(headings)
    for name in ("SD %", "Random guess %", "Intended weight %", "Effective weight %"):
        assert f"- **{name}**: " in listed
    assert "| Skewness |" in item_exports.test_table(found)


def test_the_summary_shows_one_decimal_everywhere_and_a_dash_for_no_value():
    found = report()
    found.test = replace(found.test, standard_error=8.0211, skewness=-1.25, kurtosis=None)
    values = {row["Test statistic"]: row["Value"] for row in item_exports.test_rows(found)}
    assert values["Standard error"] == "8.0%"
    assert values["Skewness"] == "-1.3"  # rounded down, like every statistic
    assert values["Kurtosis"] == display.NONE
    assert all(v == display.NONE or re.fullmatch(r"-?\d+\.\d%?", v) for v in values.values())
