"""The Gradebook's files: the CSV writes the last activity to the second, the workbook keeps
it as a real date-time, and both hold the grades rounded by the one rule."""

from __future__ import annotations

import csv
import io
import random
import re
from datetime import datetime, timedelta

from openpyxl import load_workbook

from needlewise import clock, display, gradebook

from .builders import add_user, load_test_course, take

LAST = "Last activity (Europe/Oslo)"
GRADE = "Quiz a-quiz (%)"


def test_the_csv_writes_the_last_activity_to_the_second_and_the_workbook_a_date_time(
    engine, tmp_path
):
    content = load_test_course(tmp_path)
    tess = add_user(engine, "tess", name="Tess Trainee")
    take(engine, content, tess, "a-quiz", 0.5, random.Random(3))
    found = gradebook.overview(engine, content, None, clock.now(), 14, 80.0)
    table = gradebook.export_columns(found.table, content, "Europe/Oslo")
    [row] = csv.DictReader(io.StringIO(gradebook.to_csv(table).decode("utf-8-sig")))
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", row[LAST]), row[LAST]
    sheet = load_workbook(io.BytesIO(gradebook.to_xlsx(table))).active
    headings = [cell.value for cell in sheet[1]]
    cells = dict(zip(headings, [cell.value for cell in sheet[2]], strict=True))
    moment = table[LAST].iloc[0].to_pydatetime()
    assert moment.replace(microsecond=0).isoformat(sep=" ") == row[LAST]
    assert isinstance(cells[LAST], datetime)  # Excel stores milliseconds
    assert abs(cells[LAST] - moment) < timedelta(milliseconds=1)
    grade = found.table.set_index("username").loc["tess", "a-quiz"]
    assert float(row[GRADE]) == cells[GRADE] == display.rounded(grade)
