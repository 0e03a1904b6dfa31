"""Extra time on timed quizzes for one trainee: an accommodation an instructor grants
(WCAG 2.2.1 asks that a time limit can be extended). The extra time is a percentage of
each quiz's limit, applied when an attempt starts; an attempt already running keeps its
deadline. Every change is written to the audit log in the same transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, delete, select

from . import audit, clock
from .accounts import User
from .acting import TEACHING, require
from .errors import UserError
from .store.engine import transaction
from .store.schema import time_extensions, users
from .store.upsert import upsert

CHOICES = (0, 25, 50, 100)
MAX_PERCENT = 300


class ExtensionError(UserError):
    """An extra-time request outside what the page offers."""


def extra_percent(connection: Connection, user_id: int) -> int:
    """The trainee's extra time in percent; 0 when none was granted."""
    found = connection.execute(
        select(time_extensions.c.extra_percent).where(time_extensions.c.user_id == user_id)
    ).scalar()
    return found or 0


def time_limit(minutes: float | None, percent: int) -> timedelta | None:
    """A quiz's time limit with ``percent`` more; None for an untimed quiz."""
    if not minutes:
        return None
    return timedelta(minutes=minutes * (100 + percent) / 100)


def grant(
    engine: Engine,
    user_id: int,
    percent: int,
    *,
    actor: User,
    now: datetime | None = None,
) -> None:
    """Set the trainee's extra time (0 takes it away), audited; an instructor's decision."""
    require(actor, TEACHING, "grant extra time")
    if not 0 <= percent <= MAX_PERCENT:
        raise ExtensionError(f"extra time must be between 0% and {MAX_PERCENT}%, not {percent}%")
    now = now or clock.now()
    with transaction(engine) as connection:
        username = connection.execute(
            select(users.c.username).where(users.c.id == user_id)
        ).scalar()
        if username is None:
            raise ExtensionError(f"there is no trainee with id {user_id}")
        before = extra_percent(connection, user_id)
        if percent == 0:
            connection.execute(delete(time_extensions).where(time_extensions.c.user_id == user_id))
        else:
            upsert(
                connection,
                time_extensions,
                {"user_id": user_id, "extra_percent": percent, "set_by": actor.id, "set_at": now},
                keys=["user_id"],
                update=["extra_percent", "set_by", "set_at"],
            )
        audit.record(
            connection,
            "time_extension_set",
            actor=actor.username,
            target=username,
            detail=f"extra time on timed quizzes: {before}% → {percent}%",
            now=now,
        )


def all_extensions(engine: Engine) -> dict[int, int]:
    """Extra time in percent by trainee id, for those who have any."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(time_extensions.c.user_id, time_extensions.c.extra_percent)
        )
        return {user_id: percent for user_id, percent in rows}
