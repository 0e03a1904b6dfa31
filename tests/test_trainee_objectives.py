"""Each trainee's marks per objective, kept in their own table for the Gradebook: a
submission refreshes them in its transaction, and deleting an attempt or a trainee
refreshes them in the database itself, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

from sqlalchemy import delete, select

from needlewise import mastery
from needlewise.attempts import save_many, start_or_resume, submit
from needlewise.quiz.scoring import correct_response
from needlewise.store.engine import transaction
from needlewise.store.schema import attempts, trainee_objectives, users

from .builders import add_user, pass_quiz, shipped_content


def _rows(engine, user_id: int) -> dict[str, tuple[float, float]]:
    with engine.connect() as connection:
        found = connection.execute(
            select(
                trainee_objectives.c.objective,
                trainee_objectives.c.earned,
                trainee_objectives.c.possible,
            ).where(trainee_objectives.c.user_id == user_id)
        ).all()
    return {objective: (earned, possible) for objective, earned, possible in found}


def _blank(engine, user, loaded):
    """An attempt handed in without a single answer."""
    attempt = start_or_resume(engine, user.id, loaded, 50)
    return submit(engine, attempt.id, user.id)


def test_a_submission_replaces_the_quiz_s_earlier_marks(engine):
    loaded = shipped_content().quizzes[shipped_content().quiz_order()[0]]
    trainee = add_user(engine, "tess")
    pass_quiz(engine, trainee, loaded)
    full = _rows(engine, trainee.id)
    assert full and all(earned == possible for earned, possible in full.values())
    _blank(engine, trainee, loaded)
    empty = _rows(engine, trainee.id)
    assert set(empty) == set(full)
    assert all(earned == 0 for earned, _ in empty.values())
    assert [p for _, p in empty.values()] == [p for _, p in full.values()]


def test_deleting_the_latest_attempt_brings_back_the_one_before(engine):
    loaded = shipped_content().quizzes[shipped_content().quiz_order()[0]]
    trainee = add_user(engine, "tess")
    pass_quiz(engine, trainee, loaded)
    full = _rows(engine, trainee.id)
    latest = _blank(engine, trainee, loaded)
    with transaction(engine) as connection:
        connection.execute(delete(attempts).where(attempts.c.id == latest.id))
    assert _rows(engine, trainee.id) == full


def test_deleting_a_trainee_deletes_their_marks_and_nobody_else_s(engine):
    content = shipped_content()
    loaded = content.quizzes[content.quiz_order()[0]]
    gone, stays = add_user(engine, "gone"), add_user(engine, "stays")
    for person in (gone, stays):
        pass_quiz(engine, person, loaded)
        pass_quiz(engine, person, content.quizzes[content.quiz_order()[1]])
    kept = _rows(engine, stays.id)
    with transaction(engine) as connection:
        connection.execute(delete(users).where(users.c.id == gone.id))
    assert _rows(engine, gone.id) == {}
    assert _rows(engine, stays.id) == kept


def test_two_quizzes_submitted_at_once_both_count(engine):
    content = shipped_content()
    trainee = add_user(engine, "tess")
    opened = []
    for quiz_id in content.quiz_order()[:2]:
        loaded = content.quizzes[quiz_id]
        attempt = start_or_resume(engine, trainee.id, loaded, 50)
        save_many(
            engine,
            attempt.id,
            trainee.id,
            {q.id: correct_response(q) for _, q in loaded.quiz.leaves()},
        )
        opened.append(attempt)
    threads = [threading.Thread(target=submit, args=(engine, a.id, trainee.id)) for a in opened]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    expected = mastery.recomputed_mastery_table(engine, [trainee.id])
    assert len(expected) >= 2
    assert _rows(engine, trainee.id) == {
        row.objective: (row.earned, row.possible) for row in expected.itertuples()
    }
