"""Item analysis of a quiz from the database, feeding the same code the CLI uses."""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import Engine, Text, cast, select

from .attempts import definition
from .quiz.schema import ChoiceQuestion, Quiz, TrueFalseQuestion
from .quiz.scoring import LETTERS, option_key, random_guess_score
from .stats import Report, analyse
from .store.frames import frame as frame_of
from .store.schema import attempts, quiz_versions, responses

GRADING_TO_ATTEMPTS = {"highest": "highest", "latest": "latest", "first": "first", "average": "all"}


def versions(engine: Engine, quiz_id: str) -> list[tuple[str, str]]:
    """(version, first seen) of every version of a quiz that attempts were made on."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(quiz_versions.c.version, quiz_versions.c.first_seen_at)
            .where(quiz_versions.c.quiz_id == quiz_id)
            .order_by(quiz_versions.c.first_seen_at)
        ).all()
    return [(row.version, f"{row.first_seen_at:%d %b %Y}") for row in rows]


def load_responses(engine: Engine, quiz_id: str, version: str | None = None) -> pd.DataFrame:
    """One row per submitted attempt and question, with the response as an option code.

    Attempt details are read once per attempt and the stored responses once per distinct
    value, so a million rows load at close to the speed of a plain SELECT.
    """
    chosen = select(attempts.c.id).where(
        attempts.c.quiz_id == quiz_id, attempts.c.state == "submitted"
    )
    if version is not None:
        chosen = chosen.where(attempts.c.quiz_version == version)
    with engine.connect() as connection:
        people = pd.DataFrame(
            connection.execute(
                select(
                    attempts.c.id,
                    attempts.c.user_id,
                    attempts.c.submitted_at,
                    attempts.c.quiz_version,
                ).where(attempts.c.id.in_(chosen))
            ).all(),
            columns=["attempt_id", "user_id", "submitted_at", "quiz_version"],
        )
        rows = connection.execute(
            select(
                responses.c.attempt_id,
                responses.c.question_id,
                responses.c.points,
                responses.c.max_points,
                cast(responses.c.response, Text),
            ).where(responses.c.attempt_id.in_(chosen))
        ).all()
        definitions = {
            v: definition(connection, quiz_id, v) for v in people["quiz_version"].unique()
        }
    frame = frame_of(rows, ["attempt_id", "question_id", "score", "max_score", "raw"])
    frame = frame.merge(people, on="attempt_id", how="inner")
    frame["response"] = _codes(frame, definitions)
    return frame.drop(columns=["raw", "quiz_version"])


def _codes(frame: pd.DataFrame, definitions: dict[str, Quiz]) -> pd.Series:
    """Decode each distinct stored response once, not once per row."""
    distinct = frame[["quiz_version", "question_id", "raw"]].drop_duplicates()
    codes = []
    for version, question_id, raw in distinct.itertuples(index=False):
        try:
            question = definitions[version].leaf(question_id)
        except KeyError:
            codes.append("")
            continue
        value = json.loads(raw) if isinstance(raw, str) and raw != "null" else None
        codes.append(option_key(question, value))
    mapping = distinct.assign(response=codes)
    merged = frame[["quiz_version", "question_id", "raw"]].merge(
        mapping, on=["quiz_version", "question_id", "raw"], how="left"
    )
    return pd.Series(merged["response"].to_numpy(), index=frame.index, dtype=object)


def question_facts(quiz: Quiz) -> tuple[dict[str, float | None], dict[str, list[str]]]:
    """Random-guess scores, and the option codes of choice questions (for distractors)."""
    guess = {q.id: random_guess_score(q) for _, q in quiz.leaves()}
    keys: dict[str, list[str]] = {}
    for _, question in quiz.leaves():
        if isinstance(question, ChoiceQuestion) and question.type == "single":
            keys[question.id] = [LETTERS[i] for i in range(len(question.options))]
        elif isinstance(question, TrueFalseQuestion):
            keys[question.id] = ["true", "false"]
    return guess, keys


def report_for(
    engine: Engine, quiz: Quiz, version: str | None = None, which: str | None = None
) -> tuple[Report | None, pd.DataFrame]:
    frame = load_responses(engine, quiz.id, version)
    if frame.empty:
        return None, frame
    guess, keys = question_facts(quiz)
    chosen = which or GRADING_TO_ATTEMPTS[quiz.grading]
    return analyse(frame, which=chosen, guess=guess, keys=keys), frame
