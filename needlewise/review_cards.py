"""Daily review (spaced repetition with FSRS): every question a trainee got wrong comes back
until they know it. The scheduler state of each card is kept per trainee in the database.

A card shows whether the answer was right and the question's explanation, so it must never
show more than its quiz's review policy: no card is made, and none is offered, while the
policy hides the answers from this trainee (a final assessment with ``review:
after_passing`` that they have not passed yet, or ``review: never``)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from fsrs import Card, Rating, Scheduler
from sqlalchemy import Connection, Engine, func, select, update

from . import clock
from .display import local
from .errors import ReviewError
from .grading import full_marks
from .quiz.loading import LoadedQuiz
from .quiz.schema import Review
from .store.engine import transaction
from .store.schema import attempts, review_cards, review_log
from .store.upsert import upsert

# No sub-day learning steps: the page promises reviews spaced over days and weeks, so the
# first interval after any answer is at least a day (FSRS's defaults bring a new card back
# after 1 to 10 minutes).
SCHEDULER = Scheduler(learning_steps=(), relearning_steps=())


@dataclass(frozen=True)
class DueCard:
    question_id: str
    quiz_id: str
    due: datetime


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def reveals(review: Review, passed: bool) -> bool:
    """Whether a quiz's review policy shows this trainee which answers were right."""
    if review.when == "never" or (review.when == "after_passing" and not passed):
        return False
    return review.marks and review.correct_answers


def hidden_quizzes(engine: Engine, user_id: int, quizzes: Mapping[str, LoadedQuiz]) -> set[str]:
    """Quizzes whose cards this trainee may not review now, by their review policy."""
    with engine.connect() as connection:
        passed = set(
            connection.execute(
                select(attempts.c.quiz_id)
                .where(attempts.c.user_id == user_id, attempts.c.passed.is_(True))
                .distinct()
            ).scalars()
        )
    return {
        quiz_id
        for quiz_id, loaded in quizzes.items()
        if not reveals(loaded.quiz.review, quiz_id in passed)
    }


def add_cards(
    connection: Connection, user_id: int, quiz_id: str, question_ids: list[str], now: datetime
) -> None:
    """Make each question a card due now; one already scheduled becomes due again."""
    if not question_ids:
        return
    # Three statements whatever the number of questions: this runs inside submit.
    existing = set(
        connection.execute(
            select(review_cards.c.question_id).where(
                review_cards.c.user_id == user_id, review_cards.c.question_id.in_(question_ids)
            )
        ).scalars()
    )
    card = Card(due=_aware(now)).to_dict()
    new = [
        {
            "user_id": user_id,
            "question_id": question_id,
            "quiz_id": quiz_id,
            "card": card,
            "due": now,
            "updated_at": now,
        }
        for question_id in dict.fromkeys(question_ids)
        if question_id not in existing
    ]
    if new:
        upsert(connection, review_cards, new, keys=["user_id", "question_id"])
    if existing:
        connection.execute(
            update(review_cards)
            .where(
                review_cards.c.user_id == user_id,
                review_cards.c.question_id.in_(existing),
                review_cards.c.due > now,
            )
            .values(due=now, updated_at=now)
        )


def due(
    engine: Engine, user_id: int, now: datetime | None = None, hidden: Collection[str] = ()
) -> list[DueCard]:
    """Cards due now, leaving out those of the ``hidden`` quizzes (see ``hidden_quizzes``)."""
    now = now or clock.now()
    with engine.connect() as connection:
        rows = connection.execute(
            select(review_cards.c.question_id, review_cards.c.quiz_id, review_cards.c.due)
            .where(
                review_cards.c.user_id == user_id,
                review_cards.c.due <= now,
                review_cards.c.quiz_id.not_in(list(hidden)),
            )
            .order_by(review_cards.c.due, review_cards.c.question_id)
        ).all()
    return [DueCard(*row) for row in rows]


def due_count(
    engine: Engine, user_id: int, now: datetime | None = None, hidden: Collection[str] = ()
) -> int:
    now = now or clock.now()
    with engine.connect() as connection:
        return connection.execute(
            select(func.count())
            .select_from(review_cards)
            .where(
                review_cards.c.user_id == user_id,
                review_cards.c.due <= now,
                review_cards.c.quiz_id.not_in(list(hidden)),
            )
        ).scalar_one()


def coming(
    engine: Engine, user_id: int, now: datetime | None = None, hidden: Collection[str] = ()
) -> tuple[int, datetime | None]:
    """How many cards are waiting for a later day, and when the first of them is due."""
    now = now or clock.now()
    with engine.connect() as connection:
        count, first = connection.execute(
            select(func.count(), func.min(review_cards.c.due)).where(
                review_cards.c.user_id == user_id,
                review_cards.c.due > now,
                review_cards.c.quiz_id.not_in(list(hidden)),
            )
        ).one()
    return count, first


def next_due(engine: Engine, user_id: int, question_id: str) -> datetime | None:
    with engine.connect() as connection:
        return connection.execute(
            select(review_cards.c.due).where(
                review_cards.c.user_id == user_id, review_cards.c.question_id == question_id
            )
        ).scalar()


def rating_for(fraction: float) -> Rating:
    if full_marks(fraction):
        return Rating.Good
    return Rating.Hard if fraction > 0 else Rating.Again


def answer(
    engine: Engine, user_id: int, question_id: str, fraction: float, now: datetime | None = None
) -> datetime:
    """Record a review and schedule the card's next one; returns when it is next due."""
    now = now or clock.now()
    rating = rating_for(fraction)
    with transaction(engine) as connection:
        stored = connection.execute(
            select(review_cards.c.card).where(
                review_cards.c.user_id == user_id, review_cards.c.question_id == question_id
            )
        ).scalar()
        if stored is None:
            raise ReviewError(
                "This question is no longer among your reviews; open Daily review again."
            )
        card, _ = SCHEDULER.review_card(Card.from_dict(stored), rating, review_datetime=_aware(now))
        next_time = _naive(card.due)
        connection.execute(
            update(review_cards)
            .where(review_cards.c.user_id == user_id, review_cards.c.question_id == question_id)
            .values(card=card.to_dict(), due=next_time, updated_at=now)
        )
        connection.execute(
            review_log.insert().values(
                user_id=user_id,
                question_id=question_id,
                rating=int(rating),
                correct=full_marks(fraction),
                reviewed_at=now,
            )
        )
    return next_time


def describe_next(due_at: datetime, zone_name: str | None, now: datetime | None = None) -> str:
    """When a card comes back: the clinic's day (in ``zone_name``) and how many days away,
    as the page promises spacing in days."""
    due = local(due_at, zone_name)
    days = max(1, (due.date() - local(now or clock.now(), zone_name).date()).days)
    return f"in {days} day{'s' if days != 1 else ''} ({due:%d %B %Y})"


def retire(engine: Engine, user_id: int, question_id: str) -> None:
    """Drop a card whose question no longer exists in the course."""
    with transaction(engine) as connection:
        connection.execute(
            review_cards.delete().where(
                review_cards.c.user_id == user_id, review_cards.c.question_id == question_id
            )
        )
