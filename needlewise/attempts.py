"""The life of a quiz attempt: start or resume, save answers as they come, submit once.

Every rule that protects a trainee's work is enforced here, on the server, not in the
page: one open attempt per quiz (a second tab or a reload resumes it), answers saved one
at a time, nothing accepted after the deadline, and a second submit returns the first
result instead of recording another.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import fmean
from typing import Any

from sqlalchemy import Connection, Engine, func, select, update
from sqlalchemy.exc import IntegrityError

from . import clock, review_cards, settings, time_extensions
from .quiz.layout import build_layout, leaf_ids
from .quiz.loading import LoadedQuiz
from .quiz.schema import Quiz
from .quiz.scoring import Outcome, score
from .store.engine import transaction
from .store.schema import attempts, quiz_versions, responses
from .store.upsert import upsert

# Requests in flight when the time runs out still count.
GRACE = timedelta(seconds=5)


class AttemptError(Exception):
    """Something the trainee should be told, in words they can act on."""


class NoAttemptsLeft(AttemptError):
    pass


class AttemptClosed(AttemptError):
    pass


class TimeUp(AttemptError):
    pass


class AlreadyChecked(AttemptError):
    pass


@dataclass(frozen=True)
class Attempt:
    id: int
    user_id: int
    quiz_id: str
    quiz_version: str
    number: int
    layout: list[dict[str, Any]]
    state: str
    started_at: datetime
    deadline_at: datetime | None
    submitted_at: datetime | None
    max_points: float
    pass_mark: float
    points: float | None
    percent: float | None
    passed: bool | None
    timed_out: bool

    @property
    def is_open(self) -> bool:
        return self.state == "in_progress"

    def overdue(self, now: datetime) -> bool:
        return self.deadline_at is not None and now > self.deadline_at + GRACE

    def seconds_left(self, now: datetime) -> float | None:
        if self.deadline_at is None:
            return None
        return max(0.0, (self.deadline_at - now).total_seconds())


@dataclass(frozen=True)
class SavedResponse:
    question_id: str
    response: Any
    saved_at: datetime
    checked: bool
    fraction: float | None
    points: float | None
    max_points: float


def effective_pass_mark(quiz: Quiz, default: float) -> float:
    return quiz.pass_mark if quiz.pass_mark is not None else default


# --- quiz versions -------------------------------------------------------------------

_definitions: dict[tuple[str, str], Quiz] = {}


def remember_version(connection: Connection, loaded: LoadedQuiz, now: datetime) -> None:
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


def definition(connection: Connection, quiz_id: str, version: str) -> Quiz:
    """The quiz exactly as it was when an attempt started (versions never change)."""
    key = (quiz_id, version)
    if key not in _definitions:
        stored = connection.execute(
            select(quiz_versions.c.definition).where(
                quiz_versions.c.quiz_id == quiz_id, quiz_versions.c.version == version
            )
        ).scalar_one()
        if len(_definitions) > 512:
            _definitions.clear()
        _definitions[key] = Quiz.model_validate(stored)
    return _definitions[key]


# --- reading ----------------------------------------------------------------------------


def _attempt(row) -> Attempt:
    return Attempt(**row._mapping)


def get(engine: Engine, attempt_id: int) -> Attempt | None:
    with engine.connect() as connection:
        row = connection.execute(select(attempts).where(attempts.c.id == attempt_id)).first()
    return _attempt(row) if row else None


def for_user(engine: Engine, user_id: int, quiz_id: str | None = None) -> list[Attempt]:
    """The trainee's attempts, with any whose time ran out handed in at their deadline."""
    finalise_all_overdue(engine, [user_id])
    query = select(attempts).where(attempts.c.user_id == user_id)
    if quiz_id is not None:
        query = query.where(attempts.c.quiz_id == quiz_id)
    with engine.connect() as connection:
        rows = connection.execute(query.order_by(attempts.c.quiz_id, attempts.c.number)).all()
    return [_attempt(row) for row in rows]


def open_attempt(engine: Engine, user_id: int, quiz_id: str) -> Attempt | None:
    with engine.connect() as connection:
        return _open(connection, user_id, quiz_id)


def _open(connection: Connection, user_id: int, quiz_id: str) -> Attempt | None:
    row = connection.execute(
        select(attempts).where(
            attempts.c.user_id == user_id,
            attempts.c.quiz_id == quiz_id,
            attempts.c.state == "in_progress",
        )
    ).first()
    return _attempt(row) if row else None


def saved_responses(engine: Engine, attempt_id: int) -> dict[str, SavedResponse]:
    with engine.connect() as connection:
        return _saved(connection, attempt_id)


def _saved(connection: Connection, attempt_id: int) -> dict[str, SavedResponse]:
    rows = connection.execute(
        select(
            responses.c.question_id,
            responses.c.response,
            responses.c.saved_at,
            responses.c.checked,
            responses.c.fraction,
            responses.c.points,
            responses.c.max_points,
        ).where(responses.c.attempt_id == attempt_id)
    ).all()
    return {row.question_id: SavedResponse(**row._mapping) for row in rows}


def quiz_of(engine: Engine, attempt: Attempt) -> Quiz:
    with engine.connect() as connection:
        return definition(connection, attempt.quiz_id, attempt.quiz_version)


# --- the lifecycle ----------------------------------------------------------------------


def start_or_resume(
    engine: Engine,
    user_id: int,
    loaded: LoadedQuiz,
    pass_mark: float,
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> Attempt:
    """The open attempt at this quiz, or a new one if the attempt limit allows."""
    now = now or clock.now()
    finalise_overdue(engine, user_id, loaded.id, now)
    quiz = loaded.quiz
    try:
        with transaction(engine) as connection:
            existing = _open(connection, user_id, quiz.id)
            if existing is not None:
                return existing
            used, last = connection.execute(
                select(func.count(), func.max(attempts.c.number)).where(
                    attempts.c.user_id == user_id, attempts.c.quiz_id == quiz.id
                )
            ).one()
            limit = quiz.attempt_limit
            if limit is not None and used >= limit:
                raise NoAttemptsLeft(
                    f"You have used all {limit} attempt{'s' if limit != 1 else ''} at this quiz."
                )
            remember_version(connection, loaded, now)
            layout = build_layout(quiz, rng)
            shown = set(leaf_ids(layout))
            # The trainee's extra time, if an instructor granted any, counts from the start.
            allowed = time_extensions.time_limit(
                quiz.time_limit_minutes, time_extensions.extra_percent(connection, user_id)
            )
            values = {
                "user_id": user_id,
                "quiz_id": quiz.id,
                "quiz_version": loaded.version,
                "number": (last or 0) + 1,
                "layout": layout,
                "state": "in_progress",
                "started_at": now,
                "deadline_at": None if allowed is None else now + allowed,
                "max_points": sum(q.points for _, q in quiz.leaves() if q.id in shown),
                "pass_mark": pass_mark,
                "timed_out": False,
            }
            new_id = connection.execute(
                attempts.insert().values(values).returning(attempts.c.id)
            ).scalar_one()
            return Attempt(
                id=new_id, submitted_at=None, points=None, percent=None, passed=None, **values
            )
    except IntegrityError:
        # Another tab started one at the same moment: resume that one.
        resumed = open_attempt(engine, user_id, quiz.id)
        if resumed is None:
            raise
        return resumed


def finalise_overdue(
    engine: Engine, user_id: int, quiz_id: str, now: datetime | None = None
) -> Attempt | None:
    """Submit an open attempt whose time ran out; returns it if there was one."""
    now = now or clock.now()
    attempt = open_attempt(engine, user_id, quiz_id)
    if attempt is None or not attempt.overdue(now):
        return None
    return submit(engine, attempt.id, user_id, now)


def finalise_all_overdue(
    engine: Engine, user_ids: list[int] | None = None, now: datetime | None = None
) -> list[Attempt]:
    """Submit every open attempt whose time ran out (of these trainees, or of everyone),
    so a reader of grades sees them as handed in at their deadlines."""
    now = now or clock.now()
    query = select(attempts.c.id, attempts.c.user_id).where(
        attempts.c.state == "in_progress",
        attempts.c.deadline_at.is_not(None),
        attempts.c.deadline_at < now - GRACE,
    )
    if user_ids is not None:
        query = query.where(attempts.c.user_id.in_(user_ids))
    with engine.connect() as connection:
        overdue = connection.execute(query).all()
    return [submit(engine, attempt_id, user_id, now) for attempt_id, user_id in overdue]


def _guard(connection: Connection, attempt_id: int, user_id: int, now: datetime) -> Attempt:
    row = connection.execute(
        select(attempts)
        .where(attempts.c.id == attempt_id, attempts.c.user_id == user_id)
        .with_for_update()
    ).first()
    if row is None:
        raise AttemptError("This attempt does not exist or is not yours.")
    attempt = _attempt(row)
    if not attempt.is_open:
        raise AttemptClosed(
            "This attempt has already been submitted, perhaps in another tab; "
            "your answers were kept and the result is shown below."
        )
    if attempt.overdue(now):
        raise TimeUp(
            "Time is up: answers given after the deadline are not counted. "
            "Your answers saved before it have been kept."
        )
    return attempt


def save(
    engine: Engine,
    attempt_id: int,
    user_id: int,
    question_id: str,
    response: Any,
    now: datetime | None = None,
) -> None:
    """Save (or replace) the answer to one question of an open attempt."""
    save_many(engine, attempt_id, user_id, {question_id: response}, now)


def save_many(
    engine: Engine,
    attempt_id: int,
    user_id: int,
    answers: dict[str, Any],
    now: datetime | None = None,
) -> None:
    """Save several answers of an open attempt in one transaction."""
    now = now or clock.now()
    with transaction(engine) as connection:
        attempt = _guard(connection, attempt_id, user_id, now)
        unknown = set(answers) - set(leaf_ids(attempt.layout))
        if unknown:
            raise AttemptError(f"Question '{sorted(unknown)[0]}' is not part of this attempt.")
        if not answers:
            return
        locked = connection.execute(
            select(responses.c.question_id).where(
                responses.c.attempt_id == attempt_id,
                responses.c.question_id.in_(list(answers)),
                responses.c.checked.is_(True),
            )
        ).first()
        if locked is not None:
            raise AlreadyChecked("You have already checked this answer; it can no longer change.")
        quiz = definition(connection, attempt.quiz_id, attempt.quiz_version)
        upsert(
            connection,
            responses,
            [
                {
                    "attempt_id": attempt_id,
                    "question_id": question_id,
                    "response": response,
                    "saved_at": now,
                    "checked": False,
                    "max_points": quiz.leaf(question_id).points,
                }
                for question_id, response in answers.items()
            ],
            keys=["attempt_id", "question_id"],
            update=["response", "saved_at"],
        )


def check(
    engine: Engine, attempt_id: int, user_id: int, question_id: str, now: datetime | None = None
) -> Outcome:
    """Score one saved answer now and lock it (quizzes with feedback after each question)."""
    now = now or clock.now()
    with transaction(engine) as connection:
        attempt = _guard(connection, attempt_id, user_id, now)
        question = definition(connection, attempt.quiz_id, attempt.quiz_version).leaf(question_id)
        saved = _saved(connection, attempt_id).get(question_id)
        if saved is None or saved.response is None:
            raise AttemptError("Answer the question before checking it.")
        if saved.checked:
            raise AlreadyChecked("You have already checked this answer.")
        outcome = score(question, saved.response)
        connection.execute(
            update(responses)
            .where(responses.c.attempt_id == attempt_id, responses.c.question_id == question_id)
            .values(checked=True, fraction=outcome.fraction, points=outcome.points(question))
        )
    return outcome


class _AlreadySubmitted(Exception):
    pass


def submit(engine: Engine, attempt_id: int, user_id: int, now: datetime | None = None) -> Attempt:
    """Score and close an attempt in one transaction. Submitting again changes nothing."""
    now = now or clock.now()
    try:
        with transaction(engine) as connection:
            row = connection.execute(
                select(attempts)
                .where(attempts.c.id == attempt_id, attempts.c.user_id == user_id)
                .with_for_update()
            ).first()
            if row is None:
                raise AttemptError("This attempt does not exist or is not yours.")
            attempt = _attempt(row)
            if not attempt.is_open:
                return attempt
            quiz = definition(connection, attempt.quiz_id, attempt.quiz_version)
            saved = _saved(connection, attempt_id)
            rows, total = [], 0.0
            for question_id in leaf_ids(attempt.layout):
                question = quiz.leaf(question_id)
                previous = saved.get(question_id)
                answer = previous.response if previous else None
                if previous is not None and previous.checked and previous.fraction is not None:
                    fraction = previous.fraction
                else:
                    fraction = score(question, answer).fraction
                points = fraction * question.points
                total += points
                rows.append(
                    {
                        "attempt_id": attempt_id,
                        "question_id": question_id,
                        "response": answer,
                        "saved_at": previous.saved_at if previous else now,
                        "checked": previous.checked if previous else False,
                        "fraction": fraction,
                        "points": points,
                        "max_points": question.points,
                    }
                )
            if rows:
                upsert(
                    connection,
                    responses,
                    rows,
                    keys=["attempt_id", "question_id"],
                    update=["fraction", "points", "max_points"],
                )
            percent = 100.0 * total / attempt.max_points if attempt.max_points else 0.0
            # An attempt finalised after its time ran out was handed in at its deadline,
            # whenever it is next seen; the visit that noticed it is not the hand-in time.
            handed_in = attempt.deadline_at if attempt.overdue(now) else now
            result = connection.execute(
                update(attempts)
                .where(attempts.c.id == attempt_id, attempts.c.state == "in_progress")
                .values(
                    state="submitted",
                    submitted_at=handed_in,
                    points=total,
                    percent=percent,
                    passed=percent + 1e-9 >= attempt.pass_mark,
                    timed_out=attempt.overdue(now),
                )
            )
            if result.rowcount != 1:
                raise _AlreadySubmitted
            passed_ever = connection.execute(
                select(func.count())
                .select_from(attempts)
                .where(
                    attempts.c.user_id == user_id,
                    attempts.c.quiz_id == attempt.quiz_id,
                    attempts.c.passed.is_(True),
                )
            ).scalar_one()
            # A card shows the right answer: none while the quiz's review policy hides it.
            if review_cards.reveals(quiz.review, passed_ever > 0):
                review_all = settings.review_all_questions(connection)
                review_cards.add_cards(
                    connection,
                    user_id,
                    attempt.quiz_id,
                    [
                        row["question_id"]
                        for row in rows
                        if review_all or row["fraction"] < 1 - 1e-9
                    ],
                    handed_in,
                )
    except _AlreadySubmitted:
        pass
    submitted = get(engine, attempt_id)
    assert submitted is not None
    return submitted


# --- grades -------------------------------------------------------------------------------


def grade(attempt_list: list[Attempt], method: str) -> float | None:
    """The quiz grade (percent) from submitted attempts, by the quiz's grading method."""
    done = sorted(
        (a for a in attempt_list if a.state == "submitted" and a.percent is not None),
        key=lambda a: a.number,
    )
    if not done:
        return None
    if method == "highest":
        return max(a.percent for a in done)
    if method == "latest":
        return done[-1].percent
    if method == "first":
        return done[0].percent
    if method == "average":
        return fmean(a.percent for a in done)
    raise ValueError(f"unknown grading method {method!r}")


def recorded_versions(engine: Engine, quiz_ids: list[str]) -> dict[str, set[str]]:
    """The versions of these quizzes that attempts have used, by quiz id."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(attempts.c.quiz_id, attempts.c.quiz_version)
            .where(attempts.c.quiz_id.in_(quiz_ids))
            .distinct()
        ).all()
    found: dict[str, set[str]] = {}
    for quiz_id, version in rows:
        found.setdefault(quiz_id, set()).add(version)
    return found
