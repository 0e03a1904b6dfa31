"""In a real browser (issue 17): an instructor signs in through the real form, opens the
Gradebook of 205 trainees, which draws the first 200 rows, searches for one beyond them,
opens that trainee's answers in full, and downloads an export that still holds everyone.
(The grid draws cells on a canvas; that an untaken quiz is drawn empty rather than "None"
is checked on the element's placeholder in tests/test_gradebook_paging.py.)"""

from __future__ import annotations

import csv
import io

import pytest

from needlewise import attempts
from needlewise.quiz.scoring import correct_response
from needlewise.store import open_store

from .browser_harness import choose, open_from_menu, running_app, settle, sign_in
from .builders import add_user, shipped_content

pytestmark = pytest.mark.browser

CONTENT = shipped_content()
TRAINEES = 205


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gradebook_paging")
    url = f"sqlite:///{folder / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    usernames = [
        add_user(engine, f"t{n:03d}", name=f"Trainee {n:03d}").username for n in range(TRAINEES - 1)
    ]
    zed = add_user(engine, "zed", name="Zed Zulu")  # sorted last: beyond the first page
    loaded = CONTENT.quizzes[CONTENT.course.modules[0].quiz]
    attempt = attempts.start_or_resume(engine, zed.id, loaded, 80)
    attempts.save_many(
        engine, attempt.id, zed.id, {q.id: correct_response(q) for _, q in loaded.quiz.leaves()}
    )
    attempts.submit(engine, attempt.id, zed.id)
    with running_app(url) as address:
        yield address, {*usernames, "zed"}, loaded.quiz.title
    engine.dispose()


def cells(page) -> list[str]:
    """The texts of the table's cells, from the grid's accessible table."""
    return page.locator("[data-testid='stDataFrame'] td").all_inner_texts()


def test_an_instructor_searches_the_gradebook_and_exports_everyone(page, app):
    from playwright.sync_api import expect

    address, usernames, first_quiz = app
    sign_in(page, address, "ian")
    open_from_menu(page, "Gradebook")
    expect(page.get_by_text(f"{TRAINEES} trainees; rows 1-200 shown")).to_be_visible()
    page.locator("td", has_text="Trainee 000").first.wait_for(state="attached")
    assert "Zed Zulu" not in cells(page)

    search = page.get_by_role("textbox", name="Find a trainee")
    search.fill("zulu")
    search.press("Enter")
    settle(page)
    expect(page.get_by_text(f"1 of {TRAINEES} trainees match")).to_be_visible()
    page.locator("td", has_text="Zed Zulu").first.wait_for(state="attached")
    shown = cells(page)
    assert "Trainee 000" not in shown
    assert "100" in shown  # Zed's grade on the first module's quiz

    # Zed's attempt, on the Attempts tab (which offers whom the search found), once he is
    # picked: its answers when asked for.
    page.get_by_role("tab", name="Attempts").click()
    settle(page)
    expect(page.get_by_text("The trainees the search above finds.")).to_be_visible()
    expect(page.get_by_text("Show the answers in full")).to_have_count(0)
    choose(page, "stSelectbox", "Attempts of", "Zed Zulu")
    settle(page)
    assert page.get_by_text("Zed Zulu's answer:").count() == 0
    page.get_by_text("Show the answers in full").click()
    settle(page)
    expect(page.get_by_text("Zed Zulu's answer:").first).to_be_visible()

    page.get_by_role("tab", name="Trainees").click()
    settle(page)
    page.get_by_role("button", name="Prepare gradebook export").click()
    settle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Gradebook (CSV)").click()
    settle(page)
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text("utf-8-sig"))))
    assert {row["Username"] for row in rows} == usernames
    [zed] = [row for row in rows if row["Username"] == "zed"]
    assert zed[f"{first_quiz} (%)"] == "100.0"
    assert page.locator("[data-testid='stException']").count() == 0
