"""The quiz versions attempts were made on, stored once each and never changed.

An attempt records the version of its quiz; the definition kept here is what marks it,
reviews it and feeds mastery and item analysis, whatever the quiz file says today.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, Engine, select

from .attempt_rules import Attempt
from .quiz.loading import LoadedQuiz
from .quiz.schema import Quiz
from .store.engine import reading
from .store.schema import quiz_versions
from .store.upsert import upsert

# Versions never change, so a parsed definition is good for as long as the process runs.
_definitions: dict[tuple[str, str], Quiz] = {}


def remember_version(connection: Connection, loaded: LoadedQuiz, now: datetime) -> None:
    """Store the quiz as it is now, once per version."""
    upsert(
        connection,
        quiz_versions,
        {
            "quiz_id": loaded.id,
            "version": loaded.version,
            "definition": loaded.quiz.model_dump(mode="json"),
            "first_seen_at": now,
        },
        keys=["quiz_id", "version"],
    )
    _definitions.setdefault((loaded.id, loaded.version), loaded.quiz)


def definition(source: Engine | Connection, quiz_id: str, version: str) -> Quiz:
    """The quiz exactly as it was when an attempt started. Versions never change, so each
    is read once per process; a version already read takes no connection."""
    key = (quiz_id, version)
    if key not in _definitions:
        with reading(source) as connection:
            stored = connection.execute(
                select(quiz_versions.c.definition).where(
                    quiz_versions.c.quiz_id == quiz_id, quiz_versions.c.version == version
                )
            ).scalar_one()
        if len(_definitions) > 512:
            _definitions.clear()
        _definitions[key] = Quiz.model_validate(stored)
    return _definitions[key]


def quiz_of(engine: Engine, attempt: Attempt) -> Quiz:
    """The quiz an attempt was made on, in the version it was made on."""
    return definition(engine, attempt.quiz_id, attempt.quiz_version)
