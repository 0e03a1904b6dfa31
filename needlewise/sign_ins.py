"""Sign-in bookkeeping: the last sign-in, the session version every sign-in cookie
carries, ending an account's sessions, and unlocking an account slowed down by failed
sign-ins (the counting itself is ``sign_in_guard``'s).

An account's ``session_version`` is written into its sign-in cookie; it goes up whenever
the account signs out, its password is changed or reset, it is disabled or its roles
change, so every cookie issued before stops working.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, select, update

from . import audit, clock, sign_in_guard
from .acting import ADMINISTERING, Actor, require
from .errors import AccountError
from .store.engine import transaction
from .store.schema import users

if TYPE_CHECKING:
    # Only for annotations: accounts itself ends sessions through this module.
    from .accounts import User


def stamp(engine: Engine, username: str) -> tuple | None:
    """What a signed-in session must re-check on every run, from one row found by the
    unique username index: the session version (bumped on sign-out everywhere, password
    and role changes, disabling) and the fields a page shows. None if the account is gone.
    """
    with engine.connect() as connection:
        row = connection.execute(
            select(
                users.c.session_version,
                users.c.disabled,
                users.c.must_change_password,
                users.c.name,
                users.c.email,
            ).where(users.c.username == (username or "").strip().lower())
        ).first()
    return tuple(row) if row else None


def stamp_of(user: User) -> tuple:
    """``stamp`` as it was when ``user`` was read."""
    return (user.session_version, user.disabled, user.must_change_password, user.name, user.email)


def record_sign_in(engine: Engine, username: str, now: datetime | None = None) -> None:
    now = now or clock.now()
    with transaction(engine) as connection:
        connection.execute(
            update(users).where(users.c.username == username).values(last_sign_in_at=now)
        )


def unlock(engine: Engine, username: str, *, actor: Actor) -> None:
    """Forget the account's failed sign-ins, so its next attempt need not wait."""
    require(actor, ADMINISTERING, "unlock accounts")
    with transaction(engine) as connection:
        found = connection.execute(
            select(users.c.username).where(users.c.username == (username or "").strip().lower())
        ).scalar()
        if found is None:
            raise AccountError(f"There is no account '{username}'.")
        sign_in_guard.clear_account(connection, found)
        audit.record(connection, "unlocked", actor=actor.username, target=found)


def end_sessions_of(connection: Connection, user_id: int) -> int:
    """Make every sign-in cookie and session of the account invalid; the new version."""
    return connection.execute(
        update(users)
        .where(users.c.id == user_id)
        .values(session_version=users.c.session_version + 1)
        .returning(users.c.session_version)
    ).scalar_one()


def end_sessions(engine: Engine, username: str) -> None:
    """Sign the account out everywhere (its sign-out button does this)."""
    with transaction(engine) as connection:
        connection.execute(
            update(users)
            .where(users.c.username == username)
            .values(session_version=users.c.session_version + 1)
        )


def end_all_sessions(connection: Connection) -> None:
    """Sign everyone out (the cookie key was rotated)."""
    connection.execute(update(users).values(session_version=users.c.session_version + 1))
