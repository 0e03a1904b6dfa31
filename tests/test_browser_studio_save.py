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

pytestmark = pytest.mark.browser

QUIZ = "m1-extra"
SAVED = quiz_bank.template(QUIZ, "Extra practice on skin", "m1", "m1.skin-structure")
EDITOR = "[data-testid='stMain'] iframe[title*='code_editor']:visible"
# The editor's text, not that of the word list Ace pops up while one types.
TEXT = ".ace_editor:not(.ace_autocomplete) .ace_content"
BROKEN = SAVED.replace("m1.skin-structure", "m1.nope")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'nw.db'}"
    return request.getfixturevalue("pg_url")


def editor(page):
    """The editor's frame; while a rerun replaces it, the old one is briefly there too."""
    from playwright.sync_api import expect

    expect(page.locator(EDITOR)).to_have_count(1)
    return page.frame_locator(EDITOR)


def shown(page) -> str:
    """Everything the editor holds, as Ace has it."""
    return editor(page).locator(".ace_editor").first.evaluate("e => e.env.editor.getValue()")


def open_studio(page, address: str, username: str) -> None:
    from playwright.sync_api import expect

    sign_in(page, address, username)
    visit(page, f"{address}/studio")
    expect(editor(page).locator(TEXT)).to_contain_text("Write the question a trainee reads here.")


def type_at_the_end(page, line: str) -> None:
    """Type ``line`` after the last line, key by key, and see it there (a click before the
    editor has the focus goes nowhere, and a person would click again). Nothing waits for
    the editor's report of the pause in typing."""
    from playwright.sync_api import expect

    for _ in range(3):
        frame = editor(page)
        frame.locator(TEXT).click()
        page.keyboard.press("Control+End")
        page.keyboard.press("Enter")
        page.keyboard.type(line)
        page.keyboard.press("Escape")  # close the word list Ace offers while one types
        try:
            expect(frame.locator(TEXT)).to_contain_text(line, timeout=5_000)
            return
        except AssertionError:
            continue
    raise AssertionError(f"the editor never showed {line!r} after typing it")


def wait_until_kept(page, engine, author, line: str) -> None:
    """Wait until the editor reported the typed line and the page's run for it ended."""
    for _ in range(150):
        kept = unsaved_edits.to_restore(engine, QUIZ, author=author)
        if kept is not None and kept.text.rstrip().endswith(line):
            settle(page)
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"the server never kept the line {line!r}")


def click_in_editor(page, name: str) -> None:
    """Click one of the editor's buttons once the editor stopped moving on the page (an
    expander opening above it moves it; Playwright waits for a button to stand still in the
    editor's frame, not for the frame to stand still in the page)."""
    frame = page.locator(EDITOR)
    where = None
    for _ in range(50):
        now = frame.bounding_box()
        if now is not None and now == where:
            break
        where = now
        page.wait_for_timeout(100)
    editor(page).get_by_role("button", name=name, exact=True).click()


def test_save_draft_clicked_at_once_after_typing_stores_what_the_editor_shows(
    page, database, tmp_path
):
    from playwright.sync_api import expect

    engine = open_store(database)
    ian = add_user(engine, "ian", roles=("instructor",))
    quiz_bank.save_draft(engine, QUIZ, SAVED, author=ian, file_ids=set())
    with running_app(database, log_path=tmp_path / "server.log") as address:
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

    database = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(database)
    ada = add_user(engine, "ada", roles=("admin",))
    quiz_bank.save_draft(engine, QUIZ, BROKEN, author=ada, file_ids=set())
    with running_app(database, log_path=tmp_path / "server.log") as address:
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
    browser, page, database, tmp_path
):
    from playwright.sync_api import expect

    engine = open_store(database)
    ian = add_user(engine, "ian", roles=("instructor",))
    ina = add_user(engine, "ina", roles=("instructor",))
    ada = add_user(engine, "ada", roles=("admin",))
    settings.save(engine, {"instructors_publish": True}, actor=ada)
    quiz_bank.save_draft(engine, QUIZ, SAVED, author=ian, file_ids=set())
    with running_app(database, log_path=tmp_path / "server.log") as address:
        open_studio(page, address, "ina")
        other = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        open_studio(other, address, "ian")

        type_at_the_end(page, "# Ina: ask about the dermis")
        wait_until_kept(page, engine, ina, "# Ina: ask about the dermis")
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
