"""Lesson figures on tablets, signed in through the real form.

On a screen up to 1024 px wide (a tablet upright or on its side, the sidebar folded or
open) a lesson figure is never shown so small that its smallest label, as Chromium draws
the SVG, falls under 11 px: where its box is narrower than that, it keeps the readable
width and scrolls sideways in its own box under the hint, as on a phone, and the page
itself does not scroll. A figure whose box is wide enough fits with the hint hidden. The
lesson passes axe at a tablet's width.
"""

from __future__ import annotations

import pytest

from needlewise.figure_text import READABLE_LABEL_PX, figure_text
from needlewise.store import open_store
from needlewise.ui.accessible import FIGURE_HINT

from .axe_audit import audit
from .browser_harness import running_app, sign_in, visit
from .builders import add_user, shipped_content

CONTENT = shipped_content()
LESSON = "m1-skin-and-healing"
# Two tablets upright (the sidebar folded), one on its side (the sidebar open beside the
# page), and a small laptop-sized tablet.
TABLETS = [
    {"width": 768, "height": 1024},
    {"width": 820, "height": 1180},
    {"width": 1024, "height": 768},
    {"width": 1000, "height": 800},
]
# The smallest font size of any text an SVG document draws, and its viewBox's width, as
# Chromium lays the document out on its own.
SMALLEST_LABEL = """() => {
  const sizes = [...document.querySelectorAll('text, tspan')]
    .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
    .map(e => parseFloat(getComputedStyle(e).fontSize));
  return [Math.min(...sizes), document.documentElement.viewBox.baseVal.width];
}"""

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('tablet-figures') / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "tess", name="Tess Trainee")
    engine.dispose()
    with running_app(url) as address:
        yield address


@pytest.fixture(params=TABLETS, ids=lambda size: f"{size['width']}x{size['height']}")
def tablet(browser, request):
    context = browser.new_context(viewport=request.param)
    opened = context.new_page()
    opened.set_default_timeout(30_000)
    yield opened
    context.close()


def titles() -> list[str]:
    blocks = CONTENT.lessons[LESSON].figures
    return [figure_text(CONTENT.figures[block.figure]).title for block in blocks]


def drawn_label(browser, source: str) -> tuple[float, float]:
    """The smallest label of the SVG at ``source`` and the width it is drawn in."""
    alone = browser.new_page()
    try:
        alone.goto(source)
        smallest, units = alone.evaluate(SMALLEST_LABEL)
    finally:
        alone.close()
    return smallest, units


def test_no_figure_label_is_shown_under_11_px_on_a_tablet(tablet, browser, app):
    from playwright.sync_api import expect

    sign_in(tablet, app, "tess")
    visit(tablet, f"{app}/lesson?id={LESSON}")
    width = tablet.viewport_size["width"]
    assert len(titles()) >= 2
    scrolled = 0
    for title in titles():
        image = tablet.get_by_role("img", name=title)
        image.scroll_into_view_if_needed()
        tablet.wait_for_function(
            "e => e.complete && e.naturalWidth > 0", arg=image.element_handle()
        )
        smallest, units = drawn_label(browser, image.get_attribute("src"))
        assert 0 < smallest < 100 and units > 0, "the drawing's labels were not found"
        shown = image.evaluate("e => e.getBoundingClientRect().width")
        label = smallest * shown / units
        assert label >= READABLE_LABEL_PX, f"{title!r}: labels shown at {label:.1f} px"
        box = image.locator("xpath=ancestor::*[@data-testid='stImage'][1]")
        block = image.locator("xpath=ancestor::*[@data-testid='stVerticalBlock'][1]")
        hint = block.get_by_text(FIGURE_HINT)
        if box.evaluate("e => e.scrollWidth > e.clientWidth + 1"):
            scrolled += 1
            expect(hint).to_be_visible()
            region = tablet.get_by_role("region", name=f"{title} (scrolls sideways)")
            expect(region).to_have_attribute("tabindex", "0")
        else:
            expect(hint).to_be_hidden()
    # Every tablet here leaves a box narrower than the widest figure's readable width.
    assert scrolled >= 1
    assert tablet.evaluate("() => document.documentElement.scrollWidth") <= width


def test_a_figure_whose_box_is_wide_enough_fits_without_the_hint(browser, app):
    """At 1024 px with the sidebar folded away the page is about 960 px wide: a figure
    whose labels stay readable at that width fits, with no hint and no Tab stop."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    try:
        sign_in(page, app, "tess")
        # Streamlit draws the sidebar's fold button while the pointer is over the sidebar.
        page.get_by_test_id("stSidebar").hover()
        page.get_by_test_id("stSidebarCollapseButton").get_by_role("button").click()
        visit(page, f"{app}/lesson?id={LESSON}")
        fitting = 0
        for title in titles():
            image = page.get_by_role("img", name=title)
            image.scroll_into_view_if_needed()
            page.wait_for_function(
                "e => e.complete && e.naturalWidth > 0", arg=image.element_handle()
            )
            box = image.locator("xpath=ancestor::*[@data-testid='stImage'][1]")
            block = image.locator("xpath=ancestor::*[@data-testid='stVerticalBlock'][1]")
            if not box.evaluate("e => e.scrollWidth > e.clientWidth + 1"):
                fitting += 1
                expect(block.get_by_text(FIGURE_HINT)).to_be_hidden()
                assert box.get_attribute("tabindex") is None
        assert fitting >= 1
    finally:
        context.close()


def test_the_lesson_passes_axe_on_a_tablet(browser, app):
    context = browser.new_context(viewport={"width": 820, "height": 1180})
    page = context.new_page()
    try:
        sign_in(page, app, "tess")
        visit(page, f"{app}/lesson?id={LESSON}")
        assert audit(page, f"lesson {LESSON} at 820 px") == []
    finally:
        context.close()
