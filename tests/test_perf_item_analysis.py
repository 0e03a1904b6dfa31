"""Item analysis read through the driver's cursor gives the same frame and the same
statistics as the straightforward reading (SQLAlchemy rows, one decode per row)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Text, cast, select

from needlewise import accounts, attempts, quiz_versions
from needlewise.acting import Operator
from needlewise.content import load_content
from needlewise.item_analysis import load_responses, question_facts
from needlewise.quiz.layout import leaf_ids
from needlewise.quiz.schema import SingleQuestion
from needlewise.quiz.scoring import correct_response, option_key
from needlewise.stats import analyse
from needlewise.store.schema import attempts as attempts_table
from needlewise.store.schema import responses

ROOT = Path(__file__).resolve().parent.parent


def straightforward(engine, quiz_id: str) -> pd.DataFrame:
    """Every row joined and decoded on its own: slow, and obviously right."""
    query = (
        select(
            responses.c.attempt_id,
            responses.c.question_id,
            responses.c.points,
            responses.c.max_points,
            attempts_table.c.user_id,
            attempts_table.c.submitted_at,
            attempts_table.c.quiz_version,
            cast(responses.c.response, Text),
        )
        .join(attempts_table, attempts_table.c.id == responses.c.attempt_id)
        .where(attempts_table.c.quiz_id == quiz_id, attempts_table.c.state == "submitted")
    )
    rows = []
    with engine.connect() as connection:
        for row in connection.execute(query):
            quiz = quiz_versions.definition(connection, quiz_id, row[6])
            raw = row[7]
            value = json.loads(raw) if raw is not None and raw != "null" else None
            rows.append((*row[:6], option_key(quiz.leaf(row[1]), value)))
    return pd.DataFrame(
        rows,
        columns=[
            "attempt_id",
            "question_id",
            "score",
            "max_score",
            "user_id",
            "submitted_at",
            "response",
        ],
    )


def _answer(rng: random.Random, question):
    roll = rng.random()
    if roll < 0.5:
        return correct_response(question)
    if roll < 0.85 and isinstance(question, SingleQuestion):
        return {"choice": rng.randrange(len(question.options))}
    return None


def test_the_fast_reading_matches_the_straightforward_one(engine):
    content = load_content(ROOT / "content", ROOT / "quizzes")
    loaded = content.quizzes[content.quiz_order()[0]]
    rng = random.Random(23)
    for n in range(25):
        user = accounts.create_user(
            engine,
            f"t{n:03d}",
            f"Trainee {n}",
            f"t{n:03d}@example.com",
            "a long pass phrase 1",
            ["trainee"],
            actor=Operator("test"),
            must_change_password=False,
        )
        for _ in range(rng.randint(1, 2)):
            attempt = attempts.start_or_resume(engine, user.id, loaded, 80, rng=rng)
            answers = {
                q: a
                for q in leaf_ids(attempt.layout)
                if (a := _answer(rng, loaded.quiz.leaf(q))) is not None
            }
            attempts.save_many(engine, attempt.id, user.id, answers)
            if rng.random() < 0.9:
                attempts.submit(engine, attempt.id, user.id)
    key = ["attempt_id", "question_id"]
    fast = load_responses(engine, loaded.id).sort_values(key).reset_index(drop=True)
    slow = straightforward(engine, loaded.id).sort_values(key).reset_index(drop=True)
    assert len(fast) > 100
    assert set(fast["response"]) - {""}, "some answers should decode to option codes"
    pd.testing.assert_frame_equal(fast[slow.columns], slow, check_dtype=False)
    guess, keys = question_facts(loaded.quiz)
    for which in ("all", "highest", "latest", "first"):
        ours = analyse(fast, which=which, guess=guess, keys=keys).to_json()
        theirs = analyse(slow, which=which, guess=guess, keys=keys).to_json()
        assert json.dumps(ours, sort_keys=True, default=str) == json.dumps(
            theirs, sort_keys=True, default=str
        )


def test_a_quiz_without_submissions_reads_as_empty(engine):
    assert load_responses(engine, "no-such-quiz").empty


@pytest.mark.parametrize("column", ["user_id", "submitted_at"])
def test_every_row_carries_its_attempt(engine, column):
    content = load_content(ROOT / "content", ROOT / "quizzes")
    loaded = content.quizzes[content.quiz_order()[0]]
    user = accounts.create_user(
        engine,
        "solo",
        "Solo",
        "solo@example.com",
        "a long pass phrase 1",
        ["trainee"],
        actor=Operator("test"),
        must_change_password=False,
    )
    attempt = attempts.start_or_resume(engine, user.id, loaded, 80)
    done = attempts.submit(engine, attempt.id, user.id)
    frame = load_responses(engine, loaded.id)
    expected = {"user_id": user.id, "submitted_at": done.submitted_at}[column]
    assert set(frame[column]) == {expected}
