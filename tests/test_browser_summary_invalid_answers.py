"""The summary before submit, in Debian's Chromium, for a number typed with a unit the
question does not take: the question says why under its input, and the summary flags it
as not a valid answer, with the same words, rather than "Answered" (it would score
nothing). Its "Go to question" leads back to it; once fixed, the summary says Answered and
the attempt scores it."""

from __future__ import annotations

import re

import pytest

from needlewise import attempts, progress
from needlewise.store import open_store

from .browser_harness import running_app, settle, sign_in, visit
from .builders import add_user, write_course

pytestmark = pytest.mark.browser

QUIZ = """\
id: a-quiz
title: A quiz with a number
module: a
shuffle: false
questions_per_page: 1
questions:
  - id: a-single
    type: single
    prompt: Pick the right one.
    objectives: [a.two]
    options:
      - {text: Right, correct: true}
      - {text: Wrong}
  - id: a-width
    type: numeric
    prompt: Icepick scars are narrower than what width, in millimetres?
    objectives: [a.two]
    answer: 2
    unit: mm
"""
REFUSED = "'cm' is not accepted here; give the answer in mm."


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("summary_invalid")
    content, quizzes = write_course(folder)
    (quizzes / "a-quiz.yaml").write_text(QUIZ)
    url = f"sqlite:///{folder / 'nw.db'}"
    engine = open_store(url)
    folders = {"NEEDLEWISE_CONTENT_DIR": str(content), "NEEDLEWISE_QUIZZES_DIR": str(quizzes)}
    with running_app(url, folders) as address:
        yield engine, address
    engine.dispose()


def press(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    settle(page)


def saved_as(page, engine, attempt_id: int, question_id: str, response: dict) -> None:
    """The server saves an answer after the browser has already shown it."""
    for _ in range(100):
        kept = attempts.saved_responses(engine, attempt_id).get(question_id)
        if kept is not None and kept.response == response:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"{question_id} was not saved as {response}")


def type_width(page, text: str) -> None:
    field = page.get_by_role("textbox", name=re.compile(r"^Question 2: Icepick"))
    field.fill(text)
    field.press("Enter")
    settle(page)


def summary_row(page, number: int):
    """The summary's row for question ``number``: the columns beside its button."""
    button = page.get_by_role("button", name=f"Go to question {number}", exact=True)
    return page.locator("[data-testid='stHorizontalBlock']").filter(has=button).last


def test_a_number_with_a_unit_refused_is_flagged_in_the_summary_until_fixed(page, app):
    from playwright.sync_api import expect

    engine, address = app
    trainee = add_user(engine, "tess")
    progress.mark_read(engine, trainee.id, "a-one")
    sign_in(page, address, "tess")
    visit(page, f"{address}/quiz?id=a-quiz")
    press(page, "Start an attempt")
    # The attempt is in the database once its first page is drawn.
    expect(page.get_by_text("Attempt 1 · page 1 of 2")).to_be_visible()
    attempt = attempts.open_attempt(engine, trainee.id, "a-quiz")
    assert attempt is not None
    page.get_by_role("radio", name="Right").check(force=True)
    settle(page)
    saved_as(page, engine, attempt.id, "a-single", {"choice": 0})
    press(page, "Next page")

    # The question refuses the unit under its input; the text is kept as typed.
    type_width(page, "0.2 cm")
    expect(page.get_by_text(REFUSED)).to_be_visible()
    saved_as(page, engine, attempt.id, "a-width", {"text": "0.2 cm"})

    press(page, "Finish attempt…")
    expect(page.get_by_role("heading", name="Summary of your attempt")).to_be_visible()
    expect(summary_row(page, 2)).to_contain_text(f"Not a valid answer: {REFUSED}")
    expect(summary_row(page, 2)).not_to_contain_text("Answered")
    expect(summary_row(page, 1)).to_contain_text("Answered")
    expect(
        page.get_by_text("1 answer is not valid as typed and scores nothing. You can go back")
    ).to_be_visible()
    expect(page.get_by_text("Every question has an answer.")).to_have_count(0)

    # Its way back leads to it, where the answer is fixed.
    press(page, "Go to question 2")
    expect(page.get_by_text("page 2 of 2")).to_be_visible()
    type_width(page, "2")
    expect(page.get_by_text(REFUSED)).to_have_count(0)
    saved_as(page, engine, attempt.id, "a-width", {"text": "2"})

    press(page, "Finish attempt…")
    expect(summary_row(page, 2)).to_contain_text("Answered")
    expect(summary_row(page, 2)).not_to_contain_text("Not a valid answer")
    expect(page.get_by_text("Every question has an answer.")).to_be_visible()
    press(page, "Submit all and finish")
    expect(page.get_by_text(re.compile(r"Passed: 100(\.0)?%"))).to_be_visible()
