"""My account's and Standard setting's result messages in Debian's Chromium, signed in
through the real form.

A message belongs to the action that produced it, on its page, once: the next action
there, even a refused one, replaces it, and it does not turn up on the next page opened
from the menu, nor again when its own page is opened again.
"""

from __future__ import annotations

import pytest

from needlewise import accounts
from needlewise.store import open_store

from .browser_harness import open_from_menu, running_app, settle, sign_in
from .builders import add_user, write_course

pytestmark = pytest.mark.browser

DETAILS_SAVED = "Your details were saved."
ADOPTED = "70% is now the pass mark of Quiz final."


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser-page-messages")
    content_dir, quizzes_dir = write_course(folder)
    url = f"sqlite:///{folder / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "ian", roles=("instructor", "admin"), name="Ian Instructor")
    add_user(engine, "ivy", name="Ivy Trainee")
    env = {"NEEDLEWISE_CONTENT_DIR": str(content_dir), "NEEDLEWISE_QUIZZES_DIR": str(quizzes_dir)}
    with running_app(url, env) as address:
        yield address, engine
    engine.dispose()


def body(page) -> str:
    return page.get_by_test_id("stMain").inner_text()


def save_details(page, name: str, email: str) -> None:
    page.get_by_role("textbox", name="Full name").fill(name)
    page.get_by_role("textbox", name="Email").fill(email)
    page.get_by_role("button", name="Save", exact=True).click()


def rate_and_adopt(page) -> None:
    """Rate the final's two items (each saves as the rater leaves its box) and adopt the
    panel's cut score, confirming."""
    from playwright.sync_api import expect

    boxes = page.get_by_label("Borderline trainee answers correctly (%)")
    for position, value in ((0, "60"), (1, "80")):
        boxes.nth(position).fill(value)
        boxes.nth(position).press("Tab")
        expect(page.get_by_text(f"Saved: {value}%.")).to_be_visible()
        settle(page)
    page.get_by_role("button", name="Adopt this cut score as the pass mark").click()
    page.get_by_role("button", name="Adopt 70% as the pass mark").click()


def test_a_refusal_on_my_account_replaces_the_earlier_success(page, app):
    from playwright.sync_api import expect

    address, engine = app
    sign_in(page, address, "ian")
    open_from_menu(page, "My account")
    save_details(page, "Ian Teacher", "ian@example.com")
    expect(page.get_by_text(DETAILS_SAVED)).to_be_visible()
    settle(page)
    save_details(page, "Ian Teacher", "ivy@example.com")
    expect(page.get_by_text("That email address is already in use")).to_be_visible()
    settle(page)
    assert DETAILS_SAVED not in body(page), "the success belongs to the earlier save"
    assert accounts.get(engine, "ian").email == "ian@example.com"

    page.get_by_role("textbox", name="Current password").fill("not my password 1")
    page.get_by_role("textbox", name="New password", exact=True).fill("a new password 77")
    page.get_by_role("textbox", name="Repeat new password").fill("a new password 77")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("The current password is not right.")).to_be_visible()
    settle(page)
    assert DETAILS_SAVED not in body(page)


def test_a_message_stays_on_its_own_page_and_shows_once(page, app):
    from playwright.sync_api import expect

    address, _ = app
    sign_in(page, address, "ian")
    open_from_menu(page, "My account")
    save_details(page, "Ian Instructor", "ian@example.com")
    expect(page.get_by_text(DETAILS_SAVED)).to_be_visible()
    settle(page)
    open_from_menu(page, "Standard setting")
    expect(page.get_by_role("heading", name="Standard setting")).to_be_visible()
    assert DETAILS_SAVED not in body(page), "My account's message is not Standard setting's"

    rate_and_adopt(page)
    expect(page.get_by_text(ADOPTED)).to_be_visible()
    settle(page)
    open_from_menu(page, "My account")
    expect(page.get_by_role("heading", name="My account")).to_be_visible()
    assert ADOPTED not in body(page), "Standard setting's message is not My account's"
    open_from_menu(page, "Standard setting")
    expect(page.get_by_role("heading", name="Standard setting")).to_be_visible()
    assert ADOPTED not in body(page), "a message is shown once"
