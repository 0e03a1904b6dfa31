"""The Gradebook keeps its cohort table between reruns and is never stale (issue 17): every
change to a table it reads changes the database's stamp, in the same transaction, whoever
makes it; a rerun that changed nothing reads nothing again; after random work the kept
table equals a fresh read; on SQLite and PostgreSQL."""

from __future__ import annotations

import importlib
import random
import threading

import pandas as pd
import pytest
from sqlalchemy import delete, text, update

from needlewise import accounts, attempts, clock, gradebook, pass_marks, progress, settings
from needlewise.acting import Operator
from needlewise.logbook import entries
from needlewise.store import open_store, stamp, transaction
from needlewise.store.schema import attempts as attempts_table
from needlewise.store.schema import users

from .builders import add_user, log_treatment, never_needled, reload_course, take, write_course

migration = importlib.import_module("needlewise.store.migrations.versions.0011_change_stamps")


@pytest.fixture
def course(tmp_path):
    write_course(tmp_path)
    return reload_course(tmp_path)


def _read(engine, course, user_ids=None) -> pd.DataFrame:
    return gradebook.overview(engine, course, user_ids, clock.now(), 14, 70.0).table


def _fresh(engine, course, user_ids=None) -> pd.DataFrame:
    """The table read straight from the database, nothing kept."""
    facts = gradebook.cohort_facts(engine, course, user_ids, 70.0)
    return gradebook._flagged(facts.table, *facts.flags, clock.now(), 14)


def test_every_change_to_a_watched_table_changes_the_stamp(engine, course):
    changes = []

    def changed(change):
        before = stamp.current(engine, "cohort")
        change()
        after = stamp.current(engine, "cohort")
        changes.append(after is not None and after != before)

    rng = random.Random(1)
    ian = add_user(engine, "ian", roles=("instructor", "admin"))
    added = []
    changed(lambda: added.append(add_user(engine, "tia")))  # users, user_roles
    tia = added[0]
    changed(lambda: progress.mark_read(engine, tia.id, course.course.modules[0].lessons[0]))
    changed(lambda: take(engine, course, tia, "a-quiz", 0.5, rng))  # attempts, trainee_objectives
    rated = course.quizzes["a-quiz"]
    items = [item.question_id for item in pass_marks.items_to_rate(rated.quiz)]
    pass_marks.save_ratings(engine, rated, ian, {item: 60 for item in items})
    changed(lambda: pass_marks.adopt(engine, rated, ian, clock.now()))
    logged = []
    changed(lambda: logged.append(log_treatment(engine, tia)))
    changed(
        lambda: entries.review(engine, logged[0], ian, accept=True, not_treated=never_needled())
    )
    for table in migration.STAMPS["cohort"]:
        first = {
            "users": "name",
            "user_roles": "role",
            "lesson_progress": "completed_at",
            "attempts": "state",
            "trainee_objectives": "earned",
            "adopted_pass_marks": "pass_mark",
            "logbook_entries": "status",
        }[table]
        statement = text(f"UPDATE {table} SET {first} = {first}")  # changes nothing but rows

        def change(statement=statement):
            with transaction(engine) as connection:
                connection.execute(statement)

        changed(change)
    changed(lambda: accounts.set_disabled(engine, "tia", True, actor=Operator("test")))

    def delete_attempts():
        with transaction(engine) as connection:
            connection.execute(delete(attempts_table))

    changed(delete_attempts)
    assert changes == [True] * len(changes)


def test_a_change_rolled_back_leaves_the_stamp(engine):
    add_user(engine, "tia")
    before = stamp.current(engine, "cohort")
    with pytest.raises(RuntimeError), transaction(engine) as connection:
        connection.execute(update(users).values(name="Changed"))
        raise RuntimeError("rolled back")
    assert stamp.current(engine, "cohort") == before


def test_a_rerun_that_changed_nothing_reads_nothing_again(engine, course, monkeypatch):
    rng = random.Random(2)
    tia = add_user(engine, "tia")
    take(engine, course, tia, "a-quiz", 0.9, rng)
    reads = []
    real = gradebook.cohort_facts
    monkeypatch.setattr(gradebook, "cohort_facts", lambda *args: reads.append(args) or real(*args))
    first = _read(engine, course)
    second = _read(engine, course)
    assert len(reads) == 1
    pd.testing.assert_frame_equal(first, second)
    # The table handed out is a copy: changing it changes nothing kept.
    second.loc[:, "name"] = "Someone else"
    assert _read(engine, course)["name"].tolist() == ["Tia"]
    # Another group, threshold or content is another entry.
    _read(engine, course, [tia.id])
    gradebook.overview(engine, course, None, clock.now(), 14, 90.0)
    assert len(reads) == 3
    take(engine, course, tia, "b-quiz", 1.0, rng)
    after = _read(engine, course)
    assert len(reads) == 4
    assert after.loc[0, "b-quiz"] == 100.0


def test_what_was_kept_for_an_earlier_stamp_is_let_go(engine, course):
    tia = add_user(engine, "tia")
    _read(engine, course)
    earlier = stamp.current(engine, "cohort")
    take(engine, course, tia, "a-quiz", 1.0, random.Random(6))
    _read(engine, course)
    kept = {key[1] for key in stamp._kept if key[0] == "cohort"}
    assert earlier not in kept
    assert kept == {stamp.current(engine, "cohort")}


def test_the_rows_drawn_show_a_countersignature_on_the_next_read(engine, course):
    ian = add_user(engine, "ian", roles=("instructor",))
    tia = add_user(engine, "tia")
    rules = settings.read_all(engine)

    def logbook_cell():
        rows = gradebook.page(_read(engine, course), 1)
        return gradebook.shown_rows(engine, rows, course, "UTC", rules).loc[
            0, "Logbook: Countersigned"
        ]

    before = logbook_cell()
    assert before == logbook_cell()
    entries.review(
        engine, log_treatment(engine, tia), ian, accept=True, not_treated=never_needled()
    )
    assert logbook_cell() != before
    assert logbook_cell() == "1 countersigned"


def test_a_submission_through_another_copy_shows_on_the_next_read(store_url, course):
    rng = random.Random(3)
    here, there = open_store(store_url), open_store(store_url)
    try:
        tia = add_user(there, "tia")
        assert pd.isna(_read(here, course).loc[0, "a-quiz"])
        take(there, course, tia, "a-quiz", 1.0, rng)
        assert _read(here, course).loc[0, "a-quiz"] == 100.0
        accounts.set_disabled(there, "tia", True, actor=Operator("test"))
        assert "account disabled" in _read(here, course).loc[0, "flags"]
    finally:
        here.dispose()
        there.dispose()


def test_after_random_work_the_kept_table_equals_a_fresh_read(engine, course):
    rng = random.Random(4)
    people = [add_user(engine, f"t{n:02d}") for n in range(8)]
    lessons = [lesson for module in course.course.modules for lesson in module.lessons]
    for step in range(40):
        trainee = rng.choice(people)
        action = rng.random()
        if action < 0.5:
            take(
                engine,
                course,
                trainee,
                rng.choice(["a-quiz", "b-quiz", "final"]),
                rng.random(),
                rng,
            )
        elif action < 0.7:
            progress.mark_read(engine, trainee.id, rng.choice(lessons))
        elif action < 0.85:
            with transaction(engine) as connection:
                connection.execute(
                    delete(attempts_table).where(attempts_table.c.user_id == trainee.id)
                )
        else:
            accounts.set_disabled(
                engine, trainee.username, rng.random() < 0.5, actor=Operator("test")
            )
        group = None if step % 3 else [p.id for p in people[:4]]
        pd.testing.assert_frame_equal(_read(engine, course, group), _fresh(engine, course, group))


@pytest.mark.postgres
def test_emptying_a_watched_table_by_hand_changes_the_stamp(pg_url):
    engine = open_store(pg_url)
    try:
        add_user(engine, "tia")
        before = stamp.current(engine, "cohort")
        with transaction(engine) as connection:
            connection.execute(text("TRUNCATE lesson_progress"))
        assert stamp.current(engine, "cohort") not in (None, before)
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_writer_waiting_on_a_row_never_deadlocks_on_the_stamp(pg_url, course):
    """The trainee's submit has changed her attempt and waits for her row, which an admin
    is changing; the admin commits. Were the stamp changed at each statement rather than at
    commit, the submit would hold the stamp and the admin would wait for it: a deadlock."""
    engine = open_store(pg_url)
    try:
        tia = add_user(engine, "tia")
        attempt = attempts.start_or_resume(engine, tia.id, course.quizzes["a-quiz"], 80)
        before = stamp.current(engine, "cohort")
        submitting = engine.connect()
        admin = engine.connect()
        failures = []
        try:
            submit = submitting.begin()
            submitting.execute(
                update(attempts_table)
                .where(attempts_table.c.id == attempt.id)
                .values(state=attempts_table.c.state)
            )
            change = admin.begin()
            admin.execute(text("SET LOCAL lock_timeout = '20s'"))
            admin.execute(update(users).where(users.c.id == tia.id).values(disabled=True))

            def finish_submit():
                try:
                    submitting.execute(text("SET LOCAL lock_timeout = '20s'"))
                    submitting.execute(text(f"SELECT id FROM users WHERE id = {tia.id} FOR UPDATE"))
                    submit.commit()
                except Exception as exc:  # reported below, with the test's failure
                    failures.append(exc)

            waiting = threading.Thread(target=finish_submit)
            waiting.start()
            change.commit()
            waiting.join(60)
        finally:
            submitting.close()
            admin.close()
        assert failures == []
        assert stamp.current(engine, "cohort") != before
    finally:
        engine.dispose()
