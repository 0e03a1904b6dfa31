"""Pages carry out requests through one helper: a refused request shows its reason and
changes nothing; a done one reruns the page with its message above the new state."""

from __future__ import annotations

import ast

from needlewise import audit, cohorts, time_extensions

from .builders import ROOT, add_user, make_app, open_tab, sign_in_as, texts


def test_a_refused_group_shows_why_and_a_created_one_is_announced(
    monkeypatch, sqlite_url, sqlite_engine
):
    ian = add_user(sqlite_engine, "ian", roles=("instructor",))
    at = sign_in_as(make_app(monkeypatch, sqlite_url), ian).run()
    at.switch_page("views/groups.py").run()
    at.text_input(key="cohort_name").input("   ")
    at.button[0].click().run()
    assert "A group name is 1-200 characters" in texts(at)
    assert cohorts.all_cohorts(sqlite_engine) == []
    at.text_input(key="cohort_name").input("March 2027 intake")
    at.button[0].click().run()
    assert "Group 'March 2027 intake' created." in texts(at)
    assert [c.name for c in cohorts.all_cohorts(sqlite_engine)] == ["March 2027 intake"]
    # After a success the form is new, and empty; after a refusal it keeps the name.
    assert at.text_input(key="cohort_name1").value == ""
    at.text_input(key="cohort_name1").input("March 2027 intake")
    at.button[0].click().run()
    assert "There is already a group called 'March 2027 intake'." in texts(at)
    assert at.text_input(key="cohort_name1").value == "March 2027 intake"
    assert "created." not in texts(at), "the earlier message does not linger"


def test_an_account_refused_on_the_people_page_shows_the_reason(
    monkeypatch, sqlite_url, sqlite_engine
):
    ada = add_user(sqlite_engine, "ada", roles=("admin",))
    add_user(sqlite_engine, "tess")
    at = sign_in_as(make_app(monkeypatch, sqlite_url), ada)
    at.switch_page("views/people.py").run()
    at.text_input(key="add_username").input("tess")
    at.text_input(key="add_name").input("Another Tess")
    at.text_input(key="add_email").input("other@example.com")
    next(b for b in at.button if b.label == "Create account").click().run()
    assert "That username is already in use; choose another." in texts(at)
    at.text_input(key="add_username").input("tom")
    at.text_input(key="add_name").input("Tom")
    at.text_input(key="add_email").input("tom@example.com")
    next(b for b in at.button if b.label == "Create account").click().run()
    assert "Account 'tom' created." in texts(at) and "shown only now" in texts(at)


def test_a_refused_action_on_the_people_page_replaces_the_earlier_success(
    monkeypatch, sqlite_url, sqlite_engine
):
    ada = add_user(sqlite_engine, "ada", roles=("admin",))
    add_user(sqlite_engine, "ivy")
    at = sign_in_as(make_app(monkeypatch, sqlite_url), ada)
    at.switch_page("views/people.py").run()
    at.selectbox(key="change_user").select("ivy").run()
    at.multiselect(key="roles_ivy").set_value(["trainee", "instructor"])
    next(b for b in at.button if b.label == "Save roles").click().run()
    assert "Roles of 'ivy' saved." in texts(at)
    at.selectbox(key="change_user").select("ada").run()
    at.multiselect(key="roles_ada").set_value(["instructor"])
    next(b for b in at.button if b.label == "Save roles").click().run()
    assert not at.exception
    assert "This is the only active administrator" in texts(at)
    assert "saved." not in texts(at), "the earlier message belongs to the earlier action"


def test_a_one_time_password_is_not_shown_again_after_a_later_action(
    monkeypatch, sqlite_url, sqlite_engine
):
    ada = add_user(sqlite_engine, "ada", roles=("admin",))
    at = sign_in_as(make_app(monkeypatch, sqlite_url), ada)
    at.switch_page("views/people.py").run()
    # The form's keys change after each success, so it starts empty.
    for username, n in (("tom", ""), ("tim", "1")):
        at.text_input(key=f"add_username{n}").input(username)
        at.text_input(key=f"add_name{n}").input(username.title())
        at.text_input(key=f"add_email{n}").input("tom@example.com")
        next(b for b in at.button if b.label == "Create account").click().run()
        assert not at.exception
    assert "That email address is already in use" in texts(at)
    assert "shown only now" not in texts(at) and "Account 'tom' created." not in texts(at)
    assert at.text_input(key="add_username1").value == "tim", "a refusal keeps what was typed"
    # A success replaces it too, and the next run shows nothing of either.
    at.text_input(key="add_email1").input("tim@example.com")
    next(b for b in at.button if b.label == "Create account").click().run()
    assert "Account 'tim' created." in texts(at) and "'tom'" not in texts(at)
    at.run()
    assert "shown only now" not in texts(at)


def test_every_action_on_the_people_page_keeps_its_message_to_that_page():
    """A message kept for "the next page" lasts seconds, so it would outlive the next
    action there; each People action names the page (see ``auth.flash``)."""
    tree = ast.parse((ROOT / "views" / "people.py").read_text())
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "actions.act"
    ]
    assert calls
    assert all(any(k.arg == "page" for k in call.keywords) for call in calls)


def test_extra_time_saved_on_the_gradebook_is_announced_and_listed(
    monkeypatch, sqlite_url, sqlite_engine
):
    ian = add_user(sqlite_engine, "ian", roles=("instructor",))
    tess = add_user(sqlite_engine, "tess", name="Tess Trainee")
    at = sign_in_as(make_app(monkeypatch, sqlite_url), ian).run()
    at.switch_page("views/gradebook.py").run()
    open_tab(at, "gradebook_tab", "Extra time")
    at.selectbox(key="extra_time_trainee").select(tess.id)
    at.selectbox(key="extra_time_percent").select(50)
    next(b for b in at.button if b.label == "Save extra time").click().run()
    assert "Saved: Tess Trainee now has 50% extra time." in texts(at)
    assert "Tess Trainee: 50% more time" in texts(at)
    assert time_extensions.all_extensions(sqlite_engine) == {tess.id: 50}
    [entry] = audit.entries(sqlite_engine, actions=["time_extension_set"])
    assert entry.actor == "ian"
