"""Disable account and Reset password ask first, in Debian's Chromium, signed in through
the real form.

The first click says what will happen, with a confirm button and Cancel, and moves the
keyboard focus to Cancel; only confirming acts. Cancel or choosing another account drops
the question. A new temporary password is shown once.
"""

from __future__ import annotations

import re

import pytest

from needlewise import accounts, passwords
from needlewise.store import open_store

from .browser_harness import choose, running_app, settle, sign_in, visit
from .builders import PASSWORD, add_user

pytestmark = pytest.mark.browser

DISABLE_TESS = "Disable 'tess'? They can no longer sign in; their history is kept."
RESET_IVY = (
    "Reset 'ivy''s password? Their current password stops working and they must choose "
    "a new one at next sign-in."
)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser-people-confirm")
    url = f"sqlite:///{folder / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "ada", roles=("admin",), name="Ada Admin")
    add_user(engine, "ivy", name="Ivy Trainee")
    add_user(engine, "tess", name="Tess Trainee")
    with running_app(url) as address:
        yield address, engine
    engine.dispose()


def change_tab(page, username: str):
    """Open the People page's "Change an account" tab on ``username``; return the tab."""
    from playwright.sync_api import expect

    tab = page.get_by_test_id("stMain").get_by_role("tab", name="Change an account")
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    choose(page, "stSelectbox", "Account", username)
    panel = page.get_by_role("tabpanel").filter(visible=True)
    expect(panel.get_by_text(f"{username}@example.com")).to_be_visible()
    settle(page)
    return panel


def people(page, address: str) -> None:
    from playwright.sync_api import expect

    sign_in(page, address, "ada")
    visit(page, f"{address}/people")
    expect(page.get_by_role("heading", name="People")).to_be_visible()


def status_in_the_table(page, username: str) -> str:
    """The account's row in the Accounts tab's table, from the grid's accessible table."""
    page.get_by_test_id("stMain").get_by_role("tab", name="Accounts").click()
    name = page.locator("td", has_text=re.compile(f"^{re.escape(username)}$"))
    row = page.locator("[data-testid='stDataFrame'] tr").filter(has=name).first
    row.wait_for(state="attached")
    return " ".join(row.locator("td").all_inner_texts())


def test_disable_asks_first_and_cancel_leaves_the_account_active(page, app):
    from playwright.sync_api import expect

    address, engine = app
    people(page, address)
    panel = change_tab(page, "tess")
    panel.get_by_role("button", name="Disable account").click()
    expect(panel.get_by_text(DISABLE_TESS)).to_be_visible()
    confirm = panel.get_by_role("button", name="Disable 'tess'")
    cancel = panel.get_by_role("button", name="Cancel")
    expect(confirm).to_be_visible()
    expect(cancel).to_be_focused()
    settle(page)
    assert not accounts.get(engine, "tess").disabled, "asking changes nothing"

    cancel.click()
    settle(page)
    expect(panel.get_by_text(DISABLE_TESS)).to_have_count(0)
    expect(panel.get_by_role("button", name="Disable account")).to_be_focused()
    assert not accounts.get(engine, "tess").disabled
    assert "active" in status_in_the_table(page, "tess")


def test_choosing_another_account_drops_the_question(page, app):
    from playwright.sync_api import expect

    address, engine = app
    people(page, address)
    panel = change_tab(page, "tess")
    panel.get_by_role("button", name="Disable account").click()
    expect(panel.get_by_text(DISABLE_TESS)).to_be_visible()
    settle(page)
    panel = change_tab(page, "ivy")
    expect(panel.get_by_role("button", name="Disable account")).to_be_visible()
    expect(page.get_by_text("They can no longer sign in")).to_have_count(0)
    panel = change_tab(page, "tess")
    expect(panel.get_by_role("button", name="Disable account")).to_be_visible()
    expect(page.get_by_text(DISABLE_TESS)).to_have_count(0)
    assert not accounts.get(engine, "tess").disabled


def test_confirming_disables_and_enabling_needs_no_confirmation(page, app):
    from playwright.sync_api import expect

    address, engine = app
    people(page, address)
    panel = change_tab(page, "tess")
    panel.get_by_role("button", name="Disable account").click()
    panel.get_by_role("button", name="Disable 'tess'").click()
    expect(page.get_by_text("'tess' disabled; their history is kept.")).to_be_visible()
    settle(page)
    assert accounts.get(engine, "tess").disabled
    assert "disabled" in status_in_the_table(page, "tess")

    panel = change_tab(page, "tess")
    panel.get_by_role("button", name="Enable account").click()
    expect(page.get_by_text("'tess' enabled.")).to_be_visible()
    settle(page)
    assert not accounts.get(engine, "tess").disabled


def test_reset_password_asks_first_and_shows_the_new_one_once(page, app):
    from playwright.sync_api import expect

    address, engine = app
    people(page, address)
    panel = change_tab(page, "ivy")
    panel.get_by_role("button", name="Reset password").click()
    expect(panel.get_by_text(RESET_IVY)).to_be_visible()
    settle(page)
    assert passwords.verify(PASSWORD, accounts.password_hash(engine, "ivy")), "not yet"

    panel.get_by_role("button", name="Reset 'ivy''s password").click()
    expect(page.get_by_text("New temporary password for 'ivy', shown only now")).to_be_visible()
    settle(page)
    main = page.get_by_test_id("stMain")
    found = re.search(r"shown only now: (\S+?)\. They must", main.inner_text())
    assert found, main.inner_text()[:800]
    temporary = found.group(1)
    assert passwords.verify(temporary, accounts.password_hash(engine, "ivy"))
    assert accounts.get(engine, "ivy").must_change_password
    expect(page.get_by_text(RESET_IVY)).to_have_count(0)

    change_tab(page, "tess")
    assert temporary not in main.inner_text() and "shown only now" not in main.inner_text()
