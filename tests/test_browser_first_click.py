"""A click made as soon as a page has loaded, or just after signing in, is not lost.

The sign-in library drew a cookie-reading component on every run; it answered once after
each page load and reran the page, and a click just before that rerun was dropped (a lesson
link clicked right after opening Course left the trainee on Course, about one time in
four). Its cookie-writing component did the same once after every sign-in (a "Change
password" click just after signing in with a temporary password was lost in a CI run). A
loaded page now runs once, signing in runs it once, and the click always lands.
"""

from __future__ import annotations

import re
import time

import pytest

from needlewise.store import open_store

from .browser_harness import running_app, settle, sign_in, visit
from .builders import PASSWORD, add_user, shipped_content

pytestmark = pytest.mark.browser

CONTENT = shipped_content()
LESSON = CONTENT.lessons["m1-skin-and-healing"]


@pytest.fixture
def watched(page, tmp_path):
    """An app with one trainee, and the times of every message the page sends it (each
    asks for a run)."""
    url = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "tess", name="Tess Trainee")
    engine.dispose()
    sent: list[float] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda _frame: sent.append(time.time())))
    with running_app(url) as address:
        yield address, sent


def test_a_link_clicked_as_soon_as_the_course_loads_opens_the_lesson(page, watched):
    from playwright.sync_api import expect

    address, sent = watched
    sign_in(page, address, "tess")

    # Left alone, a freshly loaded page asks the server for one run: its own.
    sent.clear()
    visit(page, f"{address}/course")
    page.wait_for_timeout(2_000)
    assert len(sent) == 1, f"the loaded page asked for {len(sent)} runs"

    link = page.get_by_role("link", name=re.compile(re.escape(LESSON.meta.title)))
    for attempt in range(10):
        visit(page, f"{address}/course")
        link.click()
        settle(page)
        expect(page.get_by_text("In this lesson you will learn to:")).to_be_visible()
        assert page.url.endswith(f"/lesson?id={LESSON.id}"), (attempt, page.url)


def test_signing_in_runs_the_page_once_and_still_keeps_the_sign_in(page, watched):
    from playwright.sync_api import expect

    address, sent = watched
    visit(page, address)
    page.get_by_role("textbox", name="Username").fill("tess")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    sent.clear()
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as Tess Trainee").first).to_be_visible()
    page.wait_for_timeout(2_000)
    assert len(sent) == 1, f"signing in asked the server for {len(sent)} runs"

    cookie = next(c for c in page.context.cookies() if c["name"] == "needlewise_auth")
    assert cookie["path"] == "/" and cookie["sameSite"] == "Strict"
    days = (cookie["expires"] - time.time()) / 86_400
    assert 29.9 < days < 30.1, days  # the default "stay signed in" of 30 days

    visit(page, f"{address}/course")
    expect(page.get_by_text("Signed in as Tess Trainee").first).to_be_visible()
    expect(page.get_by_role("heading", name=CONTENT.course.title, exact=True)).to_be_visible()
