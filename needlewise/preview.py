"""Preview as a trainee: an instructor takes a quiz exactly as a trainee would, and
nothing is recorded.

A ``Preview`` holds one instructor's attempts at one quiz version in memory (the page
keeps it in the session). It starts, saves, checks and submits through the same rules as
a trainee's stored attempt (``attempt_rules``: draw, shuffles, deadline, attempt limit,
marking), so the widgets, feedback, review and score are the ones a trainee gets. This
module never writes to the database: no gradebook row, response, quiz version, review
card, mastery, certificate, pass mark or audit entry comes from a preview.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Engine

from . import clock, quiz_bank
from .attempt_rules import (
    Attempt,
    AttemptError,
    SavedResponse,
    check_outcome,
    closing,
    ensure_in_layout,
    ensure_open,
    marked_responses,
    no_attempts_left,
    opening,
    refuse_checked,
    section_result,
)
from .content import Content
from .errors import UserError
from .grading import grade_attempts
from .progress import QuizStatus
from .quiz.answered import as_kept
from .quiz.loading import LoadedQuiz
from .quiz.schema import Quiz
from .quiz.scoring import Outcome

# Preview attempts are numbered below zero, so they can never be taken for a stored
# attempt, and never repeat in a process, so a restarted preview's widgets start empty.
_ids = itertools.count(1)


class PreviewError(UserError):
    """The quiz asked for cannot be previewed; the message says which and why."""


class Source(Protocol):
    """Where quizzes come from (the page's context): the loaded course, and the database
    that will hold quiz versions written in the app."""

    @property
    def content(self) -> Content: ...

    @property
    def engine(self) -> Engine: ...


def preview_source(context: Source, quiz_id: str, version: str | None = None) -> LoadedQuiz:
    """The quiz to preview: ``quiz_id`` at ``version``.

    A whole-number version is a version written in the Quiz studio (kept in the database);
    any other is a quiz file's content version. Without one: the quiz the course serves, or
    else the newest version written in the studio (a draft, before it is published)."""
    if not quiz_id:
        raise PreviewError("No quiz was chosen; open the preview from the Quiz studio.")
    loaded = context.content.quizzes.get(quiz_id)
    if (version is None and loaded is None) or (version is not None and version.isdigit()):
        try:
            return quiz_bank.load_version(
                context.engine, quiz_id, int(version) if version is not None else None
            )
        except quiz_bank.BankError as exc:
            raise PreviewError(
                f"There is no quiz '{quiz_id}' to preview ({exc}); open it from the Quiz studio."
            ) from None
    if loaded is None:
        raise PreviewError(f"There is no quiz '{quiz_id}' in the course's quiz files.")
    if version is not None and version != loaded.version:
        raise PreviewError(
            f"Version {version[:12]} of quiz '{quiz_id}' is not in the quiz files; "
            f"they hold version {loaded.version[:12]}."
        )
    return loaded


@dataclass
class Preview:
    """One person's preview attempts at one quiz version, in memory only."""

    loaded: LoadedQuiz
    user_id: int
    attempts: list[Attempt] = field(default_factory=list)
    answers: dict[int, dict[str, SavedResponse]] = field(default_factory=dict)

    @property
    def quiz(self) -> Quiz:
        return self.loaded.quiz

    def get(self, attempt_id: int) -> Attempt | None:
        return next((a for a in self.attempts if a.id == attempt_id), None)

    def open_attempt(self) -> Attempt | None:
        return next((a for a in self.attempts if a.is_open), None)

    def status(self, pass_mark: float) -> QuizStatus:
        """Where the previewer stands, as a trainee's quiz page would show it."""
        return QuizStatus(
            quiz_id=self.quiz.id,
            title=self.quiz.title,
            attempts=tuple(self.attempts),
            grade=grade_attempts(self.attempts, self.quiz.grading),
            pass_mark=pass_mark,
            limit=self.quiz.attempt_limit,
            open=True,
            locked_reason=None,
            method=self.quiz.grading,
            must_pass=self.quiz.must_pass,
        )

    def start(
        self,
        pass_mark: float,
        extra_percent: int = 0,
        now: datetime | None = None,
        rng: random.Random | None = None,
    ) -> Attempt:
        """The open preview attempt, or a new one if the quiz's attempt limit allows."""
        now = now or clock.now()
        self.finalise_overdue(now)
        existing = self.open_attempt()
        if existing is not None:
            return existing
        refusal = no_attempts_left(self.quiz.attempt_limit, len(self.attempts))
        if refusal is not None:
            raise refusal
        values = opening(
            self.quiz,
            self.user_id,
            self.loaded.version,
            len(self.attempts) + 1,
            pass_mark,
            extra_percent,
            now,
            rng,
        )
        attempt = Attempt(
            id=-next(_ids), submitted_at=None, points=None, percent=None, passed=None, **values
        )
        self.attempts.append(attempt)
        self.answers[attempt.id] = {}
        return attempt

    def finalise_overdue(self, now: datetime | None = None) -> Attempt | None:
        """Hand in the open attempt whose time ran out; returns it if there was one."""
        now = now or clock.now()
        attempt = self.open_attempt()
        if attempt is None or not attempt.overdue(now):
            return None
        return self.submit(attempt.id, now)

    def saved(self, attempt_id: int) -> dict[str, SavedResponse]:
        return dict(self.answers.get(attempt_id, {}))

    def _guard(self, attempt_id: int, now: datetime) -> Attempt:
        attempt = self.get(attempt_id)
        if attempt is None:
            raise AttemptError("This preview attempt does not exist; restart the preview.")
        ensure_open(attempt, now)
        return attempt

    def save(
        self, attempt_id: int, question_id: str, response: Any, now: datetime | None = None
    ) -> None:
        """Keep (or replace) the answer to one question of the open attempt."""
        now = now or clock.now()
        attempt = self._guard(attempt_id, now)
        ensure_in_layout(attempt.layout, [question_id])
        kept = self.answers[attempt_id]
        previous = kept.get(question_id)
        refuse_checked(previous is not None and previous.checked)
        kept[question_id] = SavedResponse(
            question_id=question_id,
            response=as_kept(response),
            saved_at=now,
            checked=False,
            fraction=None,
            points=None,
            max_points=self.quiz.leaf(question_id).points,
        )

    def check(self, attempt_id: int, question_id: str, now: datetime | None = None) -> Outcome:
        """Mark one kept answer now and lock it (feedback after each question)."""
        now = now or clock.now()
        self._guard(attempt_id, now)
        question = self.quiz.leaf(question_id)
        kept = self.answers[attempt_id]
        outcome = check_outcome(question, kept.get(question_id))
        kept[question_id] = replace(
            kept[question_id],
            checked=True,
            fraction=outcome.fraction,
            points=outcome.points(question),
        )
        return outcome

    def submit(self, attempt_id: int, now: datetime | None = None) -> Attempt:
        """Mark and close the attempt; submitting again changes nothing."""
        now = now or clock.now()
        attempt = self.get(attempt_id)
        if attempt is None:
            raise AttemptError("This preview attempt does not exist; restart the preview.")
        if not attempt.is_open:
            return attempt
        rows, total = marked_responses(self.quiz, attempt.layout, self.answers[attempt_id], now)
        self.answers[attempt_id] = {row["question_id"]: SavedResponse(**row) for row in rows}
        questions = {q.id: q for _, q in self.quiz.leaves()}
        section = section_result(self.quiz.must_pass, questions, rows)
        closed = replace(attempt, **closing(attempt, total, now, section))
        self.attempts[self.attempts.index(attempt)] = closed
        return closed

    def sitting(self, attempt_id: int) -> PreviewSitting:
        return PreviewSitting(self, attempt_id)


@dataclass(frozen=True)
class PreviewSitting:
    """One preview attempt as the quiz page works on it (see ``sitting.Sitting``)."""

    preview: Preview
    attempt_id: int

    @property
    def attempt(self) -> Attempt:
        found = self.preview.get(self.attempt_id)
        if found is None:
            raise AttemptError("This preview attempt does not exist; restart the preview.")
        return found

    @property
    def quiz(self) -> Quiz:
        return self.preview.quiz

    def saved(self) -> dict[str, SavedResponse]:
        return self.preview.saved(self.attempt_id)

    def save(self, question_id: str, response: Any) -> None:
        self.preview.save(self.attempt_id, question_id, response)

    def check(self, question_id: str) -> Outcome:
        return self.preview.check(self.attempt_id, question_id)

    def submit(self) -> Attempt:
        return self.preview.submit(self.attempt_id)
