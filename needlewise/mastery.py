"""Mastery per learning objective: the share of the marks a trainee earned on the
questions about an objective, in their latest attempt at each quiz."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import (
    BindParameter,
    Connection,
    Engine,
    Integer,
    and_,
    bindparam,
    delete,
    func,
    insert,
    select,
)

from .quiz_versions import definition
from .store.frames import driver_frame
from .store.frames import frame as frame_of
from .store.schema import attempt_objectives, attempts, responses, trainee_objectives

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


def _latest_attempts(user_id: BindParameter[int] | None = None):
    """Each trainee's latest submitted attempt at each quiz (or one trainee's, when
    ``user_id`` is given), as a subquery of attempt ids."""
    numbers = (
        select(attempts.c.user_id, attempts.c.quiz_id, func.max(attempts.c.number).label("n"))
        .where(attempts.c.state == "submitted")
        .group_by(attempts.c.user_id, attempts.c.quiz_id)
    )
    if user_id is not None:
        numbers = numbers.where(attempts.c.user_id == user_id)
    latest = numbers.subquery()
    return (
        select(attempts.c.id, attempts.c.user_id)
        .join(
            latest,
            and_(
                latest.c.user_id == attempts.c.user_id,
                latest.c.quiz_id == attempts.c.quiz_id,
                latest.c.n == attempts.c.number,
            ),
        )
        .subquery()
    )


def _summed(latest):
    """Marks per trainee and objective over the ``latest`` attempts."""
    return (
        select(
            latest.c.user_id,
            attempt_objectives.c.objective,
            func.sum(attempt_objectives.c.earned),
            func.sum(attempt_objectives.c.possible),
        )
        .join(attempt_objectives, attempt_objectives.c.attempt_id == latest.c.id)
        .group_by(latest.c.user_id, attempt_objectives.c.objective)
    )


_COLUMNS = ["user_id", "objective", "earned", "possible"]
# One trainee's refresh runs inside every submit: its statements are built once (building
# them, subqueries and all, took longer than running them).
_TRAINEE = bindparam("user_id", type_=Integer)
_CLEAR_TRAINEE = delete(trainee_objectives).where(trainee_objectives.c.user_id == _TRAINEE)
_SUM_TRAINEE = insert(trainee_objectives).from_select(_COLUMNS, _summed(_latest_attempts(_TRAINEE)))


def refresh(connection: Connection, user_id: int) -> None:
    """Recompute a trainee's row per objective from their latest submitted attempt at each
    quiz, inside the caller's transaction (the one that submits).

    The caller holds the trainee's row lock, so two submits of one trainee at once (two
    tabs) cannot both recompute from a moment before the other's attempt; submit takes it
    with the attempt's. SQLite lets one writer in at a time already."""
    trainee = {"user_id": user_id}
    connection.execute(_CLEAR_TRAINEE, trainee)
    connection.execute(_SUM_TRAINEE, trainee)


def refresh_everyone(connection: Connection) -> None:
    """``refresh`` for every trainee at once: for attempts loaded in bulk."""
    connection.execute(delete(trainee_objectives))
    connection.execute(
        insert(trainee_objectives).from_select(_COLUMNS, _summed(_latest_attempts()))
    )


def mastery_table(engine: Engine, user_ids: list[int] | None = None) -> pd.DataFrame:
    """Columns user_id, objective, earned, possible, mastery (percent), from each trainee's
    rows kept up to date at submit."""
    query = select(
        trainee_objectives.c.user_id,
        trainee_objectives.c.objective,
        trainee_objectives.c.earned,
        trainee_objectives.c.possible,
    ).order_by(trainee_objectives.c.user_id, trainee_objectives.c.objective)
    if user_ids is not None:
        query = query.where(trainee_objectives.c.user_id.in_(user_ids))
    with engine.connect() as connection:
        table = driver_frame(connection, query, ["user_id", "objective", "earned", "possible"])
    table["mastery"] = 100.0 * table["earned"] / table["possible"]
    return table


def below(engine: Engine, who, threshold: float) -> dict[int, list[str]]:
    """The objectives each trainee of ``who`` (ids, or a subquery of them) has not mastered
    (mastery under ``threshold`` percent), in order; trainees with none are left out."""
    mine = trainee_objectives.c
    query = (
        select(mine.user_id, func.aggregate_strings(mine.objective, "\n"))
        .where(mine.user_id.in_(who), 100.0 * mine.earned < threshold * mine.possible)
        .group_by(mine.user_id)
    )
    with engine.connect() as connection:
        return {
            user_id: sorted(joined.split("\n")) for user_id, joined in connection.execute(query)
        }


def recomputed_mastery_table(engine: Engine, user_ids: list[int] | None = None) -> pd.DataFrame:
    """``mastery_table`` the long way, from every answer of the latest attempts: the
    reference the per-attempt totals are tested against."""
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
