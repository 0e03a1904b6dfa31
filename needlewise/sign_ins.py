"""Sign-in bookkeeping: the last sign-in, the session version every sign-in cookie
carries, ending an account's sessions, and what holds an account back after failed
sign-ins and unlocking it (the counting itself is ``sign_in_guard``'s).

An account's ``session_version`` is written into its sign-in cookie; it goes up whenever
the account signs out, its password is changed or reset, it is disabled or its roles
change, so every cookie issued before stops working.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, select, update

from . import audit, clock, sign_in_guard
from .acting import ADMINISTERING, Actor, require
from .display import plural
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


@dataclass(frozen=True)
class Held:
    """Why a sign-in as this person must wait now: their account's failed sign-ins, a
    client's that failed to sign in as them, or both. ``unlock`` lifts every one."""

    username: str
    holds: tuple[sign_in_guard.Hold, ...]

    def summary(self, when: Callable[[datetime], str]) -> str:
        """Each hold and until when, the time written by ``when``: e.g. "6 failed sign-ins
        on this account, until 08:15 UTC"."""
        return "; ".join(hold.summary(when(hold.until)) for hold in self.holds)


def held_back(
    engine: Engine, usernames: Iterable[str], now: datetime | None = None
) -> dict[str, Held]:
    """The accounts among ``usernames`` whose next sign-in must wait, by username."""
    with engine.connect() as connection:
        found = sign_in_guard.holds(connection, usernames, now or clock.now())
    return {username: Held(username, holds) for username, holds in found.items()}


def account_status(user: User, held: dict[str, Held], when: Callable[[datetime], str]) -> str:
    """An account's status as People and ``users list`` show it: "disabled", "locked" with
    why and until when (``held``: ``held_back``'s answer; times written by ``when``), or
    "active"."""
    if user.disabled:
        return "disabled"
    if user.username in held:
        return f"locked: {held[user.username].summary(when)}"
    return "active"


@dataclass(frozen=True)
class Unlocked:
    """What an unlock cleared: the account's count of failed sign-ins (if there was one)
    and the clients, as the audit log names them, whose counts held the person back."""

    username: str
    account: bool
    clients: tuple[str, ...]

    def summary(self) -> str:
        cleared = ["the account's failed sign-ins"] if self.account else []
        if self.clients:
            cleared.append(
                f"those from {plural(len(self.clients), 'client')} it was tried from "
                f"({', '.join(self.clients)})"
            )
        if not cleared:
            return f"{self.username} unlocked: no failed sign-ins were counted against it"
        return f"{self.username} unlocked: cleared {' and '.join(cleared)}"


def unlock(engine: Engine, username: str, *, actor: Actor) -> Unlocked:
    """Let the person sign in again at once: forget the account's failed sign-ins and those
    of every client that failed to sign in as it (on one office address, everyone's)."""
    require(actor, ADMINISTERING, "unlock accounts")
    now = clock.now()
    with transaction(engine) as connection:
        found = connection.execute(
            select(users.c.username).where(users.c.username == (username or "").strip().lower())
        ).scalar()
        if found is None:
            raise AccountError(f"There is no account '{username}'.")
        done = Unlocked(
            found,
            sign_in_guard.clear_account(connection, found),
            tuple(sign_in_guard.clear_clients_of(connection, found, now)),
        )
        audit.record(
            connection,
            "unlocked",
            actor=actor.username,
            target=found,
            detail=done.summary()[:300],
            now=now,
        )
    return done


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
