"""My account's and Standard setting's result messages (AppTest: fast logic checks;
tests/test_browser_page_messages.py clicks the same in Chromium).

A message kept for "the next page" lasts seconds, so it outlived the next action: after a
refused save the earlier "saved" still showed, it showed again on the next run, and on the
next page opened. Each message now names its page, as the People page's do.
"""

from __future__ import annotations

import ast

import pytest

from .builders import ROOT, add_user, make_app, sign_in_as, texts, write_course

DETAILS_SAVED = "Your details were saved."
RATINGS_SAVED = "Saved 2 rating(s) for Quiz final."


@pytest.fixture
def app(monkeypatch, tmp_path, sqlite_url, sqlite_engine):
    """Ian, an instructor, signed in on a small course with a final to rate."""
    content_dir, quizzes_dir = write_course(tmp_path)
    ian = add_user(sqlite_engine, "ian", roles=("instructor",))
    add_user(sqlite_engine, "ivy")
    return sign_in_as(make_app(monkeypatch, sqlite_url, content_dir, quizzes_dir), ian)


def save_details(at, email: str) -> None:
    at.text_input(key="profile_email").input(email)
    next(b for b in at.button if b.label == "Save").click().run()


def rate_the_final(at) -> None:
    at.number_input(key="angoff_rating:f-single").set_value(60.0)
    at.number_input(key="angoff_rating:f-tf").set_value(80.0)
    next(b for b in at.button if b.label == "Save my ratings").click().run()


def test_a_refused_save_on_my_account_replaces_the_earlier_success(app):
    app.switch_page("views/account.py").run()
    save_details(app, "ian@example.com")
    assert DETAILS_SAVED in texts(app)
    save_details(app, "ivy@example.com")
    assert "That email address is already in use" in texts(app)
    assert DETAILS_SAVED not in texts(app)


def test_my_accounts_message_shows_once_and_only_there(app):
    app.switch_page("views/account.py").run()
    save_details(app, "ian@example.com")
    assert DETAILS_SAVED in texts(app)
    app.run()
    assert DETAILS_SAVED not in texts(app)
    save_details(app, "ian@example.com")
    app.switch_page("views/standard_setting.py").run()
    assert DETAILS_SAVED not in texts(app)


def test_standard_settings_message_shows_once_and_only_there(app):
    app.switch_page("views/standard_setting.py").run()
    rate_the_final(app)
    assert RATINGS_SAVED in texts(app)
    app.run()
    assert RATINGS_SAVED not in texts(app)
    rate_the_final(app)
    app.switch_page("views/account.py").run()
    assert RATINGS_SAVED not in texts(app)


@pytest.mark.parametrize("view", ["account.py", "standard_setting.py"])
def test_every_message_of_the_page_names_the_page(view):
    """Each ``actions.act``, ``auth.flash`` and ``actions.show_flash`` passes ``page``."""
    tree = ast.parse((ROOT / "views" / view).read_text())
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and ast.unparse(node.func) in {"actions.act", "actions.show_flash", "auth.flash"}
    ]
    assert len(calls) >= 3
    assert all(any(k.arg == "page" for k in call.keywords) for call in calls)
