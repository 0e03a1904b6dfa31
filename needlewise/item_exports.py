"""The Item analysis page's questions table and its files (CSV and JSON).

The files hold what the Questions tab shows, so a file and the screen never disagree:
every statistic is rounded by the one rule in ``display`` (one decimal place, rounded
down), in the CSV and in the JSON alike. The one difference is the question: the screen
shortens a long prompt to fit its column, a file holds it whole, since it is read for the
words. The ``stats`` command is the tool for further computation and prints the
statistics unrounded.
"""

from __future__ import annotations

import json
import sys

import pandas as pd

from . import spreadsheet
from .display import rounded
from .item_review import question_text
from .quiz.schema import Quiz
from .stats import Report

HEADINGS = {
    "question": "Question",
    "question_id": "Id",
    "n": "Attempts",
    "facility": "Facility %",
    "sd": "SD %",
    "random_guess_score": "Random guess %",
    "intended_weight": "Intended weight %",
    "effective_weight": "Effective weight %",
    "discrimination_index": "Discrimination index",
    "discriminative_efficiency": "Discriminative efficiency %",
}
# A question's numbers that are statistics, rounded wherever they are shown or written.
STATISTICS = frozenset(HEADINGS) - {"question", "question_id", "n"}


def question_rows(report: Report, quiz: Quiz | None, shorten: bool) -> list[dict]:
    """One row per question, headed as the page heads them; the prompt shortened for the
    screen (``shorten``) or whole for a file. Built row by row in Python: for a few dozen
    questions that is several times quicker than rounding and inserting pandas columns."""
    # ``question_text`` never cuts a prompt shorter than its width.
    width = 80 if shorten else sys.maxsize
    return [
        {
            HEADINGS["question"]: question_text(quiz, row["question_id"], width),
            **{HEADINGS.get(k, k): rounded(v) if k in STATISTICS else v for k, v in row.items()},
        }
        for row in report.to_json()["questions"]
    ]


def statistics(report: Report) -> dict:
    """The report as JSON (the ``stats`` command's keys), its statistics rounded."""
    found = report.to_json()
    return {
        "attempts": found["attempts"],
        "test": {k: rounded(v) for k, v in found["test"].items()},
        "questions": [
            {k: rounded(v) if k in STATISTICS else v for k, v in row.items()}
            for row in found["questions"]
        ],
    }


def to_csv(report: Report, quiz: Quiz | None) -> bytes:
    return spreadsheet.to_csv(
        spreadsheet.defused(pd.DataFrame(question_rows(report, quiz, shorten=False)))
    )


def to_json(report: Report) -> bytes:
    return json.dumps(statistics(report), indent=2).encode()
