"""A quiz left open in one browser after its session ended elsewhere, in Debian's Chromium:
each question reruns on its own (a fragment, past app.py's guard), yet an answer or a
Check clicked there saves nothing, and the page turns to the sign-in form saying why. The
same trainee signs out in a second browser with the real button; an administrator
disables the account. The cases the browser does not need are test_quiz_session_ended.py.
"""

from __future__ import annotations

import pytest

from needlewise import accounts, attempts, progress
from needlewise.acting import Operator
from needlewise.store import open_store

from .browser_harness import running_app, settle, sign_in, visit
from .builders import add_user, write_course

pytestmark = pytest.mark.browser

SIGNED_OUT = "You have been signed out: this account signed out elsewhere"
DISABLED = "This account has been disabled."


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("session_ended")
    content, quizzes = write_course(folder, shuffle="false", feedback="after_each")
    url = f"sqlite:///{folder / 'nw.db'}"
    engine = open_store(url)
    folders = {"NEEDLEWISE_CONTENT_DIR": str(content), "NEEDLEWISE_QUIZZES_DIR": str(quizzes)}
    with running_app(url, folders) as address:
        yield engine, address
    engine.dispose()


def responses(engine, attempt_id: int) -> dict:
    saved = attempts.saved_responses(engine, attempt_id)
    return {q: (kept.response, kept.checked) for q, kept in saved.items()}


def answered_question_one(page, engine, address: str, username: str):
    """Signed in through the form, an attempt started and question 1 answered (saved)."""
    from playwright.sync_api import expect

    trainee = add_user(engine, username)
    progress.mark_read(engine, trainee.id, "a-one")
    sign_in(page, address, username)
    visit(page, f"{address}/quiz?id=a-quiz")
    page.get_by_role("button", name="Start an attempt").click()
    settle(page)
    page.get_by_role("radio", name="Right").check(force=True)
    settle(page)
    attempt = attempts.open_attempt(engine, trainee.id, "a-quiz")
    assert attempt is not None
    for _ in range(100):  # the server saves after the browser has ticked it
        if responses(engine, attempt.id):
            break
        page.wait_for_timeout(100)
    assert responses(engine, attempt.id) == {"a-single": ({"choice": 0}, False)}
    expect(page.get_by_role("button", name="Check")).to_have_count(2)
    return attempt


def sign_out_in_another_browser(browser, address: str, username: str) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    other = context.new_page()
    other.set_default_timeout(30_000)
    sign_in(other, address, username)
    other.get_by_role("button", name="Sign out").click()
    expect(other.get_by_role("button", name="Sign in")).to_be_visible()
    context.close()


def answer_question_two(page) -> None:
    page.get_by_role("radio", name="True").check(force=True)


def check_question_one(page) -> None:
    page.get_by_role("button", name="Check").first.click()


def shows_the_sign_in_form(page, message: str) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_text(message)).to_be_visible()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    settle(page)
    expect(page.get_by_role("radiogroup")).to_have_count(0)
    assert page.get_by_text("Signed in as").count() == 0


@pytest.mark.parametrize(
    "control", [answer_question_two, check_question_one], ids=["an answer", "check"]
)
def test_after_signing_out_in_another_browser_the_open_quiz_saves_nothing(
    page, browser, app, control
):
    engine, address = app
    username = f"tess-{control.__name__.replace('_', '-')}"
    attempt = answered_question_one(page, engine, address, username)
    sign_out_in_another_browser(browser, address, username)

    control(page)
    shows_the_sign_in_form(page, SIGNED_OUT)
    assert responses(engine, attempt.id) == {"a-single": ({"choice": 0}, False)}


def test_after_the_account_was_disabled_the_open_quiz_saves_nothing(page, app):
    engine, address = app
    attempt = answered_question_one(page, engine, address, "tina")
    accounts.set_disabled(engine, "tina", True, actor=Operator("admin"))

    answer_question_two(page)
    shows_the_sign_in_form(page, DISABLED)
    assert responses(engine, attempt.id) == {"a-single": ({"choice": 0}, False)}
