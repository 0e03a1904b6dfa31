"""Turning a quiz page with the keyboard, in Chromium: after Next page (Enter on the button)
the focus is on the new page's heading line, which says which page it is, and the next Tab
reaches the page's first question (its heading's link), not the Finish button and the
sidebar."""

from __future__ import annotations

import pytest

from needlewise import progress
from needlewise.store import open_store

from .browser_harness import running_app, settle, sign_in, visit
from .builders import add_user, paged_quiz, write_course

pytestmark = pytest.mark.browser


FOCUSED_TEXT = "() => document.activeElement ? document.activeElement.innerText : ''"
# The question box holding the focused element (its heading's link, or an option).
FOCUSED_QUESTION = """() => document.activeElement
  ?.closest("[class*='st-key-nwq-'][class*='-a-q']")?.innerText || ''"""


def test_next_page_by_keyboard_starts_the_new_page_at_its_top(page, tmp_path):
    from playwright.sync_api import expect

    content, quizzes = write_course(tmp_path)
    (quizzes / "a-quiz.yaml").write_text(paged_quiz())
    url = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(url)
    tess = add_user(engine, "tess", name="Tess Trainee")
    progress.mark_read(engine, tess.id, "a-one")
    folders = {"NEEDLEWISE_CONTENT_DIR": str(content), "NEEDLEWISE_QUIZZES_DIR": str(quizzes)}
    with running_app(url, folders) as address:
        sign_in(page, address, "tess")
        visit(page, f"{address}/quiz?id=a-quiz")
        page.get_by_role("button", name="Start an attempt").click()
        settle(page)
        expect(page.get_by_text("page 1 of 3")).to_be_visible()
        page.get_by_role("button", name="Next page").focus()
        page.keyboard.press("Enter")
        settle(page)
        expect(page.get_by_text("page 2 of 3")).to_be_visible()
        page.wait_for_function("() => document.activeElement?.innerText?.includes('page 2 of 3')")
        assert "Attempt 1 · page 2 of 3" in page.evaluate(FOCUSED_TEXT)
        page.keyboard.press("Tab")
        assert "Question text 2." in page.evaluate(FOCUSED_QUESTION)
    engine.dispose()
