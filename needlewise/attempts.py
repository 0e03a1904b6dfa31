"""The life of a quiz attempt: start or resume, save answers as they come, submit once.

Every rule that protects a trainee's work is enforced here, on the server, not in the
page: one open attempt per quiz (a second tab or a reload resumes it), answers saved one
at a time, nothing accepted after the deadline, and a second submit returns the first
result instead of recording another. The rules themselves (draw, deadline, marking) are
in ``attempt_rules``, shared with the instructor's preview.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, func, select, update
from sqlalchemy.exc import IntegrityError

from . import clock, mastery, review_cards, settings, time_extensions

# The attempt's types and errors stay importable from here (the aliases mark re-exports).
from .attempt_rules import GRACE as GRACE
from .attempt_rules import AlreadyChecked as AlreadyChecked
from .attempt_rules import Attempt as Attempt
from .attempt_rules import AttemptClosed as AttemptClosed
from .attempt_rules import AttemptError as AttemptError
from .attempt_rules import NoAttemptsLeft as NoAttemptsLeft
from .attempt_rules import SavedResponse as SavedResponse
from .attempt_rules import TimeUp as TimeUp
from .attempt_rules import (
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
from .grading import full_marks
from .quiz.answered import as_kept
from .quiz.loading import LoadedQuiz
from .quiz.schema import LeafQuestion
from .quiz.scoring import Outcome
from .quiz_versions import definition, remember_version
from .store.engine import transaction
from .store.schema import attempt_objectives, attempts, responses, users
from .store.upsert import upsert

# --- reading ----------------------------------------------------------------------------


def _attempt(row) -> Attempt:
    return Attempt(**row._mapping)


def get(engine: Engine, attempt_id: int) -> Attempt | None:
    with engine.connect() as connection:
        row = connection.execute(select(attempts).where(attempts.c.id == attempt_id)).first()
    return _attempt(row) if row else None


def for_user(engine: Engine, user_id: int, quiz_id: str | None = None) -> list[Attempt]:
    """The trainee's attempts, with any whose time ran out handed in at their deadline."""
    now = clock.now()
    # One query finds both the attempts and those whose time ran out (every page switch
    # that shows a trainee's progress makes it).
    query = select(attempts).where(attempts.c.user_id == user_id)
    with engine.connect() as connection:
        rows = connection.execute(query.order_by(attempts.c.quiz_id, attempts.c.number)).all()
    found = [_attempt(row) for row in rows]
    found = [
        submit(engine, a.id, user_id, now) if a.is_open and a.overdue(now) else a for a in found
    ]
    return [a for a in found if quiz_id is None or a.quiz_id == quiz_id]


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


# Statements that run on every save and submit are built once: building one costs more
# than running it. Their values go as parameters.
_SAVED = select(
    responses.c.question_id,
    responses.c.response,
    responses.c.saved_at,
    responses.c.checked,
    responses.c.fraction,
    responses.c.points,
    responses.c.max_points,
).where(responses.c.attempt_id == bindparam("attempt_id"))
_CHECKED_AMONG = select(responses.c.question_id).where(
    responses.c.attempt_id == bindparam("attempt_id"),
    responses.c.question_id.in_(bindparam("question_ids", expanding=True)),
    responses.c.checked.is_(True),
)
_LOCKED_ATTEMPT = (
    select(attempts)
    .where(attempts.c.id == bindparam("attempt_id"), attempts.c.user_id == bindparam("user_id"))
    .with_for_update()
)
_CLOSE = update(attempts).where(
    attempts.c.id == bindparam("attempt_id"), attempts.c.state == "in_progress"
)
_OBJECTIVES = attempt_objectives.insert()
_EARLIER = attempts.alias("earlier")
# Submit's first statement: the attempt, whether the trainee passed this quiz before and
# the daily-review setting, with the attempt's row and the trainee's locked for the rest of
# the transaction. The trainee's lock makes two submits of one trainee at once (two tabs)
# refresh the marks per objective one after the other. One statement rather than four:
# on PostgreSQL each is a round trip.
_SUBMITTING = (
    select(
        attempts,
        select(func.count())
        .where(
            _EARLIER.c.user_id == attempts.c.user_id,
            _EARLIER.c.quiz_id == attempts.c.quiz_id,
            _EARLIER.c.passed.is_(True),
        )
        .scalar_subquery()
        .label("passed_before"),
        settings.REVIEW_ALL.label("review_all"),
    )
    .join(users, users.c.id == attempts.c.user_id)
    .where(attempts.c.id == bindparam("attempt_id"), attempts.c.user_id == bindparam("user_id"))
    .with_for_update(of=[attempts, users])
)


def _saved(connection: Connection, attempt_id: int) -> dict[str, SavedResponse]:
    rows = connection.execute(_SAVED, {"attempt_id": attempt_id}).all()
    return {row.question_id: SavedResponse(**row._mapping) for row in rows}


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
            refusal = no_attempts_left(quiz.attempt_limit, used)
            if refusal is not None:
                raise refusal
            remember_version(connection, loaded, now)
            values = opening(
                quiz,
                user_id,
                loaded.version,
                (last or 0) + 1,
                pass_mark,
                time_extensions.extra_percent(connection, user_id),
                now,
                rng,
            )
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
    return hand_in_if_overdue(engine, open_attempt(engine, user_id, quiz_id), now)


def hand_in_if_overdue(
    engine: Engine, attempt: Attempt | None, now: datetime | None = None
) -> Attempt | None:
    """Submit ``attempt`` (an open one, already read) if its time ran out; returns it then."""
    now = now or clock.now()
    if attempt is None or not attempt.overdue(now):
        return None
    return submit(engine, attempt.id, attempt.user_id, now)


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
    attempt = _locked(connection, attempt_id, user_id)
    ensure_open(attempt, now)
    return attempt


def _locked(connection: Connection, attempt_id: int, user_id: int) -> Attempt:
    """The attempt, locked for the rest of the transaction, if it is this trainee's."""
    row = connection.execute(
        _LOCKED_ATTEMPT, {"attempt_id": attempt_id, "user_id": user_id}
    ).first()
    if row is None:
        raise AttemptError("This attempt does not exist or is not yours.")
    return _attempt(row)


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
    """Save several answers of an open attempt in one transaction; an answer that gives
    nothing (every box unticked) is kept as no answer."""
    now = now or clock.now()
    with transaction(engine) as connection:
        attempt = _guard(connection, attempt_id, user_id, now)
        ensure_in_layout(attempt.layout, answers)
        if not answers:
            return
        locked = connection.execute(
            _CHECKED_AMONG, {"attempt_id": attempt_id, "question_ids": list(answers)}
        ).first()
        refuse_checked(locked is not None)
        quiz = definition(connection, attempt.quiz_id, attempt.quiz_version)
        upsert(
            connection,
            responses,
            [
                {
                    "attempt_id": attempt_id,
                    "question_id": question_id,
                    "response": as_kept(response),
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
        outcome = check_outcome(question, _saved(connection, attempt_id).get(question_id))
        connection.execute(
            update(responses)
            .where(responses.c.attempt_id == attempt_id, responses.c.question_id == question_id)
            .values(checked=True, fraction=outcome.fraction, points=outcome.points(question))
        )
    return outcome


def objective_totals(
    questions: dict[str, LeafQuestion], rows: list[dict[str, Any]]
) -> dict[str, tuple[float, float]]:
    """Points earned and possible per learning objective over an attempt's scored answers;
    a question about two objectives counts for both."""
    totals: dict[str, tuple[float, float]] = {}
    for row in rows:
        for objective in questions[row["question_id"]].objectives:
            earned, possible = totals.get(objective, (0.0, 0.0))
            totals[objective] = (earned + row["points"], possible + row["max_points"])
    return totals


def record_marks(
    connection: Connection,
    attempt_id: int,
    questions: dict[str, LeafQuestion],
    rows: list[dict[str, Any]],
) -> None:
    """Write an attempt's scored answers (one row per question it showed) and its marks per
    learning objective, inside the caller's transaction: submit writes them once, a regrade
    again (after clearing the attempt's marks per objective). The trainee's own marks per
    objective are the caller's to refresh (``mastery.refresh``) once this is written."""
    if rows:
        upsert(
            connection,
            responses,
            rows,
            keys=["attempt_id", "question_id"],
            update=["fraction", "points", "max_points"],
        )
    totals = objective_totals(questions, rows)
    if totals:
        connection.execute(
            _OBJECTIVES,
            [
                {"attempt_id": attempt_id, "objective": o, "earned": e, "possible": p}
                for o, (e, p) in totals.items()
            ],
        )


class _AlreadySubmitted(Exception):
    pass


def submit(engine: Engine, attempt_id: int, user_id: int, now: datetime | None = None) -> Attempt:
    """Score and close an attempt in one transaction. Submitting again changes nothing."""
    now = now or clock.now()
    try:
        with transaction(engine) as connection:
            row = connection.execute(
                _SUBMITTING, {"attempt_id": attempt_id, "user_id": user_id}
            ).first()
            if row is None:
                raise AttemptError("This attempt does not exist or is not yours.")
            found = dict(row._mapping)
            passed_before, review_setting = found.pop("passed_before"), found.pop("review_all")
            attempt = Attempt(**found)
            if not attempt.is_open:
                return attempt
            quiz = definition(connection, attempt.quiz_id, attempt.quiz_version)
            questions = {q.id: q for _, q in quiz.leaves()}
            marked, total = marked_responses(
                quiz, attempt.layout, _saved(connection, attempt_id), now
            )
            rows = [{"attempt_id": attempt_id, **row} for row in marked]
            values = closing(attempt, total, now, section_result(quiz.must_pass, questions, rows))
            closed = replace(attempt, **values)
            handed_in = values["submitted_at"]
            result = connection.execute(_CLOSE, {"attempt_id": attempt_id, **values})
            if result.rowcount != 1:
                raise _AlreadySubmitted
            record_marks(connection, attempt_id, questions, rows)
            # This attempt is now the one that counts for mastery at this quiz.
            mastery.refresh(connection, user_id)
            # A card shows the right answer: none while the quiz's review policy hides it.
            if review_cards.reveals(quiz.review, bool(closed.passed) or passed_before > 0):
                review_all = settings.review_all(review_setting)
                review_cards.add_cards(
                    connection,
                    user_id,
                    attempt.quiz_id,
                    [
                        row["question_id"]
                        for row in rows
                        if review_all or not full_marks(row["fraction"])
                    ],
                    handed_in,
                )
        return closed
    except _AlreadySubmitted:
        pass
    submitted = get(engine, attempt_id)
    assert submitted is not None
    return submitted


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


def submitted_counts(engine: Engine) -> dict[str, int]:
    """How many attempts have been submitted at each quiz, by quiz id."""
    with engine.connect() as connection:
        return dict(
            connection.execute(
                select(attempts.c.quiz_id, func.count())
                .where(attempts.c.state == "submitted")
                .group_by(attempts.c.quiz_id)
            ).all()
        )
