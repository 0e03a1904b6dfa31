"""In a real browser, a clinic with no trainees yet: the teaching pages say where trainees
come from and link only to pages the person may open (People is an admin's page; a link
to a page outside someone's menu stops the page with an error)."""

from __future__ import annotations

import pytest

from needlewise.store import open_store

from .browser_harness import leave, open_from_menu, running_app, sign_in
from .builders import add_user

pytestmark = pytest.mark.browser

EXCEPTION = "[data-testid='stException']"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("no_trainees")
    url = f"sqlite:///{folder / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "ada", roles=("admin",), name="Ada Admin")
    add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    with running_app(url) as address:
        yield address
    engine.dispose()


@pytest.mark.parametrize("title", ["Gradebook", "Sign-off"])
def test_an_instructor_is_told_to_ask_the_administrator(page, app, title):
    from playwright.sync_api import expect

    sign_in(page, app, "ian")
    open_from_menu(page, title)
    expect(
        page.get_by_text("No trainees yet. Ask your clinic administrator to add trainee accounts.")
    ).to_be_visible()
    assert page.locator(EXCEPTION).count() == 0
    assert page.get_by_role("link", name="People", exact=True).count() == 0
    leave(page)


def test_an_administrator_is_sent_to_the_people_page(page, app):
    from playwright.sync_api import expect

    sign_in(page, app, "ada")
    open_from_menu(page, "Gradebook")
    expect(
        page.get_by_text("Add accounts with the trainee role on the People page")
    ).to_be_visible()
    page.locator("[data-testid='stMain']").get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", name="People", exact=True)).to_be_visible()
    assert page.locator(EXCEPTION).count() == 0
