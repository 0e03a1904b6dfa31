"""The Item analysis page's files: the CSV holds each question's whole prompt, and the CSV
and the JSON hold the statistics rounded as the page shows them (one decimal, down)."""

from __future__ import annotations

import csv
import io
import json
import random

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
