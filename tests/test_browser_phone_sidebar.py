"""The sidebar after a page is chosen in it, signed in through the real form.

On a 390 x 844 phone the sidebar, opened and used to choose a page, closes, so the chosen
page is what is in sight: whether the browser names itself a phone (Streamlit closes it
then) or not (a tablet, a phone showing the desktop site, a narrow window; the page
script closes it), and never opened again by the two together. On a desktop, where the
sidebar sits beside the page, it stays open.
"""

from __future__ import annotations

import re

import pytest

from needlewise.store import open_store

from .browser_harness import running_app, settle, sign_in
from .builders import add_user

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# What Streamlit's own check reads as a phone (a Pixel's Chrome); Playwright's Chromium
# names itself a desktop browser.
PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Mobile Safari/537.36"
)
SIDEBAR_X = "() => document.querySelector(\"[data-testid='stSidebar']\").getBoundingClientRect().x"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('phone-sidebar') / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "tess", name="Tess Trainee")
    engine.dispose()
    with running_app(url) as address:
        yield address


def opened(browser, viewport: dict, user_agent: str | None = None):
    context = browser.new_context(
        viewport=viewport, **({"user_agent": user_agent} if user_agent else {})
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def choose_depth_explorer(page) -> None:
    from playwright.sync_api import expect

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Depth explorer").click()
    page.wait_for_url(re.compile(r"/depth_explorer$"))
    settle(page)
    expect(page.get_by_role("heading", name="Depth explorer").first).to_be_visible()


@pytest.mark.parametrize("agent", [None, PHONE_AGENT], ids=["desktop-browser", "phone-browser"])
def test_choosing_a_page_on_a_phone_closes_the_sidebar(browser, app, agent):
    from playwright.sync_api import expect

    context, page = opened(browser, PHONE, agent)
    try:
        sign_in(page, app, "tess")
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar).to_have_attribute("data-collapsed", "true")
        page.get_by_test_id("stExpandSidebarButton").click()
        expect(sidebar).to_have_attribute("data-collapsed", "false")
        page.wait_for_function(f"() => ({SIDEBAR_X})() >= 0")
        # Open, it lies over the page.
        assert sidebar.bounding_box()["width"] > PHONE["width"] / 2

        choose_depth_explorer(page)
        expect(sidebar).to_have_attribute("data-collapsed", "true")
        expect(sidebar).not_to_be_in_viewport()
        page.wait_for_function(f"() => ({SIDEBAR_X})() < 0")
        # What is in the middle of the screen is the chosen page, not the menu.
        assert page.evaluate(
            "() => !!document.elementFromPoint(innerWidth / 2, innerHeight / 2)"
            ".closest(\"[data-testid='stMain']\")"
        )
        # Opened again and not used, it stays open until closed.
        page.get_by_test_id("stExpandSidebarButton").click()
        expect(sidebar).to_have_attribute("data-collapsed", "false")
        page.wait_for_timeout(500)
        expect(sidebar).to_have_attribute("data-collapsed", "false")
    finally:
        context.close()


def test_on_a_desktop_the_sidebar_stays_open_beside_the_chosen_page(browser, app):
    from playwright.sync_api import expect

    context, page = opened(browser, DESKTOP)
    try:
        sign_in(page, app, "tess")
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar).to_have_attribute("data-collapsed", "false")
        choose_depth_explorer(page)
        page.wait_for_timeout(500)  # a frame and more for a script that would close it
        expect(sidebar).to_have_attribute("data-collapsed", "false")
        expect(sidebar).to_be_in_viewport()
        main = page.get_by_test_id("stMain").bounding_box()
        assert main["x"] >= sidebar.bounding_box()["width"] - 1
    finally:
        context.close()
