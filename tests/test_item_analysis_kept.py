"""Item analysis is kept until an attempt, a response or a quiz version changes, and is
never stale (issue 17): answers saved during a quiz change its stamp and not the
Gradebook's; a hand-in shows on the next read; after random work the kept report equals
a fresh one; two writers renewing both stamps in opposite orders never deadlock. On
SQLite and PostgreSQL."""

from __future__ import annotations

import random
import threading

import pytest
from sqlalchemy import delete, text

from needlewise import attempts, item_analysis
from needlewise.quiz.scoring import correct_response
from needlewise.store import open_store, stamp, transaction
from needlewise.store.schema import attempts as attempts_table

from .builders import add_user, reload_course, take, write_course


@pytest.fixture
def course(tmp_path):
    write_course(tmp_path)
    return reload_course(tmp_path)


def _figures(engine, quiz) -> dict | None:
    report, _ = item_analysis.report_for(engine, quiz)
    return None if report is None else report.to_json()


def _fresh(engine, quiz) -> dict | None:
    which = item_analysis.GRADING_TO_ATTEMPTS[quiz.grading]
    report, _ = item_analysis._report(engine, quiz, None, which)
    return None if report is None else report.to_json()


def _open_attempt(engine, course, trainee):
    loaded = course.quizzes["a-quiz"]
    return attempts.start_or_resume(engine, trainee.id, loaded, 80), loaded


def test_answers_saved_during_a_quiz_change_its_stamp_and_not_the_gradebooks(engine, course):
    tia = add_user(engine, "tia")
    attempt, loaded = _open_attempt(engine, course, tia)
    cohort, responses = stamp.current(engine, "cohort"), stamp.current(engine, "responses")
    question = loaded.quiz.leaf(attempt.layout[0]["id"])
    attempts.save_many(engine, attempt.id, tia.id, {question.id: correct_response(question)})
    assert stamp.current(engine, "cohort") == cohort
    assert stamp.current(engine, "responses") not in (None, responses)
    responses = stamp.current(engine, "responses")
    attempts.submit(engine, attempt.id, tia.id)
    assert stamp.current(engine, "cohort") != cohort
    assert stamp.current(engine, "responses") != responses


def test_item_analysis_is_read_again_only_after_a_change(engine, course, monkeypatch):
    rng = random.Random(1)
    quiz = course.quizzes["a-quiz"].quiz
    people = [add_user(engine, f"t{n}") for n in range(3)]
    take(engine, course, people[0], "a-quiz", 0.5, rng)
    reads = []
    real = item_analysis._report
    monkeypatch.setattr(item_analysis, "_report", lambda *args: reads.append(args) or real(*args))
    first = _figures(engine, quiz)
    assert _figures(engine, quiz) == first
    assert len(reads) == 1
    take(engine, course, people[1], "a-quiz", 0.9, rng)
    after = _figures(engine, quiz)
    assert len(reads) == 2
    assert after["attempts"] == first["attempts"] + 1
    # An answer saved in an attempt not yet handed in is a change too: read again, and
    # the figures (handed-in attempts only) are the same.
    attempt, loaded = _open_attempt(engine, course, people[2])
    question = loaded.quiz.leaf(attempt.layout[0]["id"])
    attempts.save_many(engine, attempt.id, people[2].id, {question.id: correct_response(question)})
    assert _figures(engine, quiz) == after
    assert len(reads) == 3


def test_after_random_work_kept_item_analysis_equals_a_fresh_one(engine, course):
    rng = random.Random(2)
    quiz = course.quizzes["a-quiz"].quiz
    people = [add_user(engine, f"t{n}") for n in range(6)]
    for _ in range(24):
        trainee = rng.choice(people)
        if rng.random() < 0.75:
            take(engine, course, trainee, "a-quiz", rng.random(), rng)
        else:
            with transaction(engine) as connection:
                connection.execute(
                    delete(attempts_table).where(attempts_table.c.user_id == trainee.id)
                )
        assert _figures(engine, quiz) == _fresh(engine, quiz)


@pytest.mark.postgres
def test_two_writers_renewing_both_stamps_in_opposite_orders_never_deadlock(pg_url, course):
    """One transaction renews the responses stamp, then the Gradebook's; the other the
    Gradebook's, then the responses one (``SET CONSTRAINTS ALL IMMEDIATE`` fires the
    deferred triggers at those points instead of at commit). Were each stamp's row taken
    only when its own trigger fires, each would hold one row and wait for the other: a
    deadlock. Every transaction takes both rows, in one order, at its first renewal."""
    engine = open_store(pg_url)
    try:
        opened = []
        for name in ("tia", "tom"):
            trainee = add_user(engine, name)
            attempt, loaded = _open_attempt(engine, course, trainee)
            question = loaded.quiz.leaf(attempt.layout[0]["id"])
            attempts.save_many(
                engine, attempt.id, trainee.id, {question.id: correct_response(question)}
            )
            opened.append(attempt.id)
        before = {name: stamp.current(engine, name) for name in ("cohort", "responses")}
        renew_now = text("SET CONSTRAINTS ALL IMMEDIATE")
        failures = []

        def the_other_writer():
            try:
                with engine.connect() as connection, connection.begin():
                    connection.execute(text("SET LOCAL lock_timeout = '20s'"))
                    connection.execute(
                        text(f"UPDATE attempts SET state = state WHERE id = {opened[1]}")
                    )
                    connection.execute(renew_now)
            except Exception as exc:  # reported below, with the test's failure
                failures.append(exc)

        with engine.connect() as connection, connection.begin():
            connection.execute(text("SET LOCAL lock_timeout = '20s'"))
            connection.execute(
                text(f"UPDATE responses SET saved_at = saved_at WHERE attempt_id = {opened[0]}")
            )
            connection.execute(renew_now)
            other = threading.Thread(target=the_other_writer)
            other.start()
            other.join(1)  # it waits for this transaction's stamps
            try:
                connection.execute(
                    text(f"UPDATE attempts SET state = state WHERE id = {opened[0]}")
                )
                connection.execute(renew_now)
            except Exception as exc:  # reported below, with the test's failure
                failures.append(exc)
        other.join(30)
        assert failures == []
        after = {name: stamp.current(engine, name) for name in ("cohort", "responses")}
        assert all(after[name] != before[name] for name in before)
    finally:
        engine.dispose()
