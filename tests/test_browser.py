"""The app in a real browser (see browser_harness.py): sign-in, cookies, a lesson and a
quiz, certificates and markup in names."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from needlewise import accounts, attempts
from needlewise.store import open_store

from .browser_harness import auth_cookie, leave, running_app, settle, sign_in, visit
from .builders import PASSWORD, add_user, complete_the_course, shipped_content

CONTENT = shipped_content()

pytestmark = pytest.mark.browser
HOSTILE_NAME = "<img src=x onerror=alert(1)> Mal"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """One server for the scenarios below, on a database prepared with the library."""
    folder = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{folder / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "ada", roles=("admin",), name="Ada Admin")
    add_user(engine, "tess", name="Tess Trainee")
    instructor = add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    graduate = add_user(engine, "gina", name="Gina Graduate")
    add_user(engine, "mal", name=HOSTILE_NAME)
    complete_the_course(engine, graduate, instructor)
    with running_app(url) as address:
        yield address, engine
    engine.dispose()


def test_first_run_sets_up_the_administrator(page, tmp_path):
    from playwright.sync_api import expect

    url = f"sqlite:///{tmp_path / 'first.db'}"
    with running_app(url) as address:
        visit(page, address)
        expect(page.get_by_role("heading", name="Set up NeedleWise")).to_be_visible()
        page.get_by_role("textbox", name="Username").fill("owner")
        page.get_by_role("textbox", name="Full name").fill("Olu Owner")
        page.get_by_role("textbox", name="Email").fill("owner@example.com")
        page.get_by_role("textbox", name="Password", exact=True).fill(PASSWORD)
        page.get_by_role("textbox", name="Repeat password").fill(PASSWORD)
        page.get_by_role("button", name="Create the administrator account").click()
        expect(page.get_by_text("Signed in as Olu Owner").first).to_be_visible()
        menu = page.get_by_test_id("stSidebarNav")
        expect(menu.get_by_role("link", name="People", exact=True)).to_be_visible()
    engine = open_store(url)
    assert [u.username for u in accounts.all_users(engine)] == ["owner"]


def test_a_trainee_reads_a_lesson_takes_a_quiz_and_sees_the_score(page, app):
    from playwright.sync_api import expect

    address, engine = app
    sign_in(page, address, "tess")
    for lesson_id in CONTENT.course.modules[0].lessons:
        visit(page, f"{address}/lesson?id={lesson_id}")
        expect(page.get_by_role("heading", name="References")).to_be_visible()
        page.get_by_role("button", name="Mark as read").click()
        expect(page.get_by_text("You marked this lesson as read")).to_be_visible()
    visit(page, f"{address}/quiz?id=m1-quiz")
    page.get_by_role("button", name="Start an attempt").click()
    expect(page.get_by_text("answers are saved as you go")).to_be_visible()
    page.locator("[data-testid='stRadio'] [role='radiogroup'] label").first.click()
    settle(page)
    page.get_by_role("button", name="Finish attempt…").click()
    page.get_by_role("button", name="Submit all and finish").click()
    expect(page.get_by_text(re.compile(r"(Passed|Not passed): [\d.]+%"))).to_be_visible()
    tess = accounts.get(engine, "tess")
    [attempt] = attempts.for_user(engine, tess.id, "m1-quiz")
    assert attempt.state == "submitted" and attempt.percent is not None


def test_a_reload_keeps_the_trainee_signed_in_and_sign_out_ends_it(page, app):
    from playwright.sync_api import expect

    address, _ = app
    sign_in(page, address, "tess")
    page.reload()
    settle(page)
    expect(page.get_by_text("Signed in as Tess Trainee").first).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    for _ in range(80):
        if auth_cookie(page) is None:
            break
        page.wait_for_timeout(100)
    assert auth_cookie(page) is None
    page.reload()
    settle(page)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert page.get_by_text("Signed in as").count() == 0


def test_a_tampered_cookie_is_refused(page, app):
    from playwright.sync_api import expect

    address, _ = app
    sign_in(page, address, "tess")
    token = auth_cookie(page)
    header, payload, signature = token.split(".")
    forged = f"{header}.{payload}.{signature[::-1]}"
    leave(page)
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "needlewise_auth", "value": forged, "url": address}])
    visit(page, address)
    expect(page.get_by_text("no longer valid; please sign in again")).to_be_visible()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


def test_a_trainee_typing_an_instructor_address_does_not_get_the_page(page, app):
    from playwright.sync_api import expect

    address, _ = app
    sign_in(page, address, "tess")
    for path in ("item_analysis", "people", "cohort"):
        visit(page, f"{address}/{path}")
        expect(page.get_by_role("heading", name="Welcome, Tess Trainee")).to_be_visible()
        assert page.get_by_role("heading", name="Item analysis").count() == 0
        assert page.get_by_role("heading", name="People").count() == 0


def test_an_instructor_opens_item_analysis(page, app):
    from playwright.sync_api import expect

    address, _ = app
    sign_in(page, address, "ian")
    visit(page, f"{address}/item_analysis")
    expect(page.get_by_role("heading", name="Item analysis")).to_be_visible()
    expect(page.get_by_text(re.compile(r"The test \(\d+ attempts?\)"))).to_be_visible()
    # The test statistics read as one table, a row per statistic, as Moodle's report has.
    figures = page.get_by_role("table").filter(has_text="Test statistic")
    for statistic in ("Mean", "Median", "Internal consistency (alpha)", "Standard error"):
        expect(figures.get_by_role("cell", name=statistic, exact=True)).to_be_visible()


def test_a_certificate_downloads_and_verifies(page, app):
    from playwright.sync_api import expect

    address, _ = app
    sign_in(page, address, "gina")
    visit(page, f"{address}/certificate")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my certificate (PDF)").click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Gina Graduate" in text
    code = re.search(r"Verification code: ([A-Za-z0-9_-]{32})", text).group(1)
    page.context.clear_cookies()
    visit(page, f"{address}/?verify={code}")
    expect(page.get_by_text("This certificate is valid.")).to_be_visible()


def test_markup_in_a_name_is_shown_as_text_and_never_runs(page, app):
    from playwright.sync_api import expect

    address, _ = app
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, address, "mal")
    expect(page.get_by_text(f"Signed in as {HOSTILE_NAME}").first).to_be_visible()
    expect(page.get_by_role("heading", name=f"Welcome, {HOSTILE_NAME}")).to_be_visible()
    assert page.locator("img[src='x']").count() == 0
    assert dialogs == []


def test_an_expired_cookie_asks_to_sign_in_again(page, app):
    import jwt
    from playwright.sync_api import expect

    from needlewise import settings

    address, engine = app
    expired = jwt.encode(
        {"username": "tess", "exp_date": time.time() - 60},
        settings.cookie_key(engine),
        algorithm="HS256",
    )
    page.context.add_cookies([{"name": "needlewise_auth", "value": expired, "url": address}])
    visit(page, address)
    expect(page.get_by_text("no longer valid; please sign in again")).to_be_visible()
    assert page.get_by_text("Signed in as").count() == 0
