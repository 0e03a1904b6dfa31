"""My progress on a 390 x 844 phone, signed in through the real form: the modules table is a
list there, each module with its lessons read, quiz grade, pass mark and status, and
nothing on the page scrolls sideways (the grid hid the quiz, pass mark and status out of
sight); on a desktop the grid is shown and the list is not."""

from __future__ import annotations

import pytest

from needlewise import progress
from needlewise.store import open_store

from .browser_harness import SIDEWAYS, running_app, sign_in, visit
from .builders import add_user, pass_quiz, shipped_content

pytestmark = pytest.mark.browser

CONTENT = shipped_content()
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('progress-phone') / 'nw.db'}"
    engine = open_store(url)
    tess = add_user(engine, "tess", name="Tess Trainee")
    first = CONTENT.course.modules[0]
    for lesson in first.lessons:
        progress.mark_read(engine, tess.id, lesson)
    pass_quiz(engine, tess, CONTENT.quizzes[first.quiz])
    engine.dispose()
    with running_app(url) as address:
        yield address


def test_the_modules_table_is_a_list_on_a_phone(browser, app):
    from playwright.sync_api import expect

    context = browser.new_context(viewport=PHONE)
    phone = context.new_page()
    phone.set_default_timeout(30_000)
    sign_in(phone, app, "tess")
    visit(phone, f"{app}/progress")
    first = CONTENT.course.modules[0]
    entry = phone.locator(".nw-stacked li").filter(has_text=first.title)
    expect(entry).to_be_visible()
    for line in (
        f"Lessons read: {len(first.lessons)} of {len(first.lessons)}",
        "Quiz: 100%",
        "Status: complete",
    ):
        expect(entry).to_contain_text(line)
    expect(phone.locator("[data-testid='stDataFrame']").first).to_be_hidden()
    phone.wait_for_timeout(400)  # the charts draw after the script finishes
    assert phone.evaluate(SIDEWAYS) == []
    context.close()


def test_on_a_desktop_the_grid_is_shown_and_the_list_is_not(page, app):
    from playwright.sync_api import expect

    sign_in(page, app, "tess")
    visit(page, f"{app}/progress")
    expect(page.locator("[data-testid='stDataFrame']").first).to_be_visible()
    expect(page.locator(".nw-stacked").first).to_be_hidden()
