"""The People page's result messages in Debian's Chromium, signed in through the real form.

A message belongs to the action that produced it: the next action, even a refused one,
replaces it, and a temporary password shown "only now" is not shown again.
"""

from __future__ import annotations

import re

import pytest

from needlewise.store import open_store

from .browser_harness import running_app, settle, sign_in, visit
from .builders import add_user

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser-people")
    url = f"sqlite:///{folder / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "ada", roles=("admin",), name="Ada Admin")
    add_user(engine, "ivy", name="Ivy Trainee")
    with running_app(url) as address:
        yield address
    engine.dispose()


def open_tab(page, name: str):
    """Open a tab of the page and return its panel (the others stay drawn, hidden)."""
    from playwright.sync_api import expect

    tab = page.get_by_test_id("stMain").get_by_role("tab", name=name)
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    return page.get_by_role("tabpanel").filter(visible=True)


def pick_account(page, username: str) -> None:
    from playwright.sync_api import expect

    panel = open_tab(page, "Change an account")
    panel.get_by_label("Account", exact=True).click()
    page.get_by_role("option", name=username, exact=True).click()
    expect(panel.get_by_text(f"{username}@example.com")).to_be_visible()
    settle(page)


def set_roles(page, remove: int, add: str) -> None:
    """Take off the last ``remove`` roles chosen, add ``add``, and save."""
    from playwright.sync_api import expect

    panel = open_tab(page, "Change an account")
    roles = panel.get_by_role("combobox", name="Roles")
    roles.click()
    for _ in range(remove):
        roles.press("Backspace")
    roles.fill(add)
    roles.press("Enter")
    page.keyboard.press("Escape")
    expect(panel.get_by_test_id("stMultiSelect")).to_contain_text(add)
    panel.get_by_role("button", name="Save roles").click()


def add_account(page, username: str, email: str) -> None:
    panel = open_tab(page, "Add an account")
    panel.get_by_role("textbox", name="Username").fill(username)
    panel.get_by_role("textbox", name="Full name").fill(username.title())
    panel.get_by_role("textbox", name="Email", exact=True).fill(email)
    panel.get_by_role("button", name="Create account").click()


def body(page) -> str:
    return page.locator("[data-testid='stApp']").inner_text()


def test_a_refused_action_replaces_the_earlier_message_and_its_password(page, app):
    from playwright.sync_api import expect

    sign_in(page, app, "ada")
    visit(page, f"{app}/people")
    expect(page.get_by_role("heading", name="People")).to_be_visible()

    add_account(page, "tom", "tom@example.com")
    created = page.get_by_text("Account 'tom' created.")
    expect(created).to_be_visible()
    found = re.search(r"shown only now: (\S+)", body(page))
    assert found, body(page)[:800]
    password = found.group(1)
    settle(page)
    add_account(page, "tim", "tom@example.com")
    expect(page.get_by_text("That email address is already in use")).to_be_visible()
    settle(page)
    expect(created).to_have_count(0)
    assert password not in body(page) and "shown only now" not in body(page)

    pick_account(page, "ivy")
    set_roles(page, remove=0, add="instructor")
    saved = page.get_by_text("Roles of 'ivy' saved.")
    expect(saved).to_be_visible()
    settle(page)
    pick_account(page, "ada")
    set_roles(page, remove=1, add="instructor")
    expect(page.get_by_text("This is the only active administrator")).to_be_visible()
    settle(page)
    expect(saved).to_have_count(0)
    assert "saved." not in body(page)
