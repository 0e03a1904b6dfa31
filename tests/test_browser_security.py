"""Sign-in cookies and people's names in Debian's Chromium (issue 13: items 5, 7, 11).

A copied cookie stops working after sign-out and after a password change; a malformed
cookie never breaks the sign-in page; a name written in Markdown is shown as typed on the
public verification page.
"""

from __future__ import annotations

import time
import warnings

import jwt
import pytest

from needlewise import clock, settings
from needlewise.certification import records
from needlewise.store import open_store

from .browser_harness import auth_cookie, leave, running_app, settle, sign_in, visit
from .builders import PASSWORD, add_user

pytestmark = pytest.mark.browser

NAME = "**Board-certified surgeon** :red[VERIFIED] ![seal](http://a.test/seal.png) [more](http://b.test)"
NEW_PASSWORD = "a new password 2"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser-security")
    url = f"sqlite:///{folder / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "ada", roles=("admin",), name="Ada Admin")
    for username in ("tess", "tom", "tina"):
        add_user(engine, username)
    mal = add_user(engine, "mal", name=NAME)
    snapshot = {"trainee": mal.name, "course": "Microneedling", "clinic": "Clinic"}
    certificate = records.issue(engine, mal, {**snapshot, "competencies": []}, clock.now(), 12)
    with running_app(url) as address:
        yield address, engine, certificate.code
    engine.dispose()


def with_cookie(browser, address: str, token: str):
    """A new browser (no shared state) holding only the given sign-in cookie."""
    context = browser.new_context()
    context.add_cookies([{"name": "needlewise_auth", "value": token, "url": address}])
    page = context.new_page()
    page.set_default_timeout(30_000)
    visit(page, address)
    return page


def refused(page) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    expect(page.get_by_text("no longer valid; please sign in again")).to_be_visible()
    assert page.get_by_text("Signed in as").count() == 0


def test_a_cookie_copied_before_sign_out_is_refused_after_it(page, browser, app):
    from playwright.sync_api import expect

    address, _, _ = app
    sign_in(page, address, "tess")
    copied = auth_cookie(page)
    works = with_cookie(browser, address, copied)
    expect(works.get_by_text("Signed in as Tess").first).to_be_visible()
    works.context.close()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    thief = with_cookie(browser, address, copied)
    refused(thief)
    thief.context.close()


def test_a_cookie_copied_before_a_password_change_is_refused_after_it(page, browser, app):
    from playwright.sync_api import expect

    address, _, _ = app
    sign_in(page, address, "tom")
    copied = auth_cookie(page)
    visit(page, f"{address}/account")
    page.get_by_role("textbox", name="Current password").fill(PASSWORD)
    page.get_by_role("textbox", name="New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("textbox", name="Repeat new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Password changed.")).to_be_visible()
    settle(page)
    for _ in range(80):  # the person who changed it gets a new cookie and stays signed in
        if auth_cookie(page) not in (None, copied):
            break
        page.wait_for_timeout(100)
    assert auth_cookie(page) not in (None, copied)
    page.reload()
    settle(page)
    expect(page.get_by_text("Signed in as Tom").first).to_be_visible()
    thief = with_cookie(browser, address, copied)
    refused(thief)
    thief.context.close()


def malformed(key: str) -> dict[str, str]:
    future = time.time() + 3600
    with warnings.catch_warnings():  # PyJWT warns that the key is short for HS512
        warnings.simplefilter("ignore")
        return {
            "alg none": jwt.encode({"username": "ada", "exp_date": future}, None, "none"),
            "HS512": jwt.encode({"username": "ada", "exp_date": future, "sv": 0}, key, "HS512"),
            "no exp_date": jwt.encode({"username": "ada", "sv": 0}, key, "HS256"),
            "garbage": "%%%not.a.token%%%",
        }


@pytest.mark.parametrize("kind", ["alg none", "HS512", "no exp_date", "garbage"])
def test_a_malformed_cookie_does_not_break_the_sign_in_page(browser, app, kind):
    from playwright.sync_api import expect

    address, engine, _ = app
    page = with_cookie(browser, address, malformed(settings.cookie_key(engine))[kind])
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("Signed in as").count() == 0
    # The form works straight away, without clearing cookies by hand.
    page.get_by_role("textbox", name="Username").fill("tina")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as Tina").first).to_be_visible()
    assert page.locator("[data-testid='stException']").count() == 0
    page.context.close()


def test_a_name_written_in_markdown_shows_literally_on_the_verification_page(page, app):
    from playwright.sync_api import expect

    address, _, code = app
    leave(page)
    visit(page, f"{address}/?verify={code}")
    expect(page.get_by_text("This certificate is valid.")).to_be_visible()
    statement = page.locator("[data-testid='stMarkdownContainer']", has_text="completed")
    expect(statement).to_be_visible()
    assert statement.inner_text().replace("\u2060", "").startswith(NAME + " completed")
    assert statement.locator("strong").first.inner_text().replace("\u2060", "") == NAME
    assert statement.locator("img, a, span[style*='color']").count() == 0
    assert page.locator("img[src*='a.test'], a[href*='b.test']").count() == 0
