"""What the Quiz studio's editor says above a check's list: errors are counted as problems,
warnings as warnings, and the warning that stops publishing (a question not yet mapped to
a learning objective) is said apart from those that do not."""

from __future__ import annotations

from needlewise.content import UNASSIGNED_PROBLEM
from needlewise.problems import Problem
from needlewise.ui.studio_editor import check_summary

ERROR = Problem("db/q", 3, 1, "unknown field 'atempts'")
WARNING = Problem("db/q", 9, 5, "the key is the longest option", warning=True)
UNASSIGNED = Problem("db/q", 12, 7, UNASSIGNED_PROBLEM, warning=True)


def test_a_warning_alone_is_not_counted_as_a_problem():
    assert check_summary([WARNING]) == [
        (False, "Check: 1 warning to look at; warnings do not stop publishing.")
    ]


def test_errors_are_counted_as_problems_and_warnings_apart():
    assert check_summary([ERROR, WARNING, WARNING]) == [
        (True, "Check: 1 problem to fix before publishing."),
        (False, "Check: 2 warnings to look at; warnings do not stop publishing."),
    ]


def test_the_warning_that_stops_publishing_says_so():
    [(is_error, line)] = check_summary([UNASSIGNED, UNASSIGNED])
    assert not is_error
    assert line.startswith("Check: 2 warnings to fix before publishing: ")
    assert check_summary([ERROR, UNASSIGNED, WARNING])[0] == (
        True,
        "Check: 1 problem to fix before publishing.",
    )
    assert [e for e, _ in check_summary([ERROR, UNASSIGNED, WARNING])] == [True, False, False]
