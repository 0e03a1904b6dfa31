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
ADOPTED = "70% is now the pass mark of Quiz final."


@pytest.fixture
def app(monkeypatch, tmp_path, sqlite_url, sqlite_engine):
    """Ian, an instructor and admin, signed in on a small course with a final to rate."""
    content_dir, quizzes_dir = write_course(tmp_path)
    ian = add_user(sqlite_engine, "ian", roles=("instructor", "admin"))
    add_user(sqlite_engine, "ivy")
    return sign_in_as(make_app(monkeypatch, sqlite_url, content_dir, quizzes_dir), ian)


def save_details(at, email: str) -> None:
    at.text_input(key="profile_email").input(email)
    next(b for b in at.button if b.label == "Save").click().run()


def rate_and_adopt(at) -> None:
    """Rate the final's two items (each saves as it is given) and adopt the cut score."""
    at.number_input(key="angoff_rating:final:f-single").set_value(60.0).run()
    at.number_input(key="angoff_rating:final:f-tf").set_value(80.0).run()
    at.button(key="angoff_adopt").click().run()
    at.button(key="angoff_adopt_confirm").click().run()


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
    rate_and_adopt(app)
    assert [s.value for s in app.success] == [ADOPTED]
    app.run()
    assert ADOPTED not in texts(app)
    app.number_input(key="angoff_rating:final:f-tf").set_value(90.0).run()
    rate_and_adopt(app)
    app.switch_page("views/account.py").run()
    assert ADOPTED not in texts(app) and "is now the pass mark" not in texts(app)


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
