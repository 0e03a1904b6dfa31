"""The Quiz studio's editor in Chromium: its frame, typing into it as a person does, waiting
for the server to keep what was typed, and clicking the editor's own buttons."""

from __future__ import annotations

from needlewise import unsaved_edits

from .browser_harness import settle

EDITOR = "[data-testid='stMain'] iframe[title*='code_editor']:visible"
# The editor's text, not that of the word list Ace pops up while one types.
TEXT = ".ace_editor:not(.ace_autocomplete) .ace_content"


def editor(page):
    """The editor's frame; while a rerun replaces it, the old one is briefly there too."""
    from playwright.sync_api import expect

    expect(page.locator(EDITOR)).to_have_count(1)
    return page.frame_locator(EDITOR)


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


def wait_until_kept(page, engine, quiz_id: str, author, line: str) -> None:
    """Wait until the editor reported the typed line and the page's run for it ended."""
    for _ in range(150):
        kept = unsaved_edits.to_restore(engine, quiz_id, author=author)
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
