"""A trainee signs in through the real form and opens a lesson: it starts with its
objectives, shows its figures, and has a worked client case. A locked quiz leads, one
click at a time and with the address in step, to the quiz and then the lesson that open
it."""

from __future__ import annotations

import re

import pytest

from needlewise.display import the_quiz
from needlewise.store import open_store

from .browser_harness import running_app, settle, sign_in, visit
from .builders import add_user, shipped_content

CONTENT = shipped_content()
COURSE = CONTENT.course
FIRST = COURSE.modules[0]
FIRST_QUIZ = CONTENT.quizzes[FIRST.quiz].quiz
FIRST_LESSON = CONTENT.lessons[FIRST.lessons[0]]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('lesson-page') / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "tess", name="Tess Trainee")
    engine.dispose()
    with running_app(url) as address:
        yield address


def test_a_trainee_sees_the_objectives_first_and_the_new_figure(page, app):
    from playwright.sync_api import expect

    lesson = CONTENT.lessons["m1-skin-and-healing"]
    sign_in(page, app, "tess")
    visit(page, f"{app}/lesson?id={lesson.id}")
    heading = page.get_by_text("In this lesson you will learn to:")
    expect(heading).to_be_visible()
    for objective in lesson.meta.objectives:
        expect(page.get_by_text(COURSE.objectives[objective].text)).to_be_visible()
    # The objectives come before the lesson's first section heading.
    first_section = page.get_by_role("heading", name="What microneedling actually does")
    assert heading.bounding_box()["y"] < first_section.bounding_box()["y"]
    expect(
        page.get_by_role("heading", name='Worked case: "Why can\'t I see a difference yet?"')
    ).to_be_visible()
    expect(page.get_by_text("cheek over the cheekbone", exact=False).first).to_be_visible()
    images = page.locator("[data-testid='stImage'] img")
    expect(images).to_have_count(len(lesson.figures))


def test_the_references_are_one_list_with_every_source(page, app):
    from playwright.sync_api import expect

    lesson = CONTENT.lessons["m1-history"]
    keys = dict.fromkeys(
        k for k in lesson.citations + lesson.meta.further_reading if k in CONTENT.references
    )
    sign_in(page, app, "tess")
    visit(page, f"{app}/lesson?id={lesson.id}")
    expect(page.get_by_role("heading", name="References")).to_be_visible()
    # A screen reader hears one list of them all, not a list of one item per source.
    last_block = page.locator("[data-testid='stMarkdownContainer']").filter(
        has_text=CONTENT.references[next(iter(keys))].citation
    )
    expect(last_block).to_have_count(1)
    expect(last_block.get_by_role("list")).to_have_count(1)
    expect(last_block.get_by_role("listitem")).to_have_count(len(keys))
    for key in keys:
        expect(last_block.get_by_text(CONTENT.references[key].short).first).to_be_visible()


def test_a_locked_quiz_leads_to_the_quiz_and_then_the_lesson_that_open_it(page, app):
    from playwright.sync_api import expect

    sign_in(page, app, "tess")
    visit(page, f"{app}/quiz?id={COURSE.final_assessment}")
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

    page.get_by_role("link", name=f"Read: {FIRST_LESSON.meta.title}").click()
    settle(page)
    expect(page.get_by_role("heading", name=FIRST_LESSON.meta.title, exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/lesson\?id={FIRST_LESSON.id}$"))
