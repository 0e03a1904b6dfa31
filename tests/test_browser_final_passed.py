"""In Chromium, through the real sign-in form: Una's kept grade on the final reaches its
pass mark, but no attempt also reached 80% on the safety questions, so she has not passed.
The instructor's Gradebook says "no" in the "Final assessment passed" column beside her
grade, and so does its CSV; Una's Course page, on a phone, says "not yet passed" beside her
grade, and nothing on it scrolls sideways."""

from __future__ import annotations

import csv
import io
import random

import pytest

from needlewise import attempts, display
from needlewise.quiz.layout import leaf_ids
from needlewise.quiz.scoring import correct_response
from needlewise.store import open_store

from .browser_harness import SIDEWAYS, open_from_menu, running_app, settle, sign_in, visit
from .builders import add_user, pass_module_quiz, shipped_content, shipped_final

pytestmark = pytest.mark.browser

CONTENT = shipped_content()
FINAL = shipped_final()
GRADE = f"{FINAL.quiz.title} (%)"
PASSED = f"{FINAL.quiz.title} passed"
PHONE = {"width": 390, "height": 844}
WIDE = {"width": 6000, "height": 900}


def unsafe_final(engine, trainee):
    """A submitted attempt at the final with ten of its safety questions left unanswered
    and every other question it shows answered right."""
    attempt = attempts.start_or_resume(engine, trainee.id, FINAL, 80, rng=random.Random(5))
    shown = set(leaf_ids(attempt.layout))
    leaves = [q for _, q in FINAL.quiz.leaves() if q.id in shown]
    wrong = set(sorted(q.id for q in leaves if FINAL.quiz.must_pass.covers(q))[:10])
    attempts.save_many(
        engine,
        attempt.id,
        trainee.id,
        {q.id: correct_response(q) for q in leaves if q.id not in wrong},
    )
    return attempts.submit(engine, attempt.id, trainee.id)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("final_passed")
    url = f"sqlite:///{folder / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    add_user(engine, "ida", name="Ida Trainee")
    una = add_user(engine, "una", name="Una Trainee")
    for module in CONTENT.course.modules:
        pass_module_quiz(engine, una, module.quiz)
    attempt = unsafe_final(engine, una)
    assert attempt.percent >= 80 and attempt.section_percent < 80 and not attempt.passed
    engine.dispose()
    with running_app(url) as address:
        yield address, display.percent(attempt.percent)


def gradebook_of_una(page, address: str, grade: str) -> None:
    """The instructor finds Una in the Gradebook, then downloads its CSV."""
    from playwright.sync_api import expect

    page.set_default_timeout(30_000)
    sign_in(page, address, "ian")
    open_from_menu(page, "Gradebook")
    search = page.get_by_role("textbox", name="Find a trainee")
    search.fill("una")
    search.press("Enter")
    settle(page)
    expect(page.get_by_text("1 of 2 trainees match")).to_be_visible()
    table = page.locator("[data-testid='stDataFrame']")
    table.locator("td", has_text="Una Trainee").first.wait_for(state="attached")
    expect(table.locator("td", has_text="Ida Trainee")).to_have_count(0)
    headings = table.locator("th").all_inner_texts()
    assert headings.index(PASSED) == headings.index(GRADE) + 1, headings
    row = table.locator("td").all_inner_texts()
    assert row[headings.index(GRADE)] == grade.removesuffix("%")
    assert row[headings.index(PASSED)] == "no"

    page.get_by_role("button", name="Prepare gradebook export").click()
    settle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Gradebook (CSV)").click()
    settle(page)
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text("utf-8-sig"))))
    said = {r["Username"]: (r[GRADE], r[PASSED]) for r in rows}
    assert said == {"ida": ("", ""), "una": (grade.removesuffix("%"), "no")}
    assert page.locator("[data-testid='stException']").count() == 0


def test_the_instructor_sees_who_passed_the_final(browser, app):
    address, grade = app
    # The grid draws only the columns in sight: a screen wide enough to hold them all.
    context = browser.new_context(accept_downloads=True, viewport=WIDE)
    try:
        gradebook_of_una(context.new_page(), address, grade)
    finally:
        context.close()


def test_the_trainee_course_page_says_not_yet_passed_on_a_phone(browser, app):
    from playwright.sync_api import expect

    address, grade = app
    context = browser.new_context(viewport=PHONE)
    try:
        phone = context.new_page()
        phone.set_default_timeout(30_000)
        sign_in(phone, address, "una")
        visit(phone, f"{address}/course")
        label = f"{FINAL.quiz.title} · {grade} · not yet passed"
        expect(phone.get_by_role("link", name=label, exact=True)).to_be_visible()
        assert phone.evaluate(SIDEWAYS) == []
        assert phone.locator("[data-testid='stException']").count() == 0
    finally:
        context.close()
