"""A click made as soon as a page has loaded is not lost.

The sign-in library drew a cookie-reading component on every run; it answered once after
each page load and reran the page, and a click just before that rerun was dropped (a lesson
link clicked right after opening Course left the trainee on Course, about one time in
four). A loaded page now runs once, and the click always lands.
"""

from __future__ import annotations

import re
import time

import pytest

from needlewise.store import open_store

from .browser_harness import running_app, settle, sign_in, visit
from .builders import add_user, shipped_content

pytestmark = pytest.mark.browser

LESSON = shipped_content().lessons["m1-skin-and-healing"]


def test_a_link_clicked_as_soon_as_the_course_loads_opens_the_lesson(page, tmp_path):
    from playwright.sync_api import expect

    url = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "tess", name="Tess Trainee")
    engine.dispose()
    sent: list[float] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda _frame: sent.append(time.time())))
    with running_app(url, log_path=tmp_path / "server.log") as address:
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
