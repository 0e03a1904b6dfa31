"""A quiz split into pages in a real browser (Moodle's "questions per page"): turning
pages, a reload that keeps the page, the summary's way back to a question on another
page, submitting, and a reload that keeps the result. The shipped module quizzes show
five questions a page."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest

from needlewise import attempts, progress
from needlewise.quiz.layout import leaf_ids, questions_per_attempt
from needlewise.quiz.paging import page_of
from needlewise.store import open_store

from .browser_harness import running_app, settle, sign_in, visit
from .builders import add_user, shipped_content, write_course

CONTENT = shipped_content()
MODULE = CONTENT.course.modules[0]
QUIZ = CONTENT.quizzes[MODULE.quiz].quiz

pytestmark = pytest.mark.browser


def heading(page, number: int):
    return page.get_by_role("heading", name=re.compile(rf"^Question {number}\b"))


@contextmanager
def module_quiz_started(page, tmp_path):
    """Tess, module 1's lessons read, signed in through the form and just started on its
    quiz: yields the database, the app's address and the attempt."""
    from playwright.sync_api import expect

    url = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(url)
    tess = add_user(engine, "tess", name="Tess Trainee")
    for lesson in MODULE.lessons:
        progress.mark_read(engine, tess.id, lesson)
    try:
        with running_app(url) as address:
            sign_in(page, address, "tess")
            visit(page, f"{address}/quiz?id={QUIZ.id}")
            # The introduction says how long the attempt will be.
            count = questions_per_attempt(QUIZ)
            expect(
                page.get_by_text(re.compile(rf"^Questions: {count} · Pass mark"))
            ).to_be_visible()
            page.get_by_role("button", name="Start an attempt").click()
            expect(page.get_by_text("answers are saved as you go")).to_be_visible()
            assert len(leaf_ids(attempts.open_attempt(engine, tess.id, QUIZ.id).layout)) == count
            yield engine, address, attempts.open_attempt(engine, tess.id, QUIZ.id)
    finally:
        engine.dispose()


def test_a_trainee_turns_pages_reloads_goes_back_from_the_summary_and_submits(page, tmp_path):
    from playwright.sync_api import expect

    assert QUIZ.questions_per_page == 5
    with module_quiz_started(page, tmp_path) as (engine, _address, attempt):
        questions = leaf_ids(attempt.layout)
        last = page_of(attempt.layout, 5, questions[-1])
        expect(page.get_by_text(f"page 1 of {last}")).to_be_visible()
        expect(heading(page, 5)).to_be_visible()
        expect(heading(page, 6)).to_have_count(0)
        expect(page.get_by_role("button", name="Previous page")).to_have_count(0)

        page.get_by_role("radiogroup").first.get_by_role("radio").first.check(force=True)
        settle(page)
        page.get_by_role("button", name="Next page").click()
        settle(page)
        expect(page).to_have_url(re.compile(r"[?&]page=2\b"))
        expect(heading(page, 6)).to_be_in_viewport()
        expect(heading(page, 1)).to_have_count(0)

        page.reload()
        settle(page)
        expect(page.get_by_text(f"page 2 of {last}")).to_be_visible()
        expect(heading(page, 6)).to_be_visible()
        page.get_by_role("radiogroup").first.get_by_role("radio").first.check(force=True)
        settle(page)
        expect(page.get_by_text("Signed in as Tess Trainee").first).to_be_visible()

        page.get_by_role("button", name="Finish attempt…").click()
        settle(page)
        expect(page.get_by_text("Answered", exact=True)).to_have_count(2)
        page.get_by_role("button", name="Go to question 1", exact=True).click()
        settle(page)
        expect(page).to_have_url(re.compile(r"[?&]page=1\b"))
        expect(heading(page, 1)).to_be_in_viewport()
        first = page.get_by_role("radiogroup").first
        expect(first.get_by_role("radio", checked=True)).to_have_count(1)

        for number in range(2, last + 1):
            page.get_by_role("button", name="Next page").click()
            settle(page)
            expect(page.get_by_text(f"page {number} of {last}")).to_be_visible()
        expect(page.get_by_role("button", name="Next page")).to_have_count(0)
        expect(heading(page, len(questions))).to_be_visible()
        page.get_by_role("button", name="Previous page").click()
        settle(page)
        expect(page.get_by_text(f"page {last - 1} of {last}")).to_be_visible()

        page.get_by_role("button", name="Finish attempt…").click()
        settle(page)
        page.get_by_role("button", name="Submit all and finish").click()
        settle(page)
        expect(page.get_by_text(re.compile(r"(Passed|Not passed): [\d.]+%"))).to_be_visible()
        expect(page).not_to_have_url(re.compile(r"[?&]page="))
        saved = attempts.saved_responses(engine, attempt.id)
        answered = [q for q, kept in saved.items() if kept.response is not None]
        assert sorted(page_of(attempt.layout, 5, q) for q in answered) == [1, 2]
        assert attempts.get(engine, attempt.id).state == "submitted"

        # The result survives a reload (its attempt is in the address); back at the quiz, a
        # reload stays there.
        result = page.get_by_text(re.compile(r"(Passed|Not passed): [\d.]+%"))
        expect(page).to_have_url(re.compile(rf"[?&]review={attempt.id}\b"))
        page.reload()
        settle(page)
        expect(result).to_be_visible()
        page.get_by_role("button", name="Back to the quiz").click()
        settle(page)
        expect(page.get_by_text("Your attempts")).to_be_visible()
        expect(page).not_to_have_url(re.compile(r"[?&]review="))
        page.reload()
        settle(page)
        expect(page.get_by_text("Your attempts")).to_be_visible()
        expect(result).to_have_count(0)


def long_quiz(count: int) -> str:
    """A quiz of ``count`` questions on one page, their ids with dots in them."""
    questions = "".join(
        f"""
  - id: a.q{n}
    type: single
    prompt: Question text {n}.
    objectives: [a.two]
    options:
      - {{text: Right, correct: true}}
      - {{text: Wrong}}
"""
        for n in range(1, count + 1)
    )
    return f"id: a-quiz\ntitle: A long quiz\nmodule: a\nquestions:{questions}"


def test_go_to_question_scrolls_to_a_question_whose_id_has_a_dot(page, tmp_path):
    """Streamlit writes a key's dots as dashes in its class; the way back from the summary
    must find the question all the same."""
    from playwright.sync_api import expect

    content, quizzes = write_course(tmp_path)
    (quizzes / "a-quiz.yaml").write_text(long_quiz(14))
    url = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(url)
    tess = add_user(engine, "tess", name="Tess Trainee")
    progress.mark_read(engine, tess.id, "a-one")
    folders = {"NEEDLEWISE_CONTENT_DIR": str(content), "NEEDLEWISE_QUIZZES_DIR": str(quizzes)}
    with running_app(url, folders) as address:
        sign_in(page, address, "tess")
        visit(page, f"{address}/quiz?id=a-quiz")
        page.get_by_role("button", name="Start an attempt").click()
        expect(page.get_by_text("answers are saved as you go")).to_be_visible()
        page.get_by_role("button", name="Finish attempt…").click()
        page.get_by_role("button", name="Go to question 14", exact=True).click()
        expect(heading(page, 14)).to_be_in_viewport()
        expect(heading(page, 1)).not_to_be_in_viewport()
    engine.dispose()


def test_a_click_right_after_typing_an_answer_is_not_lost(page, tmp_path):
    """Typing an answer and clicking Next page (or Finish attempt…) at once sends the typed
    answer, which reruns only its question, and the click in one batch: Streamlit ran only
    the question, so the page stayed where it was while its address moved on."""
    from playwright.sync_api import expect

    with module_quiz_started(page, tmp_path) as (engine, address, attempt):
        questions = leaf_ids(attempt.layout)
        last = page_of(attempt.layout, 5, questions[-1])
        typed = [
            (number, q)
            for number, q in enumerate(questions, start=1)
            if QUIZ.leaf(q).type in ("short_text", "numeric")
            and page_of(attempt.layout, 5, q) < last
        ]
        assert typed, "the module quiz has a typed answer before its last page"
        number, question_id = typed[0]
        here = page_of(attempt.layout, 5, question_id)
        visit(page, f"{address}/quiz?id={QUIZ.id}&page={here}")
        box = page.get_by_role("textbox", name=re.compile(rf"^Question {number}:"))
        box.fill("3")
        page.get_by_role("button", name="Next page").click()
        settle(page)
        expect(page.get_by_text(f"page {here + 1} of {last}")).to_be_visible()
        expect(page).to_have_url(re.compile(rf"[?&]page={here + 1}\b"))
        expect(heading(page, number)).to_have_count(0)
        assert attempts.saved_responses(engine, attempt.id)[question_id].response is not None

        page.get_by_role("button", name="Previous page").click()
        settle(page)
        box.fill("4")
        page.get_by_role("button", name="Finish attempt…").click()
        settle(page)
        expect(page.get_by_role("heading", name="Summary of your attempt")).to_be_visible()


def test_an_answer_in_a_tab_left_open_after_submitting_elsewhere_shows_the_result(page, tmp_path):
    """The attempt is handed in from another tab; an answer clicked here is not saved and
    the page turns to the result, as its message says, instead of the questions."""
    from playwright.sync_api import expect

    with module_quiz_started(page, tmp_path) as (engine, _address, attempt):
        attempts.submit(engine, attempt.id, attempt.user_id)  # the other tab
        page.get_by_role("radiogroup").first.get_by_role("radio").first.check(force=True)
        settle(page)
        expect(page.get_by_text("already been submitted, perhaps in another tab")).to_be_visible()
        expect(page.get_by_text(re.compile(r"(Passed|Not passed): [\d.]+%"))).to_be_visible()
        expect(page.get_by_role("button", name="Finish attempt…")).to_have_count(0)
        expect(page.get_by_role("radiogroup")).to_have_count(0)
        saved = attempts.saved_responses(engine, attempt.id)
        assert all(kept.response is None for kept in saved.values())
