"""In a real browser: the Gradebook and Groups pages (views/gradebook.py, views/groups.py)
keep their addresses /cohort and /cohorts; links the library names by page key open their
pages; the Settings form states the model's ranges and refuses with them."""

from __future__ import annotations

import re

import pytest

from needlewise import settings
from needlewise.store import open_store

from .browser_harness import running_app, settle, sign_in, visit
from .builders import add_user

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("page_names")
    url = f"sqlite:///{folder / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "ada", roles=("admin", "instructor"), name="Ada Admin")
    add_user(engine, "tess", name="Tess Trainee")
    with running_app(url) as address:
        yield address, engine
    engine.dispose()


def signed_in_here(page) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_text("Signed in as").first).to_be_visible()
    settle(page)
    page.wait_for_timeout(300)  # let anything the first run started finish
    settle(page)


def test_gradebook_and_groups_keep_their_addresses_by_link_menu_and_deep_link(page, app):
    from playwright.sync_api import expect

    address, _ = app
    # Signed out at /cohort: the sign-in form stands in there, then the page itself opens.
    visit(page, f"{address}/cohort")
    page.get_by_role("textbox", name="Username").fill("ada")
    page.get_by_role("textbox", name="Password").fill("correct horse 1")
    page.get_by_role("button", name="Sign in").click()
    signed_in_here(page)
    expect(page.get_by_role("heading", name="Gradebook", exact=True)).to_be_visible()
    assert page.url.rstrip("/").endswith("/cohort")

    menu = page.locator("[data-testid='stSidebarNav']")
    link = menu.get_by_role("link", name="Groups", exact=True)
    if link.count() == 0:
        menu.get_by_text(re.compile(r"^View \d+ more$")).click()
    link.click()
    settle(page)
    expect(page.get_by_role("heading", name="Groups", exact=True)).to_be_visible()
    page.wait_for_url(f"{address}/cohorts")

    visit(page, f"{address}/gradebook")  # the file's name is not an address
    signed_in_here(page)
    assert page.get_by_role("heading", name="Gradebook", exact=True).count() == 0


def test_getting_started_links_open_settings_which_states_and_enforces_its_ranges(page, app):
    from playwright.sync_api import expect

    address, engine = app
    sign_in(page, address, "ada")
    visit(page, f"{address}/getting_started")
    signed_in_here(page)
    page.get_by_role("link", name=re.compile("^Set your clinic name")).click()
    settle(page)
    expect(page.get_by_role("heading", name="Settings", exact=True)).to_be_visible()
    page.wait_for_url(f"{address}/settings")

    inactive = page.get_by_role("spinbutton", name=settings.form_label("inactive_days"))
    inactive.fill("400")
    page.get_by_role("button", name="Save settings").click()
    settle(page)
    expect(page.get_by_text("Nothing was saved")).to_be_visible()
    expect(page.get_by_text("400 days is outside 1 to 365")).to_be_visible()
    assert settings.read_all(engine).inactive_days == 14

    inactive.fill("21")
    page.get_by_role("button", name="Save settings").click()
    settle(page)
    expect(page.get_by_text("Settings saved.")).to_be_visible()
    assert settings.read_all(engine).inactive_days == 21


def test_a_trainees_next_step_opens_the_lesson_it_names(page, app):
    from playwright.sync_api import expect

    address, _ = app
    sign_in(page, address, "tess")
    page.get_by_role("link", name=re.compile("^Read: ")).click()
    settle(page)
    expect(page.get_by_role("button", name="Mark as read")).to_be_visible()
    assert "/lesson?id=" in page.url
