"""In Chromium, on SQLite and PostgreSQL: what an instructor types into a database quiz's
editor in the Quiz studio survives going to another page and back and a reload (the editor
opens with it and says so), Discard brings the saved version back, and saving a draft
leaves nothing to restore."""

from __future__ import annotations

import re

import pytest

from needlewise import quiz_bank, unsaved_edits
from needlewise.store import open_store

from .browser_harness import open_from_menu, running_app, settle, sign_in, visit
from .builders import add_user, row_counts
from .studio_browser import EDITOR, TEXT, editor, type_at_the_end, wait_until_kept

pytestmark = pytest.mark.browser

QUIZ = "m1-extra"
SAVED = quiz_bank.template(QUIZ, "Extra practice on skin", "m1", "m1.skin-structure")
SAVED_LINE = "Write the question a trainee reads here."
TYPED = "# Ask about the dermis next."
RESTORED = re.compile(r"^Unsaved changes from \d{2} \w{3} \d{4}, \d{2}:\d{2} \w+ restored")
KEPT = "Unsaved changes, kept on the server"


def expect_restored(page) -> None:
    """The editor holds the typed line and the page says it restored it."""
    from playwright.sync_api import expect

    expect(page.get_by_text(RESTORED)).to_be_visible()
    expect(editor(page).locator(TEXT)).to_contain_text(TYPED)
    expect(editor(page).locator(TEXT)).to_contain_text(SAVED_LINE)


def test_typed_text_survives_leaving_the_page_and_a_reload_until_discarded_or_saved(
    page, store_url, tmp_path
):
    from playwright.sync_api import expect

    engine = open_store(store_url)
    ian = add_user(engine, "ian", roles=("instructor",))
    quiz_bank.save_draft(engine, QUIZ, SAVED, author=ian, file_ids=set())
    with running_app(store_url, log_path=tmp_path / "server.log") as address:
        sign_in(page, address, "ian")
        visit(page, f"{address}/studio")
        opened = page.get_by_test_id("stSelectbox").filter(has_text="Quiz to open")
        expect(opened.locator("input")).to_have_value(f"{QUIZ} (database)")
        expect(editor(page).locator(TEXT)).to_contain_text(SAVED_LINE)
        expect(page.get_by_text(RESTORED)).to_have_count(0)

        type_at_the_end(page, TYPED)
        expect(page.get_by_text(KEPT)).to_be_visible()
        wait_until_kept(page, engine, QUIZ, ian, TYPED)

        open_from_menu(page, "Course")
        expect(page.locator(EDITOR)).to_have_count(0)
        open_from_menu(page, "Quiz studio")
        expect_restored(page)

        page.reload()
        settle(page)
        expect(page.get_by_text("Signed in as").first).to_be_visible()
        expect_restored(page)

        page.get_by_role("button", name="Discard unsaved changes").click()
        settle(page)
        expect(page.get_by_text(RESTORED)).to_have_count(0)
        expect(editor(page).locator(TEXT)).not_to_contain_text(TYPED)
        expect(editor(page).locator(TEXT)).to_contain_text(SAVED_LINE)
        assert unsaved_edits.to_restore(engine, QUIZ, author=ian) is None
        page.reload()
        settle(page)
        expect(editor(page).locator(TEXT)).not_to_contain_text(TYPED)
        expect(page.get_by_text(RESTORED)).to_have_count(0)

        type_at_the_end(page, TYPED)
        wait_until_kept(page, engine, QUIZ, ian, TYPED)
        # Saving clears what was kept for Ian, also what another tab of his kept meanwhile.
        unsaved_edits.keep(engine, QUIZ, SAVED + "# other tab\n", based_on=1, author=ian)
        editor(page).get_by_role("button", name="Save draft").click()
        expect(page.get_by_text(f"Saved db/{QUIZ}@v2 as a draft.")).to_be_visible()
        assert row_counts(engine)["unsaved_edits"] == 0
        page.reload()
        settle(page)
        expect(page.get_by_text("Newest version: v2 (draft, by ian).")).to_be_visible()
        expect(editor(page).locator(TEXT)).to_contain_text(TYPED)
        expect(page.get_by_text(RESTORED)).to_have_count(0)
        expect(page.get_by_text(KEPT)).to_have_count(0)
    engine.dispose()
