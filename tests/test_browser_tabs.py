"""The Gradebook's and item analysis' tabs in a real browser, after signing in through the
real form: only the open tab is drawn, each tab is in the address, and a reload or a link
(signed out too) opens that tab again."""

from __future__ import annotations

import random
import re

import pytest

from needlewise.store import open_store

from .browser_harness import (
    PASSWORD,
    choose,
    leave,
    open_from_menu,
    running_app,
    settle,
    sign_in,
)
from .builders import add_user, shipped_content, take

pytestmark = pytest.mark.browser
CONTENT = shipped_content()
QUIZ = CONTENT.quiz_order()[0]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('tabs') / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    rng = random.Random(12)
    for n in range(3):
        take(engine, CONTENT, add_user(engine, f"t{n}"), QUIZ, n / 2, rng)
    with running_app(url) as address:
        yield address
    engine.dispose()


def selected(page, name: str):
    return page.get_by_role("tab", name=name, exact=True)


def no_error(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0


def test_each_gradebook_tab_draws_alone_and_stays_open_on_reload(page, app):
    from playwright.sync_api import expect

    sign_in(page, app, "ian")
    open_from_menu(page, "Gradebook")
    expect(selected(page, "Trainees")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_test_id("stDataFrame")).to_be_visible()
    # The other tabs' content is not drawn hidden: it is not in the page at all.
    expect(page.get_by_role("heading", name="Completion funnel")).to_have_count(0)
    expect(page.get_by_role("button", name="Save extra time")).to_have_count(0)

    page.get_by_role("tab", name="Charts").click()
    settle(page)
    expect(page).to_have_url(re.compile(r"/cohort\?gradebook_tab=Charts$"))
    expect(page.get_by_role("heading", name="Completion funnel")).to_be_visible()
    # Exact: the table's caption, still drawn while the tab turns, ends the same way.
    charts_scope = "Every trainee of the whole cohort, whatever the search."
    expect(page.get_by_text(charts_scope, exact=True)).to_be_visible()
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)

    page.reload()
    settle(page)
    expect(page.get_by_text("Signed in as").first).to_be_visible()
    expect(selected(page, "Charts")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("heading", name="Completion funnel")).to_be_visible()

    page.get_by_role("tab", name="Extra time").click()
    settle(page)
    expect(page.get_by_role("button", name="Save extra time")).to_be_visible()
    expect(page.get_by_role("heading", name="Completion funnel")).to_have_count(0)

    page.get_by_role("tab", name="Attempts").click()
    settle(page)
    expect(page).to_have_url(re.compile(r"gradebook_tab=Attempts$"))
    expect(page.get_by_text("Attempts of")).to_be_visible()

    # Back on the first tab, the address is the page's own again.
    page.get_by_role("tab", name="Trainees").click()
    settle(page)
    expect(page).to_have_url(re.compile(r"/cohort$"))
    expect(page.get_by_test_id("stDataFrame")).to_be_visible()
    no_error(page)
    leave(page)


def test_a_signed_out_link_to_an_item_analysis_tab_opens_it_after_sign_in(page, app):
    from playwright.sync_api import expect

    page.goto(f"{app}/item_analysis?items_tab=Questions")
    settle(page)
    page.get_by_role("textbox", name="Username").fill("ian")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="The test (3 attempts)")).to_be_visible()
    expect(selected(page, "Questions")).to_have_attribute("aria-selected", "true")
    expect(page).to_have_url(re.compile(r"/item_analysis\?items_tab=Questions$"))
    expect(page.get_by_test_id("stDataFrame")).to_be_visible()
    expect(page.get_by_role("button", name="Statistics (CSV)")).to_be_visible()
    figures = page.get_by_role("table").filter(has_text="Test statistic")
    expect(figures).to_have_count(0)

    page.get_by_role("tab", name="Summary").click()
    settle(page)
    expect(page).to_have_url(re.compile(r"/item_analysis$"))
    expect(figures.get_by_role("cell", name="Mean", exact=True)).to_be_visible()
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)

    page.get_by_role("tab", name="Distractor analysis").click()
    settle(page)
    expect(page.get_by_test_id("stSelectbox").filter(has_text="Question")).to_be_visible()
    expect(page.get_by_test_id("stDataFrame")).to_be_visible()
    no_error(page)
    leave(page)


def test_the_search_the_filter_and_the_chosen_quiz_are_in_the_address(page, app):
    from playwright.sync_api import expect

    sign_in(page, app, "ian")
    open_from_menu(page, "Gradebook")
    search = page.get_by_role("textbox", name="Find a trainee")
    search.fill("t1")
    search.press("Enter")
    settle(page)
    page.get_by_text("Show only trainees who need attention").click()
    settle(page)
    page.get_by_role("tab", name="Charts").click()
    settle(page)
    expect(page).to_have_url(re.compile(r"cohort_search=t1"))
    page.reload()
    settle(page)
    expect(page.get_by_text("Signed in as").first).to_be_visible()
    expect(selected(page, "Charts")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("textbox", name="Find a trainee")).to_have_value("t1")
    expect(page.get_by_role("switch", name="Show only trainees who need attention")).to_be_checked()

    second = CONTENT.quizzes[CONTENT.quiz_order()[1]].quiz.title
    open_from_menu(page, "Item analysis")
    choose(page, "stSelectbox", "Quiz", second)
    settle(page)
    page.reload()
    settle(page)
    quiz = page.get_by_test_id("stSelectbox").filter(has_text="Quiz").first.locator("input")
    expect(quiz).to_have_value(second)
    no_error(page)
    leave(page)
