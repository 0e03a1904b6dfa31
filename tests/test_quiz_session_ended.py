"""A quiz page whose session ended elsewhere (a sign-out, a password change or reset, the
account disabled) saves nothing more: each question is a fragment, whose
rerun skips app.py's guard, and a widget's callback runs before any guard at all. The tab
is shown the sign-in page saying why. In AppTest, on both databases; the browser, where
the fragment reruns alone, is test_browser_quiz_session_ended.py."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from needlewise import accounts, attempts, progress, sign_ins
from needlewise.acting import Operator
from needlewise.store import open_store

from .builders import add_user, make_app, sign_in_as, texts, write_course

SIGNED_OUT = "You have been signed out: this account signed out elsewhere"
DISABLED = "This account has been disabled."
ADMIN = Operator("admin")


def quiz_tab(monkeypatch, store_url, tmp_path, **settings):
    """Tess's tab on a quiz of two questions, her attempt open and question 1 answered."""
    content_dir, quizzes_dir = write_course(tmp_path, shuffle="false", **settings)
    engine = open_store(store_url)
    tess = add_user(engine, "tess")
    progress.mark_read(engine, tess.id, "a-one")
    tab = sign_in_as(make_app(monkeypatch, store_url, content_dir, quizzes_dir), tess)
    tab.query_params["id"] = "a-quiz"
    tab.switch_page("views/quiz.py").run()
    tab.button(key="start:a-quiz").click().run()
    attempt = attempts.open_attempt(engine, tess.id, "a-quiz")
    tab.radio(key=f"a{attempt.id}:a-single").set_value(0).run()
    assert responses(engine, attempt.id) == {"a-single": {"choice": 0}}
    return tab, engine, attempt


def responses(engine, attempt_id: int) -> dict:
    saved = attempts.saved_responses(engine, attempt_id)
    return {q: kept.response for q, kept in saved.items() if kept.response is not None}


def sign_out_elsewhere(engine) -> None:
    sign_ins.end_sessions(engine, "tess")


def reset_password(engine) -> None:
    accounts.reset_password(engine, "tess", actor=ADMIN)


def change_password(engine) -> None:
    accounts.store_password_hash(engine, "tess", accounts.password_hash(engine, "tess") or "")


def disable(engine) -> None:
    accounts.set_disabled(engine, "tess", True, actor=ADMIN)


ENDINGS: dict[str, tuple[Callable, str]] = {
    "signed out elsewhere": (sign_out_elsewhere, SIGNED_OUT),
    "password changed elsewhere": (change_password, SIGNED_OUT),
    "password reset": (reset_password, SIGNED_OUT),
    "account disabled": (disable, DISABLED),
}


def signed_out_page(tab, message: str) -> None:
    shown = texts(tab)
    assert message in shown
    assert any(button.label == "Sign in" for button in tab.button)
    assert "Summary of your attempt" not in shown and "Question 2" not in shown
    assert tab.session_state["authentication_status"] is not True


@pytest.mark.parametrize("ending", list(ENDINGS))
def test_an_answer_after_the_session_ended_is_not_saved(monkeypatch, store_url, tmp_path, ending):
    tab, engine, attempt = quiz_tab(monkeypatch, store_url, tmp_path)
    end, message = ENDINGS[ending]
    end(engine)
    tab.radio(key=f"a{attempt.id}:a-tf").set_value(True).run()
    assert responses(engine, attempt.id) == {"a-single": {"choice": 0}}
    signed_out_page(tab, message)


def test_a_changed_answer_after_a_sign_out_elsewhere_is_not_saved(monkeypatch, store_url, tmp_path):
    tab, engine, attempt = quiz_tab(monkeypatch, store_url, tmp_path)
    sign_out_elsewhere(engine)
    tab.radio(key=f"a{attempt.id}:a-single").set_value(1).run()
    assert responses(engine, attempt.id) == {"a-single": {"choice": 0}}
    signed_out_page(tab, SIGNED_OUT)


def test_a_changed_name_does_not_stop_answers(monkeypatch, store_url, tmp_path):
    """The account row changed, but not the session: answers are saved as before."""
    tab, engine, attempt = quiz_tab(monkeypatch, store_url, tmp_path)
    accounts.update_profile(engine, "tess", "Tess Renamed", "tess@example.com", actor=ADMIN)
    tab.radio(key=f"a{attempt.id}:a-tf").set_value(False).run()
    assert responses(engine, attempt.id) == {"a-single": {"choice": 0}, "a-tf": {"value": False}}
    assert "Question 2" in texts(tab) and SIGNED_OUT not in texts(tab)
