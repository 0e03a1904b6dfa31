"""Figures on a 390 x 844 phone, signed in through the real form.

A wide lesson figure keeps the size it was drawn at and scrolls sideways in its own box,
under a line that says so; the box is a named Tab stop that arrow keys scroll. On a wide
screen the figure fits and is no Tab stop. The Depth explorer's cross-section fits the
phone's width with text of 11 px or more, and in Chromium's own measure (getBBox) no
label meets another or has a line through it. Sources name their tier without brackets
inside brackets.
"""

from __future__ import annotations

import base64

import pytest

from needlewise.store import open_store
from needlewise.ui.accessible import FIGURE_HINT

from .browser_harness import choose, running_app, settle, sign_in, visit
from .builders import add_user, shipped_content
from .figure_boxes import Box, crosses

CONTENT = shipped_content()
LESSON = "m1-skin-and-healing"
FIGURE = "skin-layers"
PHONE = {"width": 390, "height": 844}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('figures-phone') / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "tess", name="Tess Trainee")
    engine.dispose()
    with running_app(url) as address:
        yield address


@pytest.fixture
def phone(browser, request):
    context = browser.new_context(viewport=PHONE)
    opened = context.new_page()
    opened.set_default_timeout(30_000)
    yield opened
    context.close()


def figure_title() -> str:
    from needlewise.figure_text import figure_text

    return figure_text(CONTENT.figures[FIGURE]).title


def loaded(page, image) -> None:
    """Wait for an image to load: its size is its own only then."""
    image.scroll_into_view_if_needed()
    page.wait_for_function("e => e.complete && e.naturalWidth > 0", arg=image.element_handle())


def test_a_wide_lesson_figure_scrolls_sideways_under_a_hint_and_by_keyboard(phone, app):
    from playwright.sync_api import expect

    sign_in(phone, app, "tess")
    visit(phone, f"{app}/lesson?id={LESSON}")
    hint = phone.get_by_text(FIGURE_HINT).first
    expect(hint).to_be_visible()
    region = phone.get_by_role("region", name=f"{figure_title()} (scrolls sideways)")
    expect(region).to_have_count(1)
    image = region.get_by_role("img", name=figure_title())
    loaded(phone, image)
    # The hint comes first, where the reader sees it before the cut-off figure.
    assert hint.bounding_box()["y"] < image.bounding_box()["y"]
    # Drawn at its own size (its labels 11 px and up), not squeezed to 358 px.
    assert image.evaluate("e => e.getBoundingClientRect().width") == image.evaluate(
        "e => e.naturalWidth"
    )
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")
    # The page itself does not scroll sideways: only the figure's box does.
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]

    expect(region).to_have_attribute("tabindex", "0")
    region.focus()
    expect(region).to_be_focused()
    assert region.evaluate("e => e.scrollLeft") == 0
    for _ in range(5):
        phone.keyboard.press("ArrowRight")
    phone.wait_for_function("e => e.scrollLeft > 0", arg=region.element_handle())


def test_on_a_wide_screen_the_figure_fits_with_no_hint_and_no_tab_stop(page, app):
    from playwright.sync_api import expect

    sign_in(page, app, "tess")
    visit(page, f"{app}/lesson?id={LESSON}")
    image = page.get_by_role("img", name=figure_title())
    loaded(page, image)
    expect(page.get_by_text(FIGURE_HINT)).to_have_count(len(CONTENT.lessons[LESSON].figures))
    expect(page.get_by_text(FIGURE_HINT).first).to_be_hidden()
    expect(page.get_by_role("region", name=f"{figure_title()} (scrolls sideways)")).to_have_count(0)
    box = image.locator("xpath=ancestor::*[@data-testid='stImage'][1]")
    assert not box.evaluate("e => e.scrollWidth > e.clientWidth")
    assert box.get_attribute("tabindex") is None


def drawn_problems(page, svg: str) -> list[str]:
    """Overlapping labels and lines through labels, as Chromium lays the drawing out."""
    page.set_content(f"<!doctype html><body style='margin:0'>{svg}</body>")
    texts = page.evaluate(
        """() => [...document.querySelectorAll('svg text')].map(t => {
             const b = t.getBBox(); return [t.textContent, b.x, b.y, b.width, b.height]; })"""
    )
    lines = page.evaluate(
        """() => [...document.querySelectorAll('svg line')].map(l =>
             [...['x1', 'y1', 'x2', 'y2'].map(k => +l.getAttribute(k)),
              +(l.getAttribute('stroke-width') || 1) / 2])"""
    )
    boxes = [Box(text, x, y, x + w, y + h) for text, x, y, w, h in texts]
    assert len(boxes) >= 8, "the drawing's labels were not found"
    found = [
        f"{a.text!r} overlaps {b.text!r}"
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a.meets(b)
    ]
    return found + [
        f"a line {line[:4]} runs through {box.text!r}"
        for line in lines
        for box in boxes
        if crosses(tuple(line), box)
    ]


@pytest.mark.parametrize(
    "region",
    [
        "Eyelids, upper and lower (inside the orbital rim)",
        "Cheeks (over the cheekbone, the zygoma)",
    ],
)
def test_the_depth_cross_section_fits_a_phone_and_no_label_meets_another(
    phone, browser, app, region
):
    sign_in(phone, app, "tess")
    visit(phone, f"{app}/depth_explorer")
    choose(phone, "stSelectbox", "Facial region", region)
    settle(phone)
    image = phone.locator("[data-testid='stImage'] img").first
    loaded(phone, image)
    shown = image.bounding_box()
    assert shown["x"] >= 0 and shown["x"] + shown["width"] <= PHONE["width"]
    svg = base64.b64decode(image.get_attribute("src").split(",", 1)[1]).decode()
    assert "Your limit 0.5 mm" in svg  # the clinic's default limit
    drawn_width = float(svg.split('viewBox="', 1)[1].split()[2])
    # The drawing's 13 px text, scaled to the width it is shown at.
    assert 13 * shown["width"] / drawn_width >= 11
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]

    alone = browser.new_page()
    try:
        assert not drawn_problems(alone, svg)
    finally:
        alone.close()


def test_sources_name_their_tier_without_brackets_inside_brackets(page, app):
    from playwright.sync_api import expect

    sign_in(page, app, "tess")
    visit(page, f"{app}/lesson?id={LESSON}")
    references = page.locator("[data-testid='stMarkdownContainer']").filter(
        has_text="Laser clinic FAQ on endpoint"
    )
    expect(references.last).to_contain_text("Source (industry source, weak evidence)")
    expect(references.last).not_to_contain_text("(weak evidence))")

    visit(page, f"{app}/depth_explorer")
    sources = page.locator("[data-testid='stMarkdownContainer']").filter(has_text="Chart range")
    expect(sources).to_contain_text("(industry source, weak evidence)")
    expect(sources).to_contain_text("Sources: ")
    assert "((" not in sources.inner_text() and "))" not in sources.inner_text()
