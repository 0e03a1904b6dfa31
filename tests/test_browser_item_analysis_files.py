"""Item analysis in a real browser: its files hold the statistics on screen, and a new
submission shows at the next click (nothing is kept between runs)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from needlewise import attempts, display, item_exports
from needlewise.quiz.layout import leaf_ids
from needlewise.quiz.scoring import correct_response
from needlewise.store import open_store

from .browser_harness import leave, open_from_menu, running_app, sign_in, visit
from .builders import add_user, shipped_content

pytestmark = pytest.mark.browser
CONTENT = shipped_content()
QUIZ = CONTENT.quizzes[CONTENT.quiz_order()[0]]


def submit(engine, user, right: int) -> None:
    """One submitted attempt at the first quiz, its first ``right`` questions answered."""
    attempt = attempts.start_or_resume(engine, user.id, QUIZ, 80)
    shown = leaf_ids(attempt.layout)[:right]
    answers = {q: correct_response(QUIZ.quiz.leaf(q)) for q in shown}
    attempts.save_many(engine, attempt.id, user.id, answers)
    attempts.submit(engine, attempt.id, user.id)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('items') / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    for n in range(3):
        submit(engine, add_user(engine, f"t{n}"), right=n * 4)
    with running_app(url) as address:
        yield address, engine
    engine.dispose()


def attempts_heading(page, count: int):
    return page.get_by_role("heading", name=f"The test ({count} attempts)")


def download(page, label: str) -> str:
    with page.expect_download() as started:
        page.get_by_role("button", name=label).click()
    return Path(started.value.path()).read_text(encoding="utf-8")


def test_the_files_hold_the_statistics_shown(page, app):
    from playwright.sync_api import expect

    address, _ = app
    sign_in(page, address, "ian")
    visit(page, f"{address}/item_analysis?items_tab=Questions")
    expect(page.get_by_role("heading", name="Item analysis")).to_be_visible()
    expect(attempts_heading(page, 3)).to_be_visible()
    statistics = json.loads(download(page, "Statistics (JSON)"))
    assert statistics["attempts"] == 3
    ids = [q["question_id"] for q in statistics["questions"]]
    assert ids and set(ids) <= {q.id for _, q in QUIZ.quiz.leaves()}
    text = download(page, "Statistics (CSV)")
    # With a byte-order mark, as the gradebook's: Excel reads the file as UTF-8.
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [row["Id"] for row in rows] == ids
    # Both files hold the numbers as the page shows them: one decimal, rounded down.
    numbers = [v for v in statistics["test"].values() if v is not None] + [
        q[k] for q in statistics["questions"] for k in item_exports.STATISTICS if q[k] is not None
    ]
    assert numbers and all(display.rounded(v) == v for v in numbers)
    for row, question in zip(rows, statistics["questions"], strict=True):
        assert float(row["Facility %"]) == question["facility"]
    # The file holds every question whole, which the page shortens to fit its column.
    for row in rows:
        assert row["Question"] == display.shorten(QUIZ.quiz.leaf(row["Id"]).prompt, 10_000)
    assert any(len(row["Question"]) > 80 for row in rows)
    leave(page)


def test_a_new_submission_shows_at_the_next_click(page, app):
    from playwright.sync_api import expect

    address, engine = app
    sign_in(page, address, "ian")
    visit(page, f"{address}/item_analysis")
    expect(attempts_heading(page, 3)).to_be_visible()
    submit(engine, add_user(engine, "late"), right=10)
    open_from_menu(page, "Depth explorer")
    open_from_menu(page, "Item analysis")
    expect(attempts_heading(page, 4)).to_be_visible()
    leave(page)
