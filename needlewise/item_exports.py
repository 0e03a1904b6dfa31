"""The Item analysis page's tables (the test's figures, the questions) and its files (CSV
and JSON), with what each figure means.

The files hold what the Questions tab shows, so a file and the screen never disagree:
every statistic is rounded by the one rule in ``display`` (one decimal place, rounded
down), in the CSV and in the JSON alike. The one difference is the question: the screen
shortens a long prompt to fit its column, a file holds it whole, since it is read for the
words. A part of a case is named with its case (the Case column, and ``case`` in the
JSON): its prompt alone ("What should you tell her?") does not say which client it is
about. The ``stats`` command is the tool for further computation and prints the
statistics unrounded.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Literal, NamedTuple

import pandas as pd

from . import spreadsheet
from .display import NONE, rounded
from .item_review import case_of, question_text
from .quiz.schema import Quiz
from .stats import Report

HEADINGS = {
    "case": "Case",
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
STATISTICS = frozenset(HEADINGS) - {"case", "question", "question_id", "n"}
# What each column means, in a sentence (Moodle's quiz statistics, as ``stats`` computes
# them); the Questions tab shows it as the column's help.
MEANINGS = {
    "case": "The case (client story) the question is a part of; empty for a question on its own.",
    "question": "The question as trainees read it.",
    "question_id": "The question's id in the quiz file or the Quiz studio.",
    "n": "How many of the analysed attempts had this question.",
    "facility": "The average mark on the question as a percentage of its full marks: "
    "the higher, the easier.",
    "sd": "How much the marks on the question vary between attempts, as a percentage of its "
    "full marks: 0 when everyone scored the same.",
    "random_guess_score": "The mark a trainee would expect by guessing at random, as a "
    "percentage of its full marks; empty where none is defined for the question's type "
    "(tick all that apply).",
    "intended_weight": "The question's share of the test's total marks, as the quiz sets it.",
    "effective_weight": "The question's actual share of the spread of total marks (from how "
    "its marks vary with the total); far from the intended weight means it counts for more "
    "or less than intended, and it is empty when its marks go against the total or for a "
    "question drawn at random into a place in the test.",
    "discrimination_index": "How closely marks on this question go with marks on the rest "
    "of the test (a correlation, from -100 to 100; for a question drawn at random into a "
    "place, with the whole test): high means it separates trainees who know the topic from "
    "those who do not; negative means weaker trainees do better on it.",
    "discriminative_efficiency": "The discrimination index as a percentage of the highest "
    "it could reach given how marks on the question and on the test are spread: a very easy "
    "or very hard question cannot discriminate much, and this allows for that.",
}
# The test's figures as the Summary tab names them, and what each means.
TEST_HEADINGS = {
    "mean": "Mean",
    "median": "Median",
    "sd": "Standard deviation",
    "cic": "Internal consistency (alpha)",
    "skewness": "Skewness",
    "kurtosis": "Kurtosis",
    "error_ratio": "Error ratio",
    "standard_error": "Standard error",
}
TEST_MEANINGS = {
    "mean": "The average total mark, as a percentage of the full marks.",
    "median": "The middle total mark: half the attempts scored this or more.",
    "sd": "How widely total marks spread around the mean, in percentage points of the full marks.",
    "cic": "How consistently the questions measure the same thing (Cronbach's alpha, 100 at "
    "most): the higher, the more a trainee's total reflects what they know rather than chance.",
    "skewness": "Whether total marks lean to one side: negative when most marks are high "
    "with a tail of low ones, positive when most are low with a tail of high ones, near 0 "
    "when balanced.",
    "kurtosis": "How the total marks bunch compared with a bell curve (0): positive when most "
    "sit close to the middle with a few far out, negative when they spread out flatly.",
    "error_ratio": "The share of the standard deviation of total marks that is down to "
    "chance rather than real differences between trainees (the square root of 1 minus "
    "alpha): the lower the better; Moodle treats above 50% as below the expected standard.",
    "standard_error": "How far a trainee's total mark may be from their true mark by chance "
    "(the error ratio times the standard deviation), in percentage points: a mark within "
    "about two standard errors of the pass mark could have fallen either side of it.",
}
# Shown as numbers without a % sign; the other test figures are percentages.
PLAIN = frozenset({"skewness", "kurtosis"})


def shown(value: float | None, plain: bool = False) -> str:
    """A test figure as the Summary tab shows it: one decimal place, rounded down like every
    statistic (so 8.0% reads "8.0%" beside "10.8%"), a dash for no value."""
    figure = rounded(value)
    if figure is None:
        return NONE
    return f"{figure:.1f}" + ("" if plain else "%")


def test_rows(report: Report) -> list[dict[str, str]]:
    """The test's figures for the Summary tab: name, value and what it means."""
    found = report.to_json()["test"]
    return [
        {
            "Test statistic": heading,
            "Value": shown(found[key], plain=key in PLAIN),
            "What it means": TEST_MEANINGS[key],
        }
        for key, heading in TEST_HEADINGS.items()
    ]


# Columns of text wide enough to read: an id like m1-case-early-review-advice whole. The id
# stays in view (pinned) while the statistics scroll sideways past the case and question.
Width = Literal["small", "medium", "large"]
WIDTHS: dict[str, Width] = {"case": "medium", "question": "medium", "question_id": "medium"}
PINNED = "question_id"


class ColumnHelp(NamedTuple):
    heading: str
    help: str
    width: Width | None
    pinned: bool


def column_help(headings: Iterable[str]) -> list[ColumnHelp]:
    """The Questions tab's columns: each one's meaning, shown as the help of its heading,
    the width of the text columns, and the one pinned in view."""
    keys = {heading: key for key, heading in HEADINGS.items()}
    return [
        ColumnHelp(
            heading,
            MEANINGS[keys[heading]],
            WIDTHS.get(keys[heading]),
            keys[heading] == PINNED,
        )
        for heading in headings
        if heading in keys
    ]


def test_table(report: Report) -> str:
    """The Summary tab's table (Markdown): each test figure, its value, what it means."""
    rows = test_rows(report)
    return "\n".join(
        [
            "| " + " | ".join(rows[0]) + " |",
            "|---|---|---|",
            *("| " + " | ".join(row.values()) + " |" for row in rows),
        ]
    )


def meanings(headings: Iterable[str]) -> str:
    """What the Questions tab's columns mean, as a Markdown list, for the reader who cannot
    hover over a heading (on a phone, with a keyboard)."""
    return "\n".join(f"- **{c.heading}**: {c.help}" for c in column_help(headings))


def has_cases(quiz: Quiz | None) -> bool:
    return quiz is not None and any(case is not None for case, _ in quiz.leaves())


def question_rows(report: Report, quiz: Quiz | None, shorten: bool) -> list[dict]:
    """One row per question, headed as the page heads them; the prompt shortened for the
    screen (``shorten``) or whole for a file, after its case for a quiz with cases. Built
    row by row in Python: for a few dozen questions that is several times quicker than
    rounding and inserting pandas columns."""
    # ``question_text`` never cuts a prompt shorter than its width.
    width = 80 if shorten else sys.maxsize
    cases = has_cases(quiz)
    return [
        {
            **({HEADINGS["case"]: case_of(quiz, row["question_id"])} if cases else {}),
            HEADINGS["question"]: question_text(quiz, row["question_id"], width),
            **{HEADINGS.get(k, k): rounded(v) if k in STATISTICS else v for k, v in row.items()},
        }
        for row in report.to_json()["questions"]
    ]


def statistics(report: Report, quiz: Quiz | None = None) -> dict:
    """The report as JSON (the ``stats`` command's keys), its statistics rounded; for a quiz
    with cases, each question's ``case`` too (null for a question on its own)."""
    found = report.to_json()
    cases = has_cases(quiz)
    return {
        "attempts": found["attempts"],
        "test": {k: rounded(v) for k, v in found["test"].items()},
        "questions": [
            {
                **{k: rounded(v) if k in STATISTICS else v for k, v in row.items()},
                **({"case": case_of(quiz, row["question_id"]) or None} if cases else {}),
            }
            for row in found["questions"]
        ],
    }


def to_csv(report: Report, quiz: Quiz | None) -> bytes:
    return spreadsheet.to_csv(
        spreadsheet.defused(pd.DataFrame(question_rows(report, quiz, shorten=False)))
    )


def to_json(report: Report, quiz: Quiz | None = None) -> bytes:
    return json.dumps(statistics(report, quiz), indent=2).encode()
