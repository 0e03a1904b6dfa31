"""A trainee signs in through the real form and opens a locked quiz: it says why and
takes them, one click at a time, to what opens it, with the address in step."""

from __future__ import annotations

import re

import pytest

from needlewise.display import the_quiz
from needlewise.store import open_store

from .browser_harness import running_app, settle, sign_in, visit
from .builders import add_user, shipped_content

CONTENT = shipped_content()
FIRST = CONTENT.course.modules[0]
FIRST_QUIZ = CONTENT.quizzes[FIRST.quiz].quiz
FIRST_LESSON = CONTENT.lessons[FIRST.lessons[0]]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('unlock') / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "tess", name="Tess Trainee")
    engine.dispose()
    with running_app(url) as address:
        yield address


def test_a_locked_quiz_leads_to_the_quiz_and_then_the_lesson_that_open_it(page, app):
    from playwright.sync_api import expect

    sign_in(page, app, "tess")
    visit(page, f"{app}/quiz?id={CONTENT.course.final_assessment}")
    expect(page.get_by_text("Pass every module quiz first.")).to_be_visible()
    page.get_by_role("button", name=f"Go to {the_quiz(FIRST_QUIZ.title)}").click()
    settle(page)
    expect(page.get_by_role("heading", name=FIRST_QUIZ.title, exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/quiz\?id={FIRST.quiz}$"))
    expect(page.get_by_text("Read all of this module's lessons first.")).to_be_visible()

    # The address and the page agree: a reload stays on the module quiz.
    page.reload()
    settle(page)
    expect(page.get_by_role("heading", name=FIRST_QUIZ.title, exact=True)).to_be_visible()

    page.get_by_role("link", name=f"Read next: {FIRST_LESSON.meta.title}").click()
    settle(page)
    expect(page.get_by_role("heading", name=FIRST_LESSON.meta.title, exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/lesson\?id={FIRST_LESSON.id}$"))
