"""Angoff ratings and adopted pass marks in the database (the arithmetic is in
``standard_setting``).

An adopted pass mark is stored with the quiz version it was set on and never changed; a
new adoption adds a row. An attempt takes its pass mark when it starts, so attempts
started before an adoption keep the pass mark they started with, and attempts started
after it use the adopted one. Quizzes without an adoption keep their flat pass mark.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, and_, delete, select

from . import audit, clock, grading
from .accounts import User
from .acting import ADMINISTERING, require
from .attempts import Attempt
from .errors import UserError
from .grading import grade_attempts
from .quiz.loading import LoadedQuiz
from .quiz.schema import Quiz
from .quiz.scoring import correct_response, describe
from .standard_setting import AngoffResult, angoff
from .store.engine import reading
from .store.schema import adopted_pass_marks, angoff_ratings, attempts, users
from .store.upsert import upsert


class StandardSettingError(UserError):
    """A rating or an adoption cannot be accepted; the message says why."""


@dataclass(frozen=True)
class Adopted:
    quiz_id: str
    quiz_version: str
    pass_mark: float
    adopted_by: str
    adopted_at: datetime


@dataclass(frozen=True)
class ItemToRate:
    question_id: str
    case_title: str | None
    prompt: str
    key: str
    points: float


def items_to_rate(quiz: Quiz) -> list[ItemToRate]:
    """The final's items as a rater sees them: the stem, its key and its points."""
    return [
        ItemToRate(
            question.id,
            None if case is None else (case.title or case.id),
            question.prompt,
            describe(question, correct_response(question)),
            question.points,
        )
        for case, question in quiz.leaves()
    ]


def item_points(quiz: Quiz) -> dict[str, float]:
    """Every item a rater rates, with its points (the weights of the cut score)."""
    return {q.id: q.points for _, q in quiz.leaves()}


def save_ratings(
    engine: Engine,
    loaded: LoadedQuiz,
    rater: User,
    ratings: dict[str, float],
    now: datetime | None = None,
) -> None:
    """Store (or replace) one rater's ratings for items of the quiz, all or none.

    The panel is the instructors: an administrator who does not teach adopts the cut
    score but does not rate.
    """
    require(rater, ("instructor",), "rate items for standard setting")
    known = item_points(loaded.quiz)
    for question_id, value in ratings.items():
        if question_id not in known:
            raise StandardSettingError(f"'{question_id}' is not an item of {loaded.id}")
        if not 0 <= value <= 100:
            raise StandardSettingError(
                f"the rating for '{question_id}' is {value:g}; give a percent from 0 to 100"
            )
    if not ratings:
        return
    now = now or clock.now()
    rows = [
        {
            "quiz_id": loaded.id,
            "rater_id": rater.id,
            "question_id": question_id,
            "rating": float(value),
            "quiz_version": loaded.version,
            "rated_at": now,
        }
        for question_id, value in ratings.items()
    ]
    with engine.begin() as connection:
        upsert(
            connection,
            angoff_ratings,
            rows,
            keys=["quiz_id", "rater_id", "question_id"],
            update=["rating", "quiz_version", "rated_at"],
        )


def clear_rating(engine: Engine, loaded: LoadedQuiz, rater: User, question_id: str) -> None:
    """Take back one rater's rating of an item: the item is theirs to rate again, and until
    then they are not counted in the panel's cut score."""
    require(rater, ("instructor",), "rate items for standard setting")
    mine = angoff_ratings.c
    with engine.begin() as connection:
        connection.execute(
            delete(angoff_ratings).where(
                mine.quiz_id == loaded.id,
                mine.rater_id == rater.id,
                mine.question_id == question_id,
            )
        )


def ratings(engine: Engine, quiz_id: str) -> dict[str, dict[str, float]]:
    """Every rater's ratings for a quiz, by the rater's username."""
    query = (
        select(users.c.username, angoff_ratings.c.question_id, angoff_ratings.c.rating)
        .join(users, users.c.id == angoff_ratings.c.rater_id)
        .where(angoff_ratings.c.quiz_id == quiz_id)
    )
    found: dict[str, dict[str, float]] = defaultdict(dict)
    with engine.connect() as connection:
        for username, question_id, rating in connection.execute(query):
            found[username][question_id] = rating
    return dict(found)


def result(engine: Engine, quiz: Quiz) -> AngoffResult:
    """The panel's result over the quiz's current items."""
    return angoff(ratings(engine, quiz.id), item_points(quiz))


def cohort_attempts(engine: Engine, quiz: Quiz) -> list[list[Attempt]]:
    """Each trainee's submitted attempts at the quiz, one list per trainee who has any."""
    query = select(attempts).where(attempts.c.quiz_id == quiz.id, attempts.c.state == "submitted")
    by_user: dict[int, list[Attempt]] = defaultdict(list)
    with engine.connect() as connection:
        for row in connection.execute(query):
            by_user[row.user_id].append(Attempt(**row._mapping))
    return list(by_user.values())


def cohort_grades(engine: Engine, quiz: Quiz) -> list[float]:
    """Each trainee's kept grade on the quiz, by its grading method."""
    grades = [grade_attempts(found, quiz.grading) for found in cohort_attempts(engine, quiz)]
    return [g for g in grades if g is not None]


def pass_rate(cohort: list[list[Attempt]], quiz: Quiz, mark: float) -> float | None:
    """Percent of the trainees of ``cohort`` (``cohort_attempts``) who would have passed
    the quiz at the pass mark ``mark``, its must-pass section included; None with none."""
    if not cohort:
        return None
    section = quiz.must_pass.pass_mark if quiz.must_pass else None
    passing = sum(grading.quiz_passed(found, quiz.grading, mark, section) for found in cohort)
    return 100.0 * passing / len(cohort)


def adopt(engine: Engine, loaded: LoadedQuiz, actor: User, now: datetime | None = None) -> Adopted:
    """Make the panel's current cut score the quiz's pass mark; audited."""
    require(actor, ADMINISTERING, "adopt a pass mark")
    panel = result(engine, loaded.quiz)
    if panel.cut is None:
        raise StandardSettingError(
            "no rater has rated every item yet, so there is no cut score to adopt"
        )
    pass_mark = round(panel.cut, 1)
    now = now or clock.now()
    with engine.begin() as connection:
        connection.execute(
            adopted_pass_marks.insert().values(
                quiz_id=loaded.id,
                quiz_version=loaded.version,
                pass_mark=pass_mark,
                method="angoff",
                detail={
                    "cut": panel.cut,
                    "sd": panel.sd,
                    "low": panel.low,
                    "high": panel.high,
                    "raters": [asdict(r) for r in panel.counted],
                },
                adopted_by=actor.id,
                adopted_at=now,
            )
        )
        audit.record(
            connection,
            "pass_mark_adopted",
            actor=actor.username,
            target=loaded.id,
            detail=(
                f"pass mark {pass_mark:g}% by Angoff ({len(panel.counted)} raters), "
                f"quiz version {loaded.version[:12]}"
            ),
            now=now,
        )
    return Adopted(loaded.id, loaded.version, pass_mark, actor.username, now)


def adopted(engine: Engine, quiz_id: str, at: datetime | None = None) -> Adopted | None:
    """The pass mark adopted last for a quiz (as of ``at``), or None."""
    condition = adopted_pass_marks.c.quiz_id == quiz_id
    if at is not None:
        condition = and_(condition, adopted_pass_marks.c.adopted_at <= at)
    query = (
        select(adopted_pass_marks, users.c.username)
        .join(users, users.c.id == adopted_pass_marks.c.adopted_by)
        .where(condition)
        .order_by(adopted_pass_marks.c.adopted_at.desc(), adopted_pass_marks.c.id.desc())
        .limit(1)
    )
    with engine.connect() as connection:
        row = connection.execute(query).first()
    if row is None:
        return None
    return Adopted(row.quiz_id, row.quiz_version, row.pass_mark, row.username, row.adopted_at)


def current_pass_marks(source: Engine | Connection) -> dict[str, float]:
    """The latest adopted pass mark of every quiz that has one."""
    query = select(adopted_pass_marks.c.quiz_id, adopted_pass_marks.c.pass_mark).order_by(
        adopted_pass_marks.c.adopted_at, adopted_pass_marks.c.id
    )
    with reading(source) as connection:
        return dict(connection.execute(query).all())


def pass_mark_for(engine: Engine, quiz: Quiz, default: float) -> float:
    """The pass mark an attempt starting now gets: adopted, else the quiz's flat one."""
    found = adopted(engine, quiz.id)
    return grading.pass_mark(quiz, default, None if found is None else found.pass_mark)
