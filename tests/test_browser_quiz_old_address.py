"""An old quiz address (a bookmark, the browser's history) naming an attempt handed in long
ago, opened while the trainee has another attempt open: the page shows the open attempt
and says the address was for the earlier one, instead of that attempt's result under a
warning that work done here was lost."""

from __future__ import annotations

import pytest

from needlewise import attempts, progress
from needlewise.store import open_store

from .browser_harness import running_app, sign_in, visit
from .builders import add_user, write_course

pytestmark = pytest.mark.browser

HANDED_IN = "already been submitted, perhaps in another tab"


def test_an_old_address_opens_the_attempt_that_is_open(page, tmp_path):
    from playwright.sync_api import expect

    content, quizzes = write_course(tmp_path)
    url = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(url)
    tess = add_user(engine, "tess", name="Tess Trainee")
    progress.mark_read(engine, tess.id, "a-one")
    folders = {"NEEDLEWISE_CONTENT_DIR": str(content), "NEEDLEWISE_QUIZZES_DIR": str(quizzes)}
    with running_app(url, folders, log_path=tmp_path / "server.log") as address:
        from needlewise.content import load_content

        loaded = load_content(content, quizzes, base=tmp_path).quizzes["a-quiz"]
        first = attempts.start_or_resume(engine, tess.id, loaded, 50)
        attempts.submit(engine, first.id, tess.id)
        second = attempts.start_or_resume(engine, tess.id, loaded, 50)
        sign_in(page, address, "tess")
        visit(page, f"{address}/quiz?id=a-quiz&attempt={first.id}&page=2")
        expect(
            page.get_by_text("That address was for attempt 1, handed in", exact=False)
        ).to_be_visible()
        expect(page.get_by_text("Your attempt 2 is open: here it is.", exact=False)).to_be_visible()
        expect(page.get_by_text("Attempt 2 · answers are saved as you go")).to_be_visible()
        expect(page.get_by_text(HANDED_IN)).to_have_count(0)
        expect(page).not_to_have_url(f"{address}/quiz?id=a-quiz&attempt={first.id}&page=2")
        page.get_by_role("radio", name="Right").check(force=True)
        expect(page.get_by_role("radio", name="Right")).to_be_checked()
        page.wait_for_timeout(500)
        saved = attempts.saved_responses(engine, second.id)
        assert "a-single" in saved and saved["a-single"].response is not None
        assert [a.state for a in attempts.for_user(engine, tess.id)] == [
            "submitted",
            "in_progress",
        ]
    engine.dispose()
