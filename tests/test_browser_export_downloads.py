"""Prepared files in a real browser: one "Prepare" makes a CSV and an Excel file, and
downloading either leaves the other offered, on the Gradebook and on Logbook review."""

from __future__ import annotations

import codecs
import csv
import io
import random
from pathlib import Path

import pytest
from openpyxl import load_workbook

from needlewise.store import open_store

from .browser_harness import leave, open_from_menu, running_app, settle, sign_in
from .builders import add_user, log_treatment, shipped_content, take

pytestmark = pytest.mark.browser
CONTENT = shipped_content()


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('exports') / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    tess = add_user(engine, "tess", name="Tess Trainee")
    take(engine, CONTENT, tess, CONTENT.course.modules[0].quiz, 0.5, random.Random(1))
    log_treatment(engine, tess)
    with running_app(url) as address:
        yield address
    engine.dispose()


def download(page, label: str) -> bytes:
    with page.expect_download() as started:
        page.get_by_role("button", name=label).click()
    return Path(started.value.path()).read_bytes()


def cells(data: bytes) -> list:
    sheet = load_workbook(io.BytesIO(data)).active
    return [cell for row in sheet.iter_rows(values_only=True) for cell in row]


def download_both(page, menu: str, prepare: str, first: str, second: str):
    """Prepare a page's files and save the first, then the second: still offered."""
    from playwright.sync_api import expect

    open_from_menu(page, menu)
    page.get_by_role("button", name=prepare).click()
    settle(page)
    saved = download(page, first)
    settle(page)
    expect(page.get_by_role("button", name=second)).to_be_visible()
    return saved, download(page, second)


def test_both_gradebook_files_stay_offered_after_either_is_downloaded(page, app):
    from playwright.sync_api import expect

    sign_in(page, app, "ian")
    text, workbook = download_both(
        page, "Gradebook", "Prepare gradebook export", "Gradebook (CSV)", "Gradebook (Excel)"
    )
    rows = csv.DictReader(io.StringIO(text.decode("utf-8-sig")))
    assert [row["Username"] for row in rows] == ["tess"]
    assert "Tess Trainee" in cells(workbook)
    settle(page)
    # And the first one again, for a browser that lost it.
    assert "tess" in download(page, "Gradebook (CSV)").decode("utf-8-sig")
    expect(page.get_by_text("however often you download them")).to_be_visible()
    expect(page.get_by_role("button", name="Prepare gradebook export")).to_have_count(0)
    page.get_by_role("button", name="Discard").click()
    settle(page)
    expect(page.get_by_role("button", name="Prepare gradebook export")).to_be_visible()
    expect(page.get_by_role("button", name="Gradebook (CSV)")).to_have_count(0)
    assert page.locator("[data-testid='stException']").count() == 0
    leave(page)


def test_both_logbook_files_stay_offered_after_either_is_downloaded(page, app):
    sign_in(page, app, "ian")
    text, workbook = download_both(
        page,
        "Logbook review",
        "Prepare all logbook entries (CSV and XLSX)",
        "All entries (CSV)",
        "All entries (XLSX)",
    )
    # With a byte-order mark, as the gradebook's: Excel reads the file as UTF-8.
    assert text.startswith(codecs.BOM_UTF8)
    rows = csv.DictReader(io.StringIO(text.decode("utf-8-sig")))
    assert [row["trainee"] for row in rows] == ["tess"]
    assert "C-1" in cells(workbook)
    assert page.locator("[data-testid='stException']").count() == 0
    leave(page)
