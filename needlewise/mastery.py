"""Mastery per learning objective: the share of the marks a trainee earned on the
questions about an objective, in their latest attempt at each quiz."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, and_, func, select

from .attempts import definition
from .store.frames import frame as frame_of
from .store.schema import attempts, responses

DEFINITION = (
    "Mastery of an objective is the share of the marks you earned on the questions about it, "
    "in your latest attempt at each quiz."
)


def latest_responses(engine: Engine, user_ids: list[int] | None = None) -> pd.DataFrame:
    """Points per question and objective in each trainee's latest submitted attempt at each
    quiz: one row per (attempt, question, objective)."""
    numbers = (
        select(attempts.c.user_id, attempts.c.quiz_id, func.max(attempts.c.number).label("n"))
        .where(attempts.c.state == "submitted")
        .group_by(attempts.c.user_id, attempts.c.quiz_id)
    )
    if user_ids is not None:
        numbers = numbers.where(attempts.c.user_id.in_(user_ids))
    latest = numbers.subquery()
    query = select(
        attempts.c.user_id,
        attempts.c.quiz_id,
        attempts.c.quiz_version,
        responses.c.question_id,
        responses.c.points,
        responses.c.max_points,
    ).select_from(
        attempts.join(
            latest,
            and_(
                latest.c.user_id == attempts.c.user_id,
                latest.c.quiz_id == attempts.c.quiz_id,
                latest.c.n == attempts.c.number,
            ),
        ).join(responses, responses.c.attempt_id == attempts.c.id)
    )
    with engine.connect() as connection:
        frame = frame_of(
            connection.execute(query).all(),
            ["user_id", "quiz_id", "quiz_version", "question_id", "points", "max_points"],
        )
        tags = []
        for quiz_id, version in (
            frame[["quiz_id", "quiz_version"]].drop_duplicates().itertuples(index=False)
        ):
            quiz = definition(connection, quiz_id, version)
            tags += [
                (quiz_id, version, question.id, objective)
                for _, question in quiz.leaves()
                for objective in question.objectives
            ]
    objectives = pd.DataFrame(tags, columns=["quiz_id", "quiz_version", "question_id", "objective"])
    return frame.merge(objectives, on=["quiz_id", "quiz_version", "question_id"], how="inner")


def mastery_table(engine: Engine, user_ids: list[int] | None = None) -> pd.DataFrame:
    """Columns user_id, objective, earned, possible, mastery (percent)."""
    frame = latest_responses(engine, user_ids)
    if frame.empty:
        return pd.DataFrame(columns=["user_id", "objective", "earned", "possible", "mastery"])
    table = (
        frame.groupby(["user_id", "objective"], sort=True)[["points", "max_points"]]
        .sum()
        .reset_index()
        .rename(columns={"points": "earned", "max_points": "possible"})
    )
    table["mastery"] = 100.0 * table["earned"] / table["possible"]
    return table


def for_user(engine: Engine, user_id: int) -> dict[str, float]:
    table = mastery_table(engine, [user_id])
    return dict(zip(table["objective"], table["mastery"], strict=True))


def weakest(mastery: dict[str, float]) -> tuple[str, float] | None:
    if not mastery:
        return None
    objective = min(mastery, key=lambda o: (mastery[o], o))
    return objective, mastery[objective]
