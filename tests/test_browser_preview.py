"""Preview as a trainee in a real browser: an instructor signs in through the form, opens
a module quiz's preview from the Quiz studio, answers, finishes and reads the score and
feedback, and the gradebook and item analysis stay empty; a trainee cannot open it."""

from __future__ import annotations

import re

import pytest

from needlewise.store import open_store

from .browser_harness import leave, running_app, settle, sign_in, visit
from .builders import add_user, row_counts, shipped_content

pytestmark = pytest.mark.browser

QUIZ = shipped_content().quizzes["m1-quiz"].quiz


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("preview")
    url = f"sqlite:///{folder / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    add_user(engine, "tess", name="Tess Trainee")
    with running_app(url) as address:
        yield address, engine
    engine.dispose()


def test_an_instructor_previews_a_module_quiz_and_nothing_is_recorded(page, app):
    from playwright.sync_api import expect

    address, engine = app
    sign_in(page, address, "ian")
    visit(page, f"{address}/studio")
    before = row_counts(engine)
    page.get_by_role("link", name=f"Preview as a trainee: {QUIZ.title} ({QUIZ.id})").click()
    expect(page.get_by_role("heading", name=f"Preview: {QUIZ.title}")).to_be_visible()
    expect(page.get_by_text("Preview: nothing is recorded.")).to_be_visible()
    settle(page)
    page.get_by_role("button", name="Start an attempt").click()
    expect(page.get_by_text("answers are saved as you go")).to_be_visible()
    first = page.get_by_role("radiogroup").first
    first.get_by_role("radio").first.check(force=True)
    settle(page)
    page.get_by_role("button", name="Finish attempt…").click()
    expect(page.get_by_role("heading", name="Summary of your attempt")).to_be_visible()
    unanswered = sum(1 for _ in QUIZ.leaves()) - 1
    expect(page.get_by_text(f"{unanswered} questions are not fully answered")).to_be_visible()
    page.get_by_role("button", name="Submit all and finish").click()
    expect(page.get_by_text(re.compile(r"(Passed|Not passed): [\d.]+%"))).to_be_visible()
    # The first question was answered: its review shows the answer given, not "No answer".
    answers = page.locator("p", has_text="Your answer:")
    expect(answers.first).not_to_contain_text("No answer")
    expect(answers.nth(1)).to_contain_text("No answer")
    expect(page.get_by_text("Preview: nothing is recorded.")).to_be_visible()
    expect(page.get_by_text("Why:").first).to_be_visible()
    expect(page.get_by_text("Correct answer:").first).to_be_visible()

    after = row_counts(engine)
    assert after == before
    assert after["attempts"] == after["responses"] == after["quiz_versions"] == 0
    assert after["review_cards"] == 0

    visit(page, f"{address}/item_analysis")
    expect(page.get_by_role("heading", name="Item analysis")).to_be_visible()
    expect(page.get_by_text("No submitted attempts at this quiz yet.")).to_be_visible()
    visit(page, f"{address}/cohort")
    expect(page.get_by_role("heading", name="Gradebook")).to_be_visible()
    expect(page.get_by_test_id("stMetric").filter(has_text="Trainees")).to_contain_text("1")

    visit(page, f"{address}/quiz_preview?quiz={QUIZ.id}")
    expect(page.get_by_role("heading", name=f"Preview: {QUIZ.title}")).to_be_visible()
    page.get_by_role("link", name="Back to the Quiz studio").click()
    expect(page.get_by_role("heading", name="Quiz studio")).to_be_visible()
    leave(page)


def test_a_trainee_cannot_open_the_preview(page, app):
    from playwright.sync_api import expect

    address, _ = app
    sign_in(page, address, "tess")
    visit(page, f"{address}/quiz_preview?quiz={QUIZ.id}")
    expect(page.get_by_role("heading", name="Welcome, Tess Trainee")).to_be_visible()
    assert page.get_by_role("heading", name=re.compile("^Preview")).count() == 0
    assert page.get_by_text("Preview: nothing is recorded.").count() == 0
    leave(page)
