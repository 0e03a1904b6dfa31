"""A signed-in session reuses its account between runs only while the account row is
unchanged: every change an administrator makes shows on the very next run."""

from __future__ import annotations

from needlewise import accounts, sign_ins
from needlewise.acting import Operator
from needlewise.store import open_store

from .builders import add_user, make_app, sign_in_as


def _signed_in(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    add_user(engine, "ada", roles=("admin",))
    tess = add_user(engine, "tess", roles=("trainee",))
    at = sign_in_as(make_app(monkeypatch, sqlite_url), tess).run()
    assert not at.exception
    assert at.session_state["_nw_user"].username == "tess"
    return engine, at


def test_a_new_name_shows_on_the_next_run(monkeypatch, sqlite_url):
    engine, at = _signed_in(monkeypatch, sqlite_url)
    at.run()
    accounts.update_profile(
        engine, "tess", "Tess Renamed", "tess2@example.com", actor=Operator("ada")
    )
    at.run()
    assert at.session_state["_nw_user"].name == "Tess Renamed"
    assert at.session_state["_nw_user"].email == "tess2@example.com"


def test_disabling_signs_the_session_out_on_the_next_run(monkeypatch, sqlite_url):
    engine, at = _signed_in(monkeypatch, sqlite_url)
    at.run()
    accounts.set_disabled(engine, "tess", True, actor=Operator("ada"))
    at.run()
    assert at.session_state["_nw_user"] is None


def test_a_role_change_shows_on_the_next_run(monkeypatch, sqlite_url):
    engine, at = _signed_in(monkeypatch, sqlite_url)
    at.run()
    accounts.set_roles(engine, "tess", ["trainee", "instructor"], actor=Operator("ada"))
    at.run()
    # The role change bumps the session version, which signs the session out.
    assert at.session_state["_nw_user"] is None


def test_signing_out_everywhere_ends_the_session_on_the_next_run(monkeypatch, sqlite_url):
    engine, at = _signed_in(monkeypatch, sqlite_url)
    at.run()
    sign_ins.end_sessions(engine, "tess")
    at.run()
    assert at.session_state["_nw_user"] is None
