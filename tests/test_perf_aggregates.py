"""The fast paths give the straightforward answers: mastery from the per-attempt objective
totals written at submit equals a recomputation from every raw answer, after random
submissions, resubmissions and deletions, on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest
from alembic import command
from sqlalchemy import delete, select

from needlewise import accounts, attempts, clock, gradebook, mastery
from needlewise.acting import Operator
from needlewise.content import load_content
from needlewise.quiz.layout import leaf_ids
from needlewise.quiz.scoring import correct_response
from needlewise.store import migrate
from needlewise.store.engine import transaction
from needlewise.store.schema import attempt_objectives
from needlewise.store.schema import attempts as attempts_table
from needlewise.store.schema import users as users_table

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def shipped():
    return load_content(ROOT / "content", ROOT / "quizzes")


def _assert_same(engine, user_ids=None) -> None:
    fast = mastery.mastery_table(engine, user_ids).reset_index(drop=True)
    slow = mastery.recomputed_mastery_table(engine, user_ids).reset_index(drop=True)
    assert list(fast["user_id"]) == list(slow["user_id"])
    assert list(fast["objective"]) == list(slow["objective"])
    for column in ("earned", "possible", "mastery"):
        assert list(fast[column]) == pytest.approx(list(slow[column]), abs=1e-9)


def _take(engine, rng: random.Random, user, loaded) -> None:
    """An attempt answered partly right, partly left blank, sometimes left open."""
    attempt = attempts.start_or_resume(engine, user.id, loaded, 80, rng=rng)
    right = rng.random()
    answers = {
        question_id: correct_response(loaded.quiz.leaf(question_id))
        for question_id in leaf_ids(attempt.layout)
        if rng.random() < right
    }
    attempts.save_many(engine, attempt.id, user.id, answers)
    if rng.random() < 0.85:
        attempts.submit(engine, attempt.id, user.id)


def _trainees(engine, count: int) -> list:
    return [
        accounts.create_user(
            engine,
            f"t{n:03d}",
            f"Trainee {n}",
            f"t{n:03d}@example.com",
            "a long pass phrase 1",
            ["trainee"],
            actor=Operator("test"),
            must_change_password=False,
        )
        for n in range(count)
    ]


def test_mastery_totals_equal_a_recomputation_after_random_work(engine, shipped):
    rng = random.Random(17)
    quizzes = [shipped.quizzes[q] for q in shipped.quiz_order()[:4]]
    people = _trainees(engine, 12)
    for step in range(90):
        user = rng.choice(people)
        roll = rng.random()
        if roll < 0.8:
            _take(engine, rng, user, rng.choice(quizzes))
        elif roll < 0.95:
            with engine.connect() as connection:
                ids = (
                    connection.execute(
                        select(attempts_table.c.id).where(attempts_table.c.user_id == user.id)
                    )
                    .scalars()
                    .all()
                )
            if ids:
                with transaction(engine) as connection:
                    connection.execute(
                        delete(attempts_table).where(attempts_table.c.id == rng.choice(ids))
                    )
        else:
            with transaction(engine) as connection:
                connection.execute(delete(users_table).where(users_table.c.id == user.id))
            people.remove(user)
        if step % 15 == 14:
            _assert_same(engine)
    _assert_same(engine)
    _assert_same(engine, [p.id for p in people[:5]])
    assert not mastery.mastery_table(engine).empty


def test_no_totals_are_left_behind_a_deleted_attempt(engine, shipped):
    rng = random.Random(3)
    user = _trainees(engine, 1)[0]
    loaded = shipped.quizzes[shipped.quiz_order()[0]]
    attempt = attempts.start_or_resume(engine, user.id, loaded, 80, rng=rng)
    attempts.submit(engine, attempt.id, user.id)
    with engine.connect() as connection:
        assert connection.execute(select(attempt_objectives)).all()
    with transaction(engine) as connection:
        connection.execute(delete(attempts_table).where(attempts_table.c.id == attempt.id))
    with engine.connect() as connection:
        assert connection.execute(select(attempt_objectives)).all() == []


def test_the_gradebook_flags_the_objectives_a_recomputation_finds_weak(engine, shipped):
    rng = random.Random(5)
    people = _trainees(engine, 8)
    for user in people:
        for quiz_id in shipped.quiz_order()[:3]:
            _take(engine, rng, user, shipped.quizzes[quiz_id])
    threshold = 70.0
    table = gradebook.overview(engine, shipped, None, clock.now(), 14, threshold).table
    slow = mastery.recomputed_mastery_table(engine)
    slow = slow[slow["mastery"] < threshold]
    expected = {
        user_id: ", ".join(group["objective"]) for user_id, group in slow.groupby("user_id")
    }
    shown = dict(zip(table["user_id"], table["below_mastery"], strict=True))
    assert {u: v for u, v in shown.items() if v} == expected
    assert expected, "the random answers should leave someone below mastery"


def test_the_migration_fills_the_totals_from_existing_attempts(store_url, shipped):
    from needlewise.store import open_store

    engine = open_store(store_url)
    try:
        rng = random.Random(11)
        people = _trainees(engine, 5)
        for user in people:
            for quiz_id in shipped.quiz_order()[:3]:
                _take(engine, rng, user, shipped.quizzes[quiz_id])
        before = mastery.recomputed_mastery_table(engine)
        config = migrate.alembic_config()
        with transaction(engine) as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0007")
        migrate.upgrade(engine)
        after = mastery.mastery_table(engine)
        assert not after.empty
        pd.testing.assert_frame_equal(
            after.reset_index(drop=True)[["user_id", "objective"]],
            before.reset_index(drop=True)[["user_id", "objective"]],
            check_dtype=False,
        )
        assert list(after["mastery"]) == pytest.approx(list(before["mastery"]), abs=1e-9)
    finally:
        engine.dispose()
