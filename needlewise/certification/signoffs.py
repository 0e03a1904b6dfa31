"""Practical competencies signed off by an instructor, and revoked only with a reason.

An observation is dated on a calendar day of the clinic's: never after the clinic's today
(a clinic east of UTC can record today before UTC has reached it) and never before the
trainee's account was created, since nobody can be observed for a course before they were
enrolled in it (and a slip of the year, 1999 for 2026, would otherwise be stored as said).
The note is screened as the logbook's notes are: an e-mail address, a phone number or a
date of birth in it is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import ColumnElement, Engine, select, update
from sqlalchemy.exc import IntegrityError

from .. import audit, clock, free_text
from ..accounts import User
from ..acting import TEACHING, require
from ..course import Course
from ..display import local
from ..errors import SignOffError
from ..logbook.validation import identifying_text_problem
from ..settings import read_all
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
    zone_name: str | None = None,
) -> None:
    """Record the sign-off; ``zone_name`` is the time zone the instructor's dates are in
    (the clinic's from Settings when not given)."""
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
    identifying = identifying_text_problem(
        "What you observed", note, maximum=NOTE_MAX_CHARS, kept_in="a sign-off note"
    )
    if identifying:
        raise SignOffError(identifying)
    zone = read_all(engine).time_zone if zone_name is None else zone_name
    day = date(observed_on.year, observed_on.month, observed_on.day)
    earliest, latest = observation_days(trainee, zone, now)
    if day > latest:
        raise SignOffError(
            f"Observed on: {day:%d %b %Y} is in the future; the clinic's date today is "
            f"{latest:%d %b %Y}."
        )
    if day < earliest:
        raise SignOffError(
            f"Observed on: {day:%d %b %Y} is before {trainee.name}'s account was created "
            f"({earliest:%d %b %Y}); choose the day you observed them."
        )
    observed = datetime.combine(day, time.min)
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


def observation_days(trainee: User, zone_name: str | None, now: datetime) -> tuple[date, date]:
    """The first and last day an observation of ``trainee`` can be dated, in the zone."""
    return local(trainee.created_at, zone_name).date(), local(now, zone_name).date()


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


def _read(engine: Engine, condition: ColumnElement[bool]) -> list[SignOff]:
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
        .where(condition)
        .order_by(competency_signoffs.c.signed_at)
    )
    with engine.connect() as connection:
        # tuple(): SQLAlchemy types a row of ten or more columns as open-ended.
        return [SignOff(*tuple(row)) for row in connection.execute(query)]


def history(engine: Engine, user_id: int) -> list[SignOff]:
    return _read(engine, competency_signoffs.c.user_id == user_id)


def revoked(engine: Engine) -> dict[int, list[SignOff]]:
    """Every revoked sign-off, by trainee (for checking many certificates at once)."""
    found: dict[int, list[SignOff]] = {}
    for signoff in _read(engine, competency_signoffs.c.revoked_at.is_not(None)):
        found.setdefault(signoff.user_id, []).append(signoff)
    return found


def active(engine: Engine, user_id: int) -> dict[str, SignOff]:
    return {s.competency_id: s for s in history(engine, user_id) if s.active}
