"""The People page asks before it disables an account or resets its password (AppTest:
fast logic checks; tests/test_browser_people_confirm.py clicks the same in Chromium).

The first click says what will happen and offers confirm and Cancel; only confirming acts.
Cancel, choosing another account or leaving the page drops the question. Enabling and
Unlock act at once. Each result message is the page's one message, shown once.
"""

from __future__ import annotations

from datetime import timedelta

from needlewise import accounts, clock, passwords, sign_in_guard, sign_ins

from .builders import PASSWORD, add_user, make_app, sign_in_as, texts

DISABLE_TESS = "Disable 'tess'? They can no longer sign in; their history is kept."
RESET_TESS = (
    "Reset 'tess''s password? Their current password stops working and they must choose "
    "a new one at next sign-in."
)


def people_page(monkeypatch, sqlite_url, engine, *others: str):
    ada = add_user(engine, "ada", roles=("admin",))
    for username in ("tess", *others):
        add_user(engine, username)
    at = sign_in_as(make_app(monkeypatch, sqlite_url), ada)
    at.switch_page("views/people.py").run()
    at.selectbox(key="change_user").select("tess").run()
    return at


def labels(at) -> list[str]:
    return [b.label for b in at.button]


def test_disable_asks_first_and_cancel_leaves_the_account_active(
    monkeypatch, sqlite_url, sqlite_engine
):
    at = people_page(monkeypatch, sqlite_url, sqlite_engine)
    at.button(key="people_disable").click().run()
    assert DISABLE_TESS in texts(at)
    assert "Disable 'tess'" in labels(at) and "Cancel" in labels(at)
    assert not accounts.get(sqlite_engine, "tess").disabled, "asking changes nothing"
    at.button(key="people_cancel").click().run()
    assert DISABLE_TESS not in texts(at) and "disabled" not in texts(at)
    assert "Disable account" in labels(at)
    assert not accounts.get(sqlite_engine, "tess").disabled


def test_confirming_disables_and_enabling_needs_no_confirmation(
    monkeypatch, sqlite_url, sqlite_engine
):
    at = people_page(monkeypatch, sqlite_url, sqlite_engine)
    at.button(key="people_disable").click().run()
    at.button(key="people_confirm").click().run()
    assert accounts.get(sqlite_engine, "tess").disabled
    assert "'tess' disabled; their history is kept." in texts(at)
    assert DISABLE_TESS not in texts(at)
    at.button(key="people_enable").click().run()
    assert not accounts.get(sqlite_engine, "tess").disabled
    assert "'tess' enabled." in texts(at) and "disabled" not in texts(at)


def test_reset_password_asks_first_and_shows_the_new_password_once(
    monkeypatch, sqlite_url, sqlite_engine
):
    at = people_page(monkeypatch, sqlite_url, sqlite_engine)
    at.button(key="people_reset").click().run()
    assert RESET_TESS in texts(at)
    assert passwords.verify(PASSWORD, accounts.password_hash(sqlite_engine, "tess"))
    at.button(key="people_confirm").click().run()
    shown = texts(at)
    assert "New temporary password for 'tess', shown only now" in shown
    temporary = shown.split("shown only now: `")[1].split("`")[0]
    assert passwords.verify(temporary, accounts.password_hash(sqlite_engine, "tess"))
    assert accounts.get(sqlite_engine, "tess").must_change_password
    at.run()
    assert temporary not in texts(at) and RESET_TESS not in texts(at)


def test_choosing_another_account_drops_the_question(monkeypatch, sqlite_url, sqlite_engine):
    at = people_page(monkeypatch, sqlite_url, sqlite_engine, "ivy")
    at.button(key="people_disable").click().run()
    assert DISABLE_TESS in texts(at)
    at.selectbox(key="change_user").select("ivy").run()
    assert "Disable 'ivy'?" not in texts(at) and "Disable account" in labels(at)
    at.selectbox(key="change_user").select("tess").run()
    assert DISABLE_TESS not in texts(at), "going back to tess does not bring it back"
    assert not accounts.get(sqlite_engine, "tess").disabled


def test_leaving_the_page_drops_the_question(monkeypatch, sqlite_url, sqlite_engine):
    at = people_page(monkeypatch, sqlite_url, sqlite_engine)
    # The first account listed, the one the page shows again on the next visit.
    at.selectbox(key="change_user").select("ada").run()
    at.button(key="people_reset").click().run()
    assert "Reset 'ada''s password?" in texts(at)
    at.switch_page("views/account.py").run()
    at.switch_page("views/people.py").run()
    assert at.selectbox(key="change_user").value == "ada"
    assert "Reset 'ada''s password?" not in texts(at) and "Reset password" in labels(at)


def test_your_own_account_is_not_offered_for_disabling_and_says_why(
    monkeypatch, sqlite_url, sqlite_engine
):
    at = people_page(monkeypatch, sqlite_url, sqlite_engine)
    at.button(key="people_reset").click().run()
    at.button(key="people_confirm").click().run()
    assert "New temporary password for 'tess'" in texts(at)
    at.selectbox(key="change_user").select("ada").run()
    assert "Disable account" not in labels(at) and "Reset password" in labels(at)
    assert any("You cannot disable your own account" in c.value for c in at.caption)
    assert "New temporary password" not in texts(at), "the earlier message is gone"
    assert not accounts.get(sqlite_engine, "ada").disabled


def test_unlock_acts_at_once(monkeypatch, sqlite_url, sqlite_engine):
    ada = add_user(sqlite_engine, "ada", roles=("admin",))
    add_user(sqlite_engine, "tess")
    # A failed sign-in counted five minutes from now: tess must wait until then and more.
    later = clock.now() + timedelta(minutes=5)
    sign_in_guard.begin(sqlite_engine, "tess", None, sign_in_guard.Policy(free=0), now=later)
    assert "tess" in sign_ins.held_back(sqlite_engine, ["tess"])
    at = sign_in_as(make_app(monkeypatch, sqlite_url), ada)
    at.switch_page("views/people.py").run()
    at.selectbox(key="change_user").select("tess").run()
    at.button(key="people_unlock").click().run()
    assert "'tess' unlocked." in texts(at)
    assert "tess" not in sign_ins.held_back(sqlite_engine, ["tess"])
