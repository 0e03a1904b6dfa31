"""Changing one's password on My account, in Chromium: a refusal keeps what was typed; a
change says so and empties all three boxes, so no password stays on screen behind a
"Show password" button; the new password then signs in."""

from __future__ import annotations

import pytest

from needlewise.store import open_store

from .browser_harness import PASSWORD, open_from_menu, running_app, settle, sign_in, visit
from .builders import add_user

pytestmark = pytest.mark.browser

NEW = "a new password 77"


def boxes(page):
    return [
        page.get_by_role("textbox", name="Current password"),
        page.get_by_role("textbox", name="New password", exact=True),
        page.get_by_role("textbox", name="Repeat new password"),
    ]


def test_a_changed_password_is_not_left_in_the_form(page, tmp_path):
    from playwright.sync_api import expect

    url = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "tess", name="Tess Trainee")
    with running_app(url) as address:
        sign_in(page, address, "tess")
        open_from_menu(page, "My account")
        for box, value in zip(boxes(page), ["not my password 1", NEW, NEW], strict=True):
            box.fill(value)
        page.get_by_role("button", name="Change password").click()
        expect(page.get_by_text("The current password is not right.")).to_be_visible()
        settle(page)
        for box, value in zip(boxes(page), ["not my password 1", NEW, NEW], strict=True):
            expect(box).to_have_value(value)

        boxes(page)[0].fill(PASSWORD)
        page.get_by_role("button", name="Change password").click()
        expect(page.get_by_text("Password changed.")).to_be_visible()
        settle(page)
        for box in boxes(page):
            expect(box).to_have_value("")

        page.get_by_role("button", name="Sign out").click()
        settle(page)
        visit(page, address)
        sign_in(page, address, "tess", NEW)
        expect(page.get_by_text("Signed in as Tess Trainee")).to_be_visible()
    engine.dispose()
