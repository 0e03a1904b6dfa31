"""The logbook export's `reviewed` column is a time to the second in the clinic's zone,
as every time in a CSV the app offers is, and a date-time in the workbook."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import yaml
from openpyxl import load_workbook

from needlewise.logbook import exports
from needlewise.logbook.entries import Entry
from needlewise.logbook.lists import LogbookLists

from .builders import ROOT

LISTS = LogbookLists.model_validate(
    yaml.safe_load((ROOT / "content" / "logbook.yaml").read_text(encoding="utf-8"))
)
REGIONS = {"cheeks": "Cheeks"}
# Naive UTC, as stored: 09:05:07 UTC is 10:05:07 in London in July.
REVIEWED = datetime(2026, 7, 1, 9, 5, 7, 654321)


def entry(entry_id: int, reviewed_at: datetime | None) -> Entry:
    return Entry(
        id=entry_id,
        trainee_id=1,
        trainee_username="tess",
        trainee_name="Tess Trainee",
        treated_on=datetime(2026, 6, 30),
        client_ref="C-0142",
        fitzpatrick=2,
        status="accepted" if reviewed_at else "submitted",
        details={"areas": {"cheeks": 0.5}, "consent": True},
        flags=[],
        created_at=datetime(2026, 6, 30, 12),
        updated_at=datetime(2026, 6, 30, 12),
        reviewed_by=2 if reviewed_at else None,
        reviewer_name="Ian Instructor" if reviewed_at else None,
        reviewed_at=reviewed_at,
        review_comment=None,
        anonymised_at=None,
    )


ENTRIES = [entry(1, REVIEWED), entry(2, None)]


def test_the_csv_gives_the_review_to_the_second_in_the_clinics_zone():
    table = exports.rows(ENTRIES, LISTS, REGIONS, "Europe/London")
    written = list(csv.DictReader(io.StringIO(exports.to_csv(table).decode("utf-8-sig"))))
    assert [row["reviewed"] for row in written] == ["2026-07-01 10:05:07", ""]


def test_without_a_zone_the_review_is_in_utc():
    assert list(exports.rows(ENTRIES, LISTS, REGIONS)["reviewed"]) == ["2026-07-01 09:05:07", ""]


def test_the_workbook_holds_the_review_as_a_date_time():
    table = exports.rows(ENTRIES, LISTS, REGIONS, "Europe/London")
    sheet = load_workbook(io.BytesIO(exports.to_xlsx(table))).active
    header = [cell.value for cell in sheet[1]]
    column = header.index("reviewed")
    assert [row[column].value for row in sheet.iter_rows(min_row=2)] == [
        datetime(2026, 7, 1, 10, 5, 7),
        None,
    ]
    # The page's own table is not changed by making the file.
    assert table.loc[0, "reviewed"] == "2026-07-01 10:05:07"
