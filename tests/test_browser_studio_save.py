"""In Chromium, on SQLite and PostgreSQL: the Quiz studio's Save draft and Save and publish
store exactly the text the editor shows, even clicked at once after typing (before the
editor's pause-in-typing report), and a save never silently undoes a colleague's newer
version: with two instructors signed in, the second save is refused, says who saved which
version, keeps the text, and saves over it only when asked to."""

from __future__ import annotations

import re

import pytest

from needlewise import audit, quiz_bank, settings, unsaved_edits
from needlewise.store import open_store

from .browser_harness import running_app, settle, sign_in, visit
from .builders import add_user
from .studio_browser import TEXT, click_in_editor, editor, type_at_the_end, wait_until_kept

pytestmark = pytest.mark.browser

QUIZ = "m1-extra"
SAVED = quiz_bank.template(QUIZ, "Extra practice on skin", "m1", "m1.skin-structure")
BROKEN = SAVED.replace("m1.skin-structure", "m1.nope")


def shown(page) -> str:
    """Everything the editor holds, as Ace has it."""
    return editor(page).locator(".ace_editor").first.evaluate("e => e.env.editor.getValue()")


def open_studio(page, address: str, username: str) -> None:
    from playwright.sync_api import expect

    sign_in(page, address, username)
    visit(page, f"{address}/studio")
    expect(editor(page).locator(TEXT)).to_contain_text("Write the question a trainee reads here.")


def test_save_draft_clicked_at_once_after_typing_stores_what_the_editor_shows(
    page, store_url, tmp_path
):
    from playwright.sync_api import expect

    engine = open_store(store_url)
    ian = add_user(engine, "ian", roles=("instructor",))
    quiz_bank.save_draft(engine, QUIZ, SAVED, author=ian, file_ids=set())
    with running_app(store_url, log_path=tmp_path / "server.log") as address:
        open_studio(page, address, "ian")
        type_at_the_end(page, "# first thoughts")
        typed = shown(page)
        click_in_editor(page, "Save draft")
        expect(page.get_by_text(f"Saved db/{QUIZ}@v2 as a draft.")).to_be_visible()
        assert quiz_bank.versions(engine, QUIZ)[0].yaml == typed

        # Again at once after more typing: the line typed last is in v3 too.
        type_at_the_end(page, "# typed and saved at once")
        typed = shown(page)
        click_in_editor(page, "Save draft")
        expect(page.get_by_text(f"Saved db/{QUIZ}@v3 as a draft.")).to_be_visible()
        settle(page)
        (newest, *_) = quiz_bank.versions(engine, QUIZ)
        assert (newest.number, newest.yaml) == (3, typed)
        assert typed.rstrip().endswith("# typed and saved at once")
        # The editor's own report of the pause came after the save: nothing says otherwise.
        expect(page.get_by_text(re.compile("Unsaved changes|saved since"))).to_have_count(0)
        assert unsaved_edits.to_restore(engine, QUIZ, author=ian) is None
        page.reload()
        settle(page)
        expect(page.get_by_text("Newest version: v3 (draft, by ian).")).to_be_visible()
        assert shown(page) == typed
        expect(page.get_by_text(re.compile("Unsaved changes|saved since"))).to_have_count(0)
    engine.dispose()


def test_save_and_publish_clicked_at_once_after_pasting_a_fix_publishes_the_fix(page, tmp_path):
    from playwright.sync_api import expect

    store_url = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(store_url)
    ada = add_user(engine, "ada", roles=("admin",))
    quiz_bank.save_draft(engine, QUIZ, BROKEN, author=ada, file_ids=set())
    with running_app(store_url, log_path=tmp_path / "server.log") as address:
        sign_in(page, address, "ada")
        visit(page, f"{address}/studio")
        expect(page.get_by_text("Check: 1 problem to fix before publishing.")).to_be_visible()
        for _ in range(3):
            editor(page).locator(TEXT).click()
            page.keyboard.press("Control+A")
            page.keyboard.insert_text(SAVED)
            if shown(page) == SAVED:
                break
        assert shown(page) == SAVED
        click_in_editor(page, "Save and publish")
        expect(page.get_by_text(f"Published db/{QUIZ}@v2")).to_be_visible()
    (published, broken) = quiz_bank.versions(engine, QUIZ)
    assert (published.state, published.yaml) == ("published", SAVED)
    assert broken.yaml == BROKEN
    engine.dispose()


def test_a_second_instructors_save_does_not_undo_the_first_ones_newer_version(
    browser, page, store_url, tmp_path
):
    from playwright.sync_api import expect

    engine = open_store(store_url)
    ian = add_user(engine, "ian", roles=("instructor",))
    ina = add_user(engine, "ina", roles=("instructor",))
    ada = add_user(engine, "ada", roles=("admin",))
    settings.save(engine, {"instructors_publish": True}, actor=ada)
    quiz_bank.save_draft(engine, QUIZ, SAVED, author=ian, file_ids=set())
    with running_app(store_url, log_path=tmp_path / "server.log") as address:
        open_studio(page, address, "ina")
        other = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        open_studio(other, address, "ian")

        type_at_the_end(page, "# Ina: ask about the dermis")
        wait_until_kept(page, engine, QUIZ, ina, "# Ina: ask about the dermis")
        type_at_the_end(other, "# Ian: ask about the epidermis")
        click_in_editor(other, "Save draft")
        expect(other.get_by_text(f"Saved db/{QUIZ}@v2 as a draft.")).to_be_visible()
        ians = quiz_bank.versions(engine, QUIZ)[0].yaml

        mine = shown(page)
        click_in_editor(page, "Save and publish")
        expect(
            page.get_by_text(re.compile(r"^Not published: v2 of 'm1-extra' was saved after v1"))
        ).to_be_visible()
        expect(
            page.get_by_text(re.compile(r"v2 \(draft, by ian, on \d{2} \w{3} \d{4}"))
        ).to_be_visible()
        assert [v.number for v in quiz_bank.versions(engine, QUIZ)] == [2, 1]
        assert quiz_bank.versions(engine, QUIZ)[0].yaml == ians
        assert shown(page) == mine
        assert unsaved_edits.to_restore(engine, QUIZ, author=ina).text == mine

        compare = page.get_by_test_id("stExpander").filter(
            has_text="Compare: what v2 changed, and what you changed"
        )
        compare.get_by_text("Compare: what v2 changed").click()
        expect(compare.locator("code").first).to_contain_text("+# Ian: ask about the epidermis")
        expect(compare.locator("code").last).to_contain_text("+# Ina: ask about the dermis")

        click_in_editor(page, "Save mine anyway as v3")
        expect(page.get_by_text(f"Saved db/{QUIZ}@v3 as a draft.")).to_be_visible()
        (newest, *_) = quiz_bank.versions(engine, QUIZ)
        assert (newest.number, newest.author, newest.yaml) == (3, "ina", mine)
        (logged, *_) = audit.entries(engine, actions=["quiz_draft_saved"])
        assert logged.detail == "version 3, based on version 1: saved over what v2 (by ian) changed"
        other.context.close()
    engine.dispose()
