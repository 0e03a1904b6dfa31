"""The People page's question before disabling an account or resetting its password, as
words and a rule, without Streamlit (tests/test_app_people_confirm.py clicks through it)."""

from __future__ import annotations

from dataclasses import replace

from needlewise.account_changes import question, still_applies

from .builders import add_user


def test_a_question_applies_only_to_the_account_shown_while_it_would_change_it(sqlite_engine):
    tess = add_user(sqlite_engine, "tess")
    ivy = add_user(sqlite_engine, "ivy")
    assert still_applies(("disable", "tess"), tess)
    assert not still_applies(("disable", "tess"), ivy)
    disabled = replace(tess, disabled=True)
    assert not still_applies(("disable", "tess"), disabled), "disabled meanwhile"
    assert still_applies(("reset", "tess"), disabled), "a reset still changes the password"


def test_the_question_says_what_will_happen_and_the_button_names_the_action():
    assert question(("disable", "tess")) == (
        "Disable 'tess'? They can no longer sign in; their history is kept.",
        "Disable 'tess'",
    )
    statement, action = question(("reset", "tess"))
    assert statement.startswith("Reset 'tess''s password? Their current password stops")
    assert action == "Reset 'tess''s password"
