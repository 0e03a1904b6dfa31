"""The Sign-off page's table of competencies on a 390 x 844 phone, signed in through the
real form.

Nothing on the page scrolls sideways: the table is a list there, one entry per
competency with whether it is signed off, by whom, when and the note, all wrapped to the
screen's width, a long note and its lines included. On a desktop the data grid is shown
as before and the list is not. The page passes axe on the phone.
"""

from __future__ import annotations

import pytest

from needlewise import clock
from needlewise.certification import signoffs
from needlewise.store import open_store

from .axe_audit import audit
from .browser_harness import SIDEWAYS, running_app, sign_in, visit
from .builders import add_user, shipped_content

COURSE = shipped_content().course
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
OBSERVED = clock.now().date()
LONG_NOTE = (
    "Screened for isotretinoin, anticoagulants and active acne before starting; "
    "explained the depth limit and recorded consent.\nSecond line: aftercare sheet given."
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('signoff-phone') / 'nw.db'}"
    engine = open_store(url)
    ian = add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    tess = add_user(engine, "tess", name="Tess Trainee")
    first, second = COURSE.competencies[:2]
    signoffs.sign_off(engine, COURSE, tess, first.id, OBSERVED, LONG_NOTE, ian)
    signoffs.sign_off(engine, COURSE, tess, second.id, OBSERVED, "Observed in clinic.", ian)
    engine.dispose()
    with running_app(url) as address:
        yield address


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    opened = context.new_page()
    opened.set_default_timeout(30_000)
    yield opened
    context.close()


def signoff_page(page, app) -> None:
    from playwright.sync_api import expect

    sign_in(page, app, "ian")
    visit(page, f"{app}/signoff")
    expect(page.get_by_role("heading", name="Sign off practical competencies")).to_be_visible()
    page.wait_for_timeout(400)  # the grid draws after the script finishes


def test_the_signoff_table_fits_a_phone_with_everything_it_shows(phone, app):
    from playwright.sync_api import expect

    signoff_page(phone, app)
    expect(phone.get_by_text(COURSE.competencies[0].title).first).to_be_attached()
    assert phone.evaluate(SIDEWAYS) == []
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    listed = phone.locator(".nw-stacked")
    expect(listed).to_be_visible()
    assert listed.bounding_box()["x"] + listed.bounding_box()["width"] <= PHONE["width"]

    entries = listed.get_by_role("listitem")
    expect(entries).to_have_count(len(COURSE.competencies))
    for competency, entry in zip(COURSE.competencies, entries.all(), strict=True):
        expect(entry).to_contain_text(competency.title)
    day = f"{OBSERVED:%d %b %Y}"
    for index, note in ((0, LONG_NOTE), (1, "Observed in clinic.")):
        entry = entries.nth(index)
        expect(entry).to_contain_text("Signed off: yes")
        expect(entry).to_contain_text("By: Ian Instructor")
        expect(entry).to_contain_text(f"Observed: {day}")
        for line in note.splitlines():
            expect(entry).to_contain_text(line)
    expect(entries.nth(2)).to_contain_text("Signed off: no")
    expect(entries.nth(2)).not_to_contain_text("By:")
    # The long note wraps onto several lines inside the screen rather than running off it.
    note = entries.first.locator("dd").last.bounding_box()
    assert note["height"] > 3 * 20
    assert note["x"] + note["width"] <= PHONE["width"]


def test_on_a_desktop_the_signoff_table_is_the_data_grid(browser, app):
    from playwright.sync_api import expect

    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        signoff_page(page, app)
        expect(page.get_by_test_id("stDataFrame")).to_be_visible()
        expect(page.locator(".nw-stacked")).to_be_hidden()
    finally:
        context.close()


def test_the_signoff_page_passes_axe_on_a_phone(phone, app):
    signoff_page(phone, app)
    assert audit(phone, "signoff at 390 px") == []
