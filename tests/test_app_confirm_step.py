"""Deleting a group and deleting logbook entries by retention ask first, through the one
confirmation step the People page uses too (AppTest; the browser tests click the same).

The question says what will happen; only its confirm button acts, and once. Cancel,
choosing another group, a changed count of entries or leaving the page drops it.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from needlewise import audit, clock, cohorts, settings
from needlewise.acting import Operator
from needlewise.logbook import entries
from needlewise.store.schema import logbook_entries

from .builders import add_user, log_treatment, make_app, sign_in_as, texts

DELETE_INTAKE = "Delete the group 'March 2027 intake'?"


def labels(at) -> list[str]:
    return [b.label for b in at.button]


def groups_page(monkeypatch, sqlite_url, engine, *names: str):
    ian = add_user(engine, "ian", roles=("instructor",))
    for name in names:
        cohorts.create(engine, name, actor=ian)
    at = sign_in_as(make_app(monkeypatch, sqlite_url), ian).run()
    return at.switch_page("views/groups.py").run()


def test_deleting_a_group_asks_first_and_cancel_keeps_it(monkeypatch, sqlite_url, sqlite_engine):
    at = groups_page(monkeypatch, sqlite_url, sqlite_engine, "March 2027 intake")
    at.button(key="cohort_delete").click().run()
    assert DELETE_INTAKE in texts(at)
    assert "0 trainees and 0 instructors are taken out of it" in texts(at)
    assert at.button(key="cohort_delete_confirm").label == "Delete 'March 2027 intake'"
    assert len(cohorts.all_cohorts(sqlite_engine)) == 1, "asking changes nothing"
    at.button(key="cohort_delete_cancel").click().run()
    assert DELETE_INTAKE not in texts(at) and "Delete this group" in labels(at)
    assert len(cohorts.all_cohorts(sqlite_engine)) == 1


def test_confirming_deletes_the_group_once(monkeypatch, sqlite_url, sqlite_engine):
    at = groups_page(monkeypatch, sqlite_url, sqlite_engine, "March 2027 intake")
    at.button(key="cohort_delete").click().run()
    at.button(key="cohort_delete_confirm").click().run()
    assert "Group 'March 2027 intake' deleted; its members are kept." in texts(at)
    assert cohorts.all_cohorts(sqlite_engine) == []
    # A group made in the meantime is not deleted by a later run of the page.
    cohorts.create(sqlite_engine, "April 2027 intake", actor=Operator("admin"))
    at.run()
    assert [c.name for c in cohorts.all_cohorts(sqlite_engine)] == ["April 2027 intake"]
    assert len(audit.entries(sqlite_engine, actions=["cohort_deleted"])) == 1


def test_renaming_a_group_to_its_own_name_says_nothing_changed(
    monkeypatch, sqlite_url, sqlite_engine
):
    at = groups_page(monkeypatch, sqlite_url, sqlite_engine, "March 2027 intake")
    at.button(key="FormSubmitter:rename_cohort_1-Rename group").click().run()
    assert "The group is already called 'March 2027 intake'; nothing changed." in texts(at)
    assert "Group renamed" not in texts(at)
    assert audit.entries(sqlite_engine, actions=["cohort_renamed"]) == []


def test_choosing_another_group_drops_the_question(monkeypatch, sqlite_url, sqlite_engine):
    at = groups_page(
        monkeypatch, sqlite_url, sqlite_engine, "March 2027 intake", "April 2027 intake"
    )
    manage = at.selectbox(key="cohort_manage")
    first = manage.index
    at.button(key="cohort_delete").click().run()
    assert "Delete the group" in texts(at)
    at.selectbox(key="cohort_manage").select_index(1 - first).run()
    assert "Delete the group" not in texts(at) and "Delete this group" in labels(at)
    at.selectbox(key="cohort_manage").select_index(first).run()
    assert "Delete the group" not in texts(at), "going back does not bring it back"
    assert len(cohorts.all_cohorts(sqlite_engine)) == 2


def test_leaving_the_groups_page_drops_the_question(monkeypatch, sqlite_url, sqlite_engine):
    at = groups_page(monkeypatch, sqlite_url, sqlite_engine, "March 2027 intake")
    at.button(key="cohort_delete").click().run()
    assert DELETE_INTAKE in texts(at)
    at.switch_page("views/account.py").run()
    at.switch_page("views/groups.py").run()
    assert DELETE_INTAKE not in texts(at) and "Delete this group" in labels(at)


def age(engine, entry_ids: list[int]) -> None:
    """Make the entries older than any retention period the tests set."""
    with engine.begin() as connection:
        connection.execute(
            update(logbook_entries)
            .where(logbook_entries.c.id.in_(entry_ids))
            .values(treated_on=clock.now() - timedelta(days=400))
        )


def retention_page(monkeypatch, sqlite_url, engine):
    """The Logbook review page of an admin, with a rule that deletes entries past six
    months and two entries past it; returns the page and the trainee."""
    ada = add_user(engine, "ada", roles=("admin",))
    tess = add_user(engine, "tess")
    age(engine, [log_treatment(engine, tess) for _ in range(2)])
    settings.save(
        engine,
        {"logbook_retention_months": 6, "logbook_retention_action": "delete"},
        Operator("admin"),
    )
    at = sign_in_as(make_app(monkeypatch, sqlite_url), ada).run()
    return at.switch_page("views/logbook_review.py").run(), tess


def test_a_changed_count_drops_the_retention_question(monkeypatch, sqlite_url, sqlite_engine):
    at, tess = retention_page(monkeypatch, sqlite_url, sqlite_engine)
    at.button(key="lbr_retention").click().run()
    assert "This permanently deletes 2 logbook entries" in texts(at)
    age(sqlite_engine, [log_treatment(sqlite_engine, tess)])
    at.run()
    assert "permanently deletes" not in texts(at), "the question was about 2 entries, not 3"
    assert len(entries.for_trainee(sqlite_engine, tess.id)) == 3
    at.button(key="lbr_retention").click().run()
    assert "This permanently deletes 3 logbook entries" in texts(at)
    at.button(key="lbr_retention_confirm").click().run()
    assert "Retention applied to 3 entries." in texts(at)
    assert entries.for_trainee(sqlite_engine, tess.id) == []


def test_a_confirmed_retention_run_is_not_repeated(monkeypatch, sqlite_url, sqlite_engine):
    at, tess = retention_page(monkeypatch, sqlite_url, sqlite_engine)
    at.button(key="lbr_retention").click().run()
    at.button(key="lbr_retention_confirm").click().run()
    assert "Retention applied to 2 entries." in texts(at)
    age(sqlite_engine, [log_treatment(sqlite_engine, tess)])
    at.run()
    assert len(entries.for_trainee(sqlite_engine, tess.id)) == 1, "a rerun deletes nothing"
    assert "permanently deletes" not in texts(at)
    assert at.button(key="lbr_retention").label == "Apply the retention rule now"


def test_leaving_the_review_page_drops_the_retention_question(
    monkeypatch, sqlite_url, sqlite_engine
):
    at, tess = retention_page(monkeypatch, sqlite_url, sqlite_engine)
    at.button(key="lbr_retention").click().run()
    assert "permanently deletes" in texts(at)
    at.switch_page("views/account.py").run()
    at.switch_page("views/logbook_review.py").run()
    assert "permanently deletes" not in texts(at)
    assert len(entries.for_trainee(sqlite_engine, tess.id)) == 2
