"""Practical competencies signed off by an instructor, and revoked only with a reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError

from .. import audit, clock, free_text
from ..accounts import User
from ..acting import TEACHING, require
from ..course import Course
from ..errors import SignOffError
from ..store.engine import transaction
from ..store.schema import competency_signoffs, users

NOTE_MAX_CHARS = 2000


@dataclass(frozen=True)
class SignOff:
    id: int
    user_id: int
    competency_id: str
    observed_on: datetime
    note: str
    signed_by: int
    signer_name: str
    signed_at: datetime
    revoked_at: datetime | None
    revoke_reason: str | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def sign_off(
    engine: Engine,
    course: Course,
    trainee: User,
    competency_id: str,
    observed_on: date,
    note: str,
    instructor: User,
    now: datetime | None = None,
) -> None:
    require(instructor, TEACHING, "sign off a competency")
    now = now or clock.now()
    known = {c.id for c in course.competencies}
    if competency_id not in known:
        raise SignOffError(f"Unknown competency '{competency_id}'.")
    if not trainee.has("trainee"):
        raise SignOffError(f"'{trainee.username}' is not a trainee.")
    if instructor.id == trainee.id:
        raise SignOffError("You cannot sign off your own competency.")
    note = free_text.clean(
        note,
        "note on what you observed",
        error=SignOffError,
        minimum=3,
        maximum=NOTE_MAX_CHARS,
    )
    observed = datetime.combine(observed_on, time.min)
    if observed > now:
        raise SignOffError("The observation date cannot be in the future.")
    try:
        with transaction(engine) as connection:
            connection.execute(
                competency_signoffs.insert().values(
                    user_id=trainee.id,
                    competency_id=competency_id,
                    observed_on=observed,
                    note=note,
                    signed_by=instructor.id,
                    signed_at=now,
                )
            )
            audit.record(
                connection,
                "competency_signed_off",
                actor=instructor.username,
                target=trainee.username,
                detail=competency_id,
                now=now,
            )
    except IntegrityError:
        raise SignOffError("This competency is already signed off for this trainee.") from None


def revoke(
    engine: Engine, signoff_id: int, reason: str, actor: User, now: datetime | None = None
) -> None:
    require(actor, TEACHING, "revoke a sign-off")
    now = now or clock.now()
    reason = free_text.clean(
        reason, "reason for revoking this sign-off", error=SignOffError, minimum=3
    )
    with transaction(engine) as connection:
        row = connection.execute(
            select(competency_signoffs.c.competency_id, users.c.username)
            .join(users, users.c.id == competency_signoffs.c.user_id)
            .where(
                competency_signoffs.c.id == signoff_id, competency_signoffs.c.revoked_at.is_(None)
            )
        ).first()
        if row is None:
            raise SignOffError("That sign-off does not exist or is already revoked.")
        connection.execute(
            update(competency_signoffs)
            .where(competency_signoffs.c.id == signoff_id)
            .values(revoked_at=now, revoked_by=actor.id, revoke_reason=reason)
        )
        audit.record(
            connection,
            "competency_revoked",
            actor=actor.username,
            target=row.username,
            detail=f"{row.competency_id}: {reason}",
            now=now,
        )


def history(engine: Engine, user_id: int) -> list[SignOff]:
    signer = users.alias("signer")
    query = (
        select(
            competency_signoffs.c.id,
            competency_signoffs.c.user_id,
            competency_signoffs.c.competency_id,
            competency_signoffs.c.observed_on,
            competency_signoffs.c.note,
            competency_signoffs.c.signed_by,
            signer.c.name,
            competency_signoffs.c.signed_at,
            competency_signoffs.c.revoked_at,
            competency_signoffs.c.revoke_reason,
        )
        .join(signer, signer.c.id == competency_signoffs.c.signed_by)
        .where(competency_signoffs.c.user_id == user_id)
        .order_by(competency_signoffs.c.signed_at)
    )
    with engine.connect() as connection:
        # tuple(): SQLAlchemy types a row of ten or more columns as open-ended.
        return [SignOff(*tuple(row)) for row in connection.execute(query)]


def active(engine: Engine, user_id: int) -> dict[str, SignOff]:
    return {s.competency_id: s for s in history(engine, user_id) if s.active}
