"""The files made for a spreadsheet: every CSV starts with a byte-order mark (Excel then
reads it as UTF-8), and text someone typed never runs as a formula in the logbook's files,
while the page's own table keeps it as typed."""

from __future__ import annotations

import codecs
import csv
import io

import pandas as pd
from openpyxl import load_workbook

from needlewise import gradebook, item_exports
from needlewise.logbook import exports
from needlewise.stats import analyse

from .builders import shipped_content

QUIZ = shipped_content().quizzes["m1-quiz"].quiz
TYPED = '=HYPERLINK("http://example.invalid","open")'


def logbook_table() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"entry": 1, "trainee": "zoë", "client reference": TYPED, "device": "+pen",
             "passes": 3, "supervisor comment": "-2 passes next time"},
        ]
    )  # fmt: skip


def item_report():
    ids = [q.id for _, q in QUIZ.leaves()]
    return analyse(
        pd.DataFrame(
            [
                {"attempt_id": a, "question_id": q, "score": (a + i) % 2, "max_score": 1}
                for a in range(6)
                for i, q in enumerate(ids)
            ]
        )
    )


def test_every_csv_offered_starts_with_a_byte_order_mark_and_keeps_accents():
    files = {
        "gradebook": gradebook.to_csv(pd.DataFrame([{"Username": "zoë"}])),
        "logbook": exports.to_csv(logbook_table()),
        "item statistics": item_exports.to_csv(item_report(), QUIZ),
    }
    for name, data in files.items():
        assert data.startswith(codecs.BOM_UTF8), name
    assert "zoë" in files["gradebook"].decode("utf-8-sig")
    assert "zoë" in files["logbook"].decode("utf-8-sig")


def test_typed_text_in_the_logbook_csv_cannot_run_as_a_formula():
    table = logbook_table()
    [row] = csv.DictReader(io.StringIO(exports.to_csv(table).decode("utf-8-sig")))
    assert row["client reference"] == "'" + TYPED
    assert row["device"] == "'+pen"
    assert row["supervisor comment"] == "'-2 passes next time"
    assert row["passes"] == "3"
    # The table the page shows is not changed by making the file.
    assert table.loc[0, "client reference"] == TYPED


def test_typed_text_in_the_logbook_workbook_is_text_not_a_formula():
    sheet = load_workbook(io.BytesIO(exports.to_xlsx(logbook_table()))).active
    header = [cell.value for cell in sheet[1]]
    cells = dict(zip(header, sheet[2], strict=True))
    assert cells["client reference"].data_type == "s"
    assert cells["client reference"].value == "'" + TYPED
    assert cells["passes"].value == 3


def test_a_question_that_starts_like_a_formula_is_text_in_the_item_csv():
    report = item_report()
    formula_like = QUIZ.model_copy(deep=True)
    question = next(q for _, q in formula_like.leaves())
    question.prompt = "=1+1 " + question.prompt
    text = item_exports.to_csv(report, formula_like).decode("utf-8-sig")
    cells = [value for row in csv.reader(io.StringIO(text)) for value in row]
    assert any(value.startswith("'=1+1 ") for value in cells)
    assert not any(value.startswith("=") for value in cells)
