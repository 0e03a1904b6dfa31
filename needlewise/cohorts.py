"""Cohorts: groups of trainees (an intake) with the instructors who look after them.

A group's name is unique ignoring case ("March 2027 intake" and "march 2027 intake" would
read as one group in every list). The code checks it and names the group that has the name;
a unique index on ``lower(name)`` holds it when two people create or rename at the same
moment, and the one refused by the index is told the same as by the check.

Deleting a group removes its memberships only: the trainees and instructors, and
everything they did, are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, case, delete, func, select, update
from sqlalchemy.exc import IntegrityError

from . import audit, clock
from .accounts import User, get
from .acting import TEACHING, Actor, require
from .display import plural
from .errors import CohortError
from .store.engine import transaction
from .store.schema import cohort_members, cohorts, user_roles
from .store.upsert import upsert


@dataclass(frozen=True)
class Cohort:
    id: int
    name: str
    created_at: datetime
    trainees: int
    instructors: int


def _clean_name(name: str | None) -> str:
    name = " ".join((name or "").split())
    if not 1 <= len(name) <= 200:
        raise CohortError("A group name is 1-200 characters, e.g. 'March 2027 intake'.")
    return name


def _refuse_taken(connection: Connection, name: str, cohort_id: int | None = None) -> None:
    """CohortError when another group has this name, ignoring case."""
    wanted = name.casefold()
    for other_id, other in connection.execute(select(cohorts.c.id, cohorts.c.name)):
        if other_id != cohort_id and other.casefold() == wanted:
            if other == name:
                raise CohortError(f"There is already a group called '{other}'.")
            raise CohortError(
                f"There is already a group called '{other}'; choose a name that differs "
                "in more than capital letters."
            )


def _taken_meanwhile(engine: Engine, name: str, cohort_id: int | None = None) -> CohortError:
    """Why the database refused ``name``: the group that took it at the same moment, as
    ``_refuse_taken`` says it."""
    with engine.connect() as connection:
        try:
            _refuse_taken(connection, name, cohort_id)
        except CohortError as taken:
            return taken
    # The group that had it was renamed or deleted since.
    return CohortError(
        f"Another group was being given the name '{name}' at the same moment; try again."
    )


def _one(engine: Engine, cohort_id: int) -> Cohort:
    found = next((c for c in all_cohorts(engine) if c.id == cohort_id), None)
    if found is None:
        raise CohortError("That group no longer exists.")
    return found


def create(engine: Engine, name: str, *, actor: Actor, now: datetime | None = None) -> Cohort:
    require(actor, TEACHING, "create groups")
    name = _clean_name(name)
    try:
        with transaction(engine) as connection:
            _refuse_taken(connection, name)
            cohort_id = connection.execute(
                cohorts.insert()
                .values(name=name, created_at=now or clock.now())
                .returning(cohorts.c.id)
            ).scalar_one()
            audit.record(connection, "cohort_created", actor=actor.username, target=name)
    except IntegrityError:
        raise _taken_meanwhile(engine, name) from None
    return _one(engine, cohort_id)


def rename(engine: Engine, cohort_id: int, name: str, *, actor: Actor) -> Cohort:
    """Give a group a new name; its members stay. Renaming to the same name changes nothing."""
    require(actor, TEACHING, "rename groups")
    name = _clean_name(name)
    try:
        with transaction(engine) as connection:
            old = connection.execute(
                select(cohorts.c.name).where(cohorts.c.id == cohort_id)
            ).scalar()
            if old is None:
                raise CohortError("That group no longer exists.")
            if old != name:
                _refuse_taken(connection, name, cohort_id)
                connection.execute(
                    update(cohorts).where(cohorts.c.id == cohort_id).values(name=name)
                )
                audit.record(
                    connection,
                    "cohort_renamed",
                    actor=actor.username,
                    target=name,
                    detail=f"was '{old}'",
                )
    except IntegrityError:
        raise _taken_meanwhile(engine, name, cohort_id) from None
    return _one(engine, cohort_id)


def delete_cohort(engine: Engine, cohort_id: int, *, actor: Actor) -> Cohort:
    """Delete a group and its memberships; no account or record of anyone is touched.

    Returns the group as it was, with the number of members it had."""
    require(actor, TEACHING, "delete groups")
    gone = _one(engine, cohort_id)
    with transaction(engine) as connection:
        connection.execute(delete(cohort_members).where(cohort_members.c.cohort_id == cohort_id))
        deleted = connection.execute(delete(cohorts).where(cohorts.c.id == cohort_id)).rowcount
        if not deleted:
            raise CohortError("That group no longer exists.")
        audit.record(
            connection,
            "cohort_deleted",
            actor=actor.username,
            target=gone.name,
            detail=(
                f"{plural(gone.trainees, 'trainee')} and {plural(gone.instructors, 'instructor')} "
                "taken out of it; their accounts and records are kept"
            ),
        )
    return gone


def all_cohorts(engine: Engine) -> list[Cohort]:
    counts = (
        select(
            cohort_members.c.cohort_id,
            func.sum(case((cohort_members.c.role == "trainee", 1), else_=0)).label("trainees"),
            func.sum(case((cohort_members.c.role == "instructor", 1), else_=0)).label(
                "instructors"
            ),
        )
        .group_by(cohort_members.c.cohort_id)
        .subquery()
    )
    query = (
        select(
            cohorts.c.id,
            cohorts.c.name,
            cohorts.c.created_at,
            func.coalesce(counts.c.trainees, 0),
            func.coalesce(counts.c.instructors, 0),
        )
        .select_from(cohorts.outerjoin(counts, counts.c.cohort_id == cohorts.c.id))
        .order_by(cohorts.c.created_at.desc(), cohorts.c.name)
    )
    with engine.connect() as connection:
        return [Cohort(*row) for row in connection.execute(query)]


def add_member(engine: Engine, cohort_id: int, username: str, role: str, *, actor: Actor) -> None:
    """Add a trainee (who must have the trainee role) or an instructor to a cohort."""
    require(actor, TEACHING, "change groups")
    if role not in {"trainee", "instructor"}:
        raise CohortError("A group member is a trainee or an instructor.")
    user = get(engine, username)
    if user is None:
        raise CohortError(f"There is no account '{username}'.")
    needed = {"trainee"} if role == "trainee" else {"instructor", "admin"}
    if not needed & set(user.roles):
        raise CohortError(f"'{user.username}' does not have the {role} role.")
    with transaction(engine) as connection:
        name = connection.execute(select(cohorts.c.name).where(cohorts.c.id == cohort_id)).scalar()
        if name is None:
            raise CohortError("That group no longer exists.")
        upsert(
            connection,
            cohort_members,
            {"cohort_id": cohort_id, "user_id": user.id, "role": role},
            keys=["cohort_id", "user_id", "role"],
        )
        audit.record(
            connection,
            "cohort_member_added",
            actor=actor.username,
            target=user.username,
            detail=f"{role} in {name}",
        )


def remove_member(
    engine: Engine, cohort_id: int, username: str, role: str, *, actor: Actor
) -> None:
    require(actor, TEACHING, "change groups")
    user = get(engine, username)
    if user is None:
        raise CohortError(f"There is no account '{username}'.")
    with transaction(engine) as connection:
        name = connection.execute(select(cohorts.c.name).where(cohorts.c.id == cohort_id)).scalar()
        connection.execute(
            delete(cohort_members).where(
                cohort_members.c.cohort_id == cohort_id,
                cohort_members.c.user_id == user.id,
                cohort_members.c.role == role,
            )
        )
        audit.record(
            connection,
            "cohort_member_removed",
            actor=actor.username,
            target=user.username,
            detail=f"{role} in {name}",
        )


def add_members(
    engine: Engine, cohort_id: int, usernames: list[str], role: str, *, actor: Actor
) -> None:
    """Add several people with one role, in order; a refused one stops the rest, and its
    message says who (those before it stay added, as the page then shows)."""
    for username in usernames:
        add_member(engine, cohort_id, username, role, actor=actor)


def remove_members(
    engine: Engine, cohort_id: int, usernames: list[str], role: str, *, actor: Actor
) -> None:
    """Remove several people with one role, in order, as ``add_members`` adds them."""
    for username in usernames:
        remove_member(engine, cohort_id, username, role, actor=actor)


def members(engine: Engine, cohort_id: int, role: str) -> list[int]:
    """User ids of the cohort's members with ``role``."""
    with engine.connect() as connection:
        return list(
            connection.execute(
                select(cohort_members.c.user_id).where(
                    cohort_members.c.cohort_id == cohort_id, cohort_members.c.role == role
                )
            ).scalars()
        )


def trainee_ids(engine: Engine, cohort_id: int | None = None) -> list[int]:
    """Every trainee, or the trainees of one cohort."""
    if cohort_id is not None:
        return members(engine, cohort_id, "trainee")
    with engine.connect() as connection:
        return list(
            connection.execute(
                select(user_roles.c.user_id).where(user_roles.c.role == "trainee")
            ).scalars()
        )


def cohorts_taught_by(engine: Engine, user: User) -> list[int]:
    with engine.connect() as connection:
        return list(
            connection.execute(
                select(cohort_members.c.cohort_id).where(
                    cohort_members.c.user_id == user.id, cohort_members.c.role == "instructor"
                )
            ).scalars()
        )
