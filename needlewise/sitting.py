"""One attempt as the quiz page works on it, wherever the attempt is kept.

The quiz page's widgets, summary and result read and write an attempt only through a
``Sitting``: a trainee's sitting is stored in the database (``StoredSitting``), an
instructor's preview is kept in memory (``preview.PreviewSitting``). The page cannot tell
them apart, which is what makes a preview show exactly what a trainee sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Engine

from . import attempts, quiz_versions, regrade
from .attempt_rules import Attempt, SavedResponse
from .quiz.schema import Quiz
from .quiz.scoring import Outcome


class Sitting(Protocol):
    @property
    def attempt(self) -> Attempt: ...

    @property
    def quiz(self) -> Quiz: ...

    def saved(self) -> dict[str, SavedResponse]: ...

    def save(self, question_id: str, response: Any) -> None: ...

    def check(self, question_id: str) -> Outcome: ...

    def submit(self) -> Attempt: ...


@dataclass(frozen=True)
class StoredSitting:
    """A trainee's attempt in the database; every call is one of ``attempts``' checks."""

    engine: Engine
    user_id: int
    attempt: Attempt

    @property
    def quiz(self) -> Quiz:
        # A regraded attempt is reviewed with the key that now scores it.
        if self.attempt.regraded_with is not None:
            return regrade.scoring_quiz(self.engine, self.attempt, self.saved())
        return quiz_versions.quiz_of(self.engine, self.attempt)

    def saved(self) -> dict[str, SavedResponse]:
        return attempts.saved_responses(self.engine, self.attempt.id)

    def save(self, question_id: str, response: Any) -> None:
        attempts.save(self.engine, self.attempt.id, self.user_id, question_id, response)

    def check(self, question_id: str) -> Outcome:
        return attempts.check(self.engine, self.attempt.id, self.user_id, question_id)

    def submit(self) -> Attempt:
        return attempts.submit(self.engine, self.attempt.id, self.user_id)
