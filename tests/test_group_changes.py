"""The Groups page's words for renaming and deleting a group, without Streamlit
(tests/test_app_confirm_step.py and tests/test_browser_admin_fixes.py click through them)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from needlewise.cohorts import Cohort
from needlewise.group_changes import delete_question, deleted, renamed
from needlewise.ui.plain import plain

INTAKE = Cohort(1, "March 2027 intake", datetime(2027, 3, 1), trainees=1, instructors=3)


def test_the_delete_question_counts_the_members_it_takes_out_and_names_the_group():
    assert delete_question(INTAKE) == (
        "Delete the group 'March 2027 intake'? Its 1 trainee and 3 instructors are taken "
        "out of it; their accounts and everything they did are kept.",
        "Delete 'March 2027 intake'",
    )


def test_a_rename_says_the_new_name_or_that_nothing_changed():
    assert renamed(INTAKE, replace(INTAKE, name="April 2027 intake")) == (
        "Group renamed to 'April 2027 intake'."
    )
    assert renamed(INTAKE, INTAKE) == (
        "The group is already called 'March 2027 intake'; nothing changed."
    )


def test_a_delete_says_the_members_are_kept():
    assert deleted(INTAKE) == "Group 'March 2027 intake' deleted; its members are kept."


def test_the_name_is_shown_as_the_page_shows_typed_text_and_compared_as_typed():
    marked = replace(INTAKE, name="**Bold** intake")
    statement, action = delete_question(marked, plain)
    assert r"'\*\*Bold\*\* intake'" in statement and action == r"Delete '\*\*Bold\*\* intake'"
    assert deleted(marked, plain) == r"Group '\*\*Bold\*\* intake' deleted; its members are kept."
    assert renamed(marked, marked, plain).startswith("The group is already called")
    assert renamed(INTAKE, marked, plain) == r"Group renamed to '\*\*Bold\*\* intake'."
