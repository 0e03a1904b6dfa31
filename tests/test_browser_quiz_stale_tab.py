"""A quiz attempt open in two tabs of one browser, handed in from one of them: every control
of the other tab (a page turn, the summary and its ways back, the final submit, Check, an
answer, a reload) turns that tab to the attempt's result, says it was handed in elsewhere,
and starts, saves and submits nothing."""

from __future__ import annotations

import re

import pytest

from needlewise import attempts, progress
from needlewise.store import open_store

from .browser_harness import running_app, settle, sign_in, visit
from .builders import add_user, paged_quiz, write_course

pytestmark = pytest.mark.browser

QUESTIONS = 3
HANDED_IN = "already been submitted, perhaps in another tab"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stale_tab")
    content, quizzes = write_course(folder)
    (quizzes / "a-quiz.yaml").write_text(paged_quiz(QUESTIONS, feedback="after_each"))
    url = f"sqlite:///{folder / 'nw.db'}"
    engine = open_store(url)
    folders = {"NEEDLEWISE_CONTENT_DIR": str(content), "NEEDLEWISE_QUIZZES_DIR": str(quizzes)}
    with running_app(url, folders) as address:
        yield engine, address
    engine.dispose()


def pick(page, answer: str) -> None:
    page.get_by_role("radio", name=answer).check(force=True)
    settle(page)


def wait_until_saved(page, engine, attempt_id: int, question_id: str) -> None:
    """An answer is saved by the server after the browser has already ticked it."""
    for _ in range(100):
        kept = attempts.saved_responses(engine, attempt_id).get(question_id)
        if kept is not None and kept.response is not None:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"the answer to {question_id} was not saved")


def press(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    settle(page)


def on_the_summary(page) -> None:
    press(page, "Finish attempt…")


def on_page_two(page) -> None:
    press(page, "Next page")


def stay(page) -> None:
    pass


def answer_again(page) -> None:
    pick(page, "Wrong")


def reload(page) -> None:
    page.reload()
    settle(page)


# Where the stale tab stands when the attempt is handed in elsewhere, and what it does then.
CONTROLS = {
    "next page": (stay, lambda page: press(page, "Next page")),
    "previous page": (on_page_two, lambda page: press(page, "Previous page")),
    "finish attempt": (stay, lambda page: press(page, "Finish attempt…")),
    "go to a question": (on_the_summary, lambda page: press(page, f"Go to question {QUESTIONS}")),
    "return to the attempt": (on_the_summary, lambda page: press(page, "Return to the attempt")),
    "submit all and finish": (on_the_summary, lambda page: press(page, "Submit all and finish")),
    "check": (stay, lambda page: press(page, "Check")),
    "an answer": (stay, answer_again),
    "reload": (stay, reload),
}


@pytest.mark.parametrize("control", list(CONTROLS))
def test_a_control_in_a_tab_left_open_shows_the_result_handed_in_elsewhere(page, app, control):
    from playwright.sync_api import expect

    engine, address = app
    username = "t-" + control.replace(" ", "-")
    trainee = add_user(engine, username, name=f"Tess {control.title()}")
    progress.mark_read(engine, trainee.id, "a-one")
    quiz_address = f"{address}/quiz?id=a-quiz"

    # Tab A: signed in through the form, starts the attempt and answers question 1.
    stale = page
    sign_in(stale, address, username)
    visit(stale, quiz_address)
    press(stale, "Start an attempt")
    expect(stale.get_by_text("page 1 of 3")).to_be_visible()
    pick(stale, "Right")
    attempt = attempts.open_attempt(engine, trainee.id, "a-quiz")
    assert attempt is not None
    wait_until_saved(stale, engine, attempt.id, "a-q1")
    stand, act = CONTROLS[control]
    stand(stale)

    # Tab B, in the same browser: resumes the attempt, answers question 2 and submits it.
    other = stale.context.new_page()
    visit(other, quiz_address)
    expect(other.get_by_text(f"Attempt {attempt.number} · page 1 of 3")).to_be_visible()
    press(other, "Next page")
    expect(other.get_by_role("heading", name=re.compile(r"^Question 2\b"))).to_be_visible()
    pick(other, "Wrong")
    press(other, "Finish attempt…")
    press(other, "Submit all and finish")
    expect(other.get_by_text(re.compile(r"Not passed: [\d.]+%"))).to_be_visible()
    handed_in = attempts.saved_responses(engine, attempt.id)
    assert [q for q, kept in handed_in.items() if kept.response is not None] == ["a-q1", "a-q2"]

    # Back in tab A, the control.
    stale.bring_to_front()
    act(stale)
    expect(stale.get_by_text(HANDED_IN)).to_be_in_viewport()
    expect(stale.get_by_text(re.compile(r"Not passed: 33\.3%"))).to_be_visible()
    # The review this quiz allows: every question with its answer and its reason.
    for n in range(1, QUESTIONS + 1):
        expect(stale.get_by_text(f"Reason {n}")).to_be_visible()
    for gone in ("Finish attempt…", "Submit all and finish", "Next page", "Start an attempt"):
        expect(stale.get_by_role("button", name=gone)).to_have_count(0)
    expect(stale.get_by_role("radiogroup")).to_have_count(0)
    expect(stale).not_to_have_url(re.compile(r"[?&]page="))

    # The database holds what was done before the hand-in, and the one submission.
    mine = attempts.for_user(engine, trainee.id)
    assert [(a.id, a.state) for a in mine] == [(attempt.id, "submitted")]
    assert attempts.saved_responses(engine, attempt.id) == handed_in

    # The way back leads to the quiz's start, where nothing was started either.
    press(stale, "Back to the quiz")
    expect(stale.get_by_text("Attempts: 1 used of unlimited")).to_be_visible()
    expect(stale.get_by_role("button", name="Start an attempt")).to_be_visible()
    assert len(attempts.for_user(engine, trainee.id)) == 1
    other.close()
