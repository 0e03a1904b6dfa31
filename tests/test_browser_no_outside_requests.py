"""Nothing a page loads comes from outside the clinic's own server: no font, icon or
script from another site, which would tell it who is training where and fail offline."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from needlewise import progress
from needlewise.store import open_store

from .browser_harness import running_app, sign_in, visit
from .builders import add_user, pass_quiz, shipped_content

pytestmark = pytest.mark.browser

CONTENT = shipped_content()
MODULE = CONTENT.course.modules[0]


def test_every_request_of_the_sign_in_and_trainee_pages_stays_on_the_server(page, tmp_path):
    url = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(url)
    tess = add_user(engine, "tess", name="Tess Trainee")
    for lesson in MODULE.lessons:
        progress.mark_read(engine, tess.id, lesson)
    pass_quiz(engine, tess, CONTENT.quizzes[MODULE.quiz])
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    with running_app(url) as address:
        sign_in(page, address, "tess")
        for path in ("", "course", f"lesson?id={MODULE.lessons[0]}", "progress", "depth_explorer"):
            visit(page, f"{address}/{path}")
            page.wait_for_timeout(500)  # charts and figures load after the run
        server = urlsplit(address).netloc
        icon = page.locator("link[rel~='icon']").first.get_attribute("href")
    engine.dispose()
    outside = {
        u
        for u in requested
        if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).netloc != server
    }
    assert len(requested) > 20
    assert outside == set()
    assert icon is not None and not icon.startswith("https://fonts.")
