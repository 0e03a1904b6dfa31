"""A trainee held back only by their office address's failed sign-ins shows as locked on
People, with why, and Unlock lets them in: in Debian's Chromium, signed in through the real
form.

The office's count waits because of colleagues' mistakes there; the trainee's own account
counted one. The trainee's browser reaches the app as the office address (the header a
reverse proxy on the same host adds); the administrator's from elsewhere.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from needlewise import clock, sign_in_guard, sign_ins
from needlewise.store import open_store

from .browser_harness import auth_cookie, choose, running_app, settle, sign_in, visit
from .builders import PASSWORD, add_user

pytestmark = pytest.mark.browser

OFFICE = "203.0.113.5"
POLICY = sign_in_guard.Policy(free=5)
HELD = "5 failed sign-ins from a client it was tried from (203.0.113.5), until "


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser-people-unlock-client")
    url = f"sqlite:///{folder / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "ada", roles=("admin",), name="Ada Admin")
    add_user(engine, "tess", name="Tess Trainee")
    # Counted ahead of the clock, so the office's one-second wait holds for the whole test.
    at = clock.now() + timedelta(minutes=10)
    for username in ("tess", "cy", "di", "ed", "flo"):
        assert sign_in_guard.begin(engine, username, OFFICE, POLICY, now=at).allowed
        sign_in_guard.failed(engine, username, OFFICE, "wrong password", now=at)
    with running_app(url) as address:
        yield address, engine
    engine.dispose()


@pytest.fixture
def office(browser):
    """A page in a browser of its own that the app sees as coming from the office."""
    context = browser.new_context(
        extra_http_headers={"X-Forwarded-For": OFFICE}, viewport={"width": 1280, "height": 900}
    )
    opened = context.new_page()
    opened.set_default_timeout(30_000)
    yield opened
    context.close()


def status_in_the_table(page, username: str) -> str:
    """The account's row in the Accounts tab's table, from the grid's accessible table."""
    page.get_by_test_id("stMain").get_by_role("tab", name="Accounts").click()
    name = page.locator("td", has_text=re.compile(f"^{re.escape(username)}$"))
    row = page.locator("[data-testid='stDataFrame'] tr").filter(has=name).first
    row.wait_for(state="attached")
    return " ".join(row.locator("td").all_inner_texts())


def change_tab(page, username: str):
    """Open the "Change an account" tab on ``username``; return the tab's panel."""
    from playwright.sync_api import expect

    tab = page.get_by_test_id("stMain").get_by_role("tab", name="Change an account")
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    choose(page, "stSelectbox", "Account", username)
    panel = page.get_by_role("tabpanel").filter(visible=True)
    expect(panel.get_by_text(f"{username}@example.com")).to_be_visible()
    settle(page)
    return panel


def try_sign_in(page, address: str, username: str) -> None:
    visit(page, address)
    page.get_by_role("textbox", name="Username").fill(username)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_trainee_held_back_by_the_office_address_is_shown_and_unlocked(page, office, app):
    from playwright.sync_api import expect

    address, engine = app
    try_sign_in(office, address, "tess")
    expect(office.get_by_text("Too many failed sign-ins from here")).to_be_visible()
    assert auth_cookie(office) is None

    sign_in(page, address, "ada")
    visit(page, f"{address}/people")
    expect(page.get_by_role("heading", name="People")).to_be_visible()
    assert f"locked: {HELD}" in status_in_the_table(page, "tess")
    assert "active" in status_in_the_table(page, "ada")

    panel = change_tab(page, "tess")
    expect(panel.get_by_text(f"Locked: {HELD}")).to_be_visible()
    panel.get_by_role("button", name="Unlock").click()
    expect(page.get_by_text("'tess' unlocked.")).to_be_visible()
    settle(page)
    expect(panel.get_by_role("button", name="Unlock")).to_have_count(0)
    assert "active" in status_in_the_table(page, "tess")
    assert sign_ins.held_back(engine, ["tess"]) == {}

    sign_in(office, address, "tess")
    expect(office.get_by_text("Signed in as Tess Trainee")).to_be_visible()
