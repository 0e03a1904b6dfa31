"""The Logbook review page's words for the retention rule, without Streamlit
(tests/test_app_confirm_step.py and tests/test_browser_logbook_safety.py click through them),
and the audit log's record of a run."""

from __future__ import annotations

from datetime import timedelta

from needlewise import audit, clock, settings
from needlewise.acting import Operator
from needlewise.logbook import retention
from needlewise.logbook.retention import applied, delete_question, rule_statement
from needlewise.settings import ClinicSettings

from .builders import add_user, log_treatment


def test_the_rule_says_what_it_does_to_which_entries_or_that_none_is_set():
    assert rule_statement(ClinicSettings()) == (
        "No retention period is set: entries are kept. Set one on the Settings page."
    )
    deleting = ClinicSettings(logbook_retention_months=6, logbook_retention_action="delete")
    assert rule_statement(deleting) == (
        "Entries older than 6 months are deleted when you apply the rule."
    )
    anonymising = ClinicSettings(logbook_retention_months=24, logbook_retention_action="anonymise")
    assert rule_statement(anonymising) == (
        "Entries older than 24 months are anonymised when you apply the rule."
    )


def test_the_delete_question_counts_the_entries_and_says_it_cannot_be_undone():
    assert delete_question(6, 2) == (
        "This permanently deletes 2 logbook entries older than 6 months. It cannot be undone.",
        "Delete 2 entries",
    )
    assert delete_question(12, 1) == (
        "This permanently deletes 1 logbook entry older than 12 months. It cannot be undone.",
        "Delete 1 entry",
    )


def test_a_run_says_how_many_entries_it_changed():
    assert applied(3) == "Retention applied to 3 entries."
    assert applied(1) == "Retention applied to 1 entry."
    assert applied(1200) == "Retention applied to 1,200 entries."


def test_one_month_is_said_in_the_singular():
    deleting = ClinicSettings(logbook_retention_months=1, logbook_retention_action="delete")
    assert rule_statement(deleting) == (
        "Entries older than 1 month are deleted when you apply the rule."
    )
    assert delete_question(1, 3)[0] == (
        "This permanently deletes 3 logbook entries older than 1 month. It cannot be undone."
    )


def test_the_audit_log_says_one_month_in_the_singular(engine):
    log_treatment(engine, add_user(engine, "tess"))
    settings.save(
        engine,
        {"logbook_retention_months": 1, "logbook_retention_action": "delete"},
        Operator("setup"),
    )
    clock.advance(timedelta(days=40))
    assert retention.apply(engine, settings.read_all(engine), Operator("admin")) == 1
    [logged] = audit.entries(engine, actions=["logbook_retention_applied"])
    assert logged.detail == "1 entry older than 1 month deleted"
