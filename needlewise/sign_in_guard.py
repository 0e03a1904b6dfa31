"""Slowing down password guessing without letting a stranger lock anyone out.

Every sign-in attempt is counted before its password is checked, per account name and
per client, in one atomic statement each; parallel guesses therefore cannot slip past
the count. The first ``free`` failures in a row are answered at once; after that each
attempt must wait twice as long as the last (1 s, 2 s, 4 s, ...), up to
``longest_wait`` for a client and at most ``ACCOUNT_LONGEST_WAIT`` for an account, so
a stranger guessing at someone's account makes them wait a minute at worst, never locks
them out. An unknown account name is counted exactly like a real one, so neither the
answer nor the delay shows which accounts exist.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, delete, or_, select, update

from . import audit, clock
from .display import plural
from .store.engine import transaction
from .store.schema import audit_log, sign_in_throttle
from .store.upsert import upsert

ACCOUNT_LONGEST_WAIT = timedelta(minutes=1)
# Counts older than this start again from zero.
FORGET_AFTER = timedelta(days=1)
MAX_KEY = 200
# Between the reason and the client in a failed sign-in's audit detail.
_FROM = "; from "
_CLIENT = "client:"


@dataclass(frozen=True)
class Policy:
    free: int = 5
    longest_wait: timedelta = timedelta(minutes=15)


@dataclass(frozen=True)
class Hold:
    """Failed sign-ins that make the next sign-in as a person wait: counted on their
    account (``client`` None), or on a client, as the audit log names it, that failed to
    sign in as them; that client's count holds back everyone who signs in from it."""

    failures: int
    until: datetime
    client: str | None = None

    def summary(self, until: str) -> str:
        """What holds the person back, with ``until`` as the caller shows that time."""
        where = (
            "on this account"
            if self.client is None
            else f"from a client it was tried from ({self.client})"
        )
        return f"{plural(self.failures, 'failed sign-in')} {where}, until {until}"


@dataclass(frozen=True)
class Verdict:
    """Whether this attempt's password may be checked, and if not, how long to wait."""

    allowed: bool
    wait_seconds: float = 0.0


def client_address(peer: str | None, headers: Mapping[str, str]) -> str | None:
    """The visitor's address, as far as it can be trusted.

    Behind a reverse proxy on the same host or network, every connection comes from the
    proxy, and one stranger's failures would slow everyone down; there the last entry of
    X-Forwarded-For, the one the proxy itself added, names the visitor. A connection from
    a public address is taken as it is, so a visitor cannot choose their own address.
    """
    try:
        private = peer is None or ipaddress.ip_address(peer).is_private
    except ValueError:
        private = False
    forwarded = headers.get("X-Forwarded-For") or headers.get("x-forwarded-for") or ""
    last = forwarded.split(",")[-1].strip()
    return last[:100] if private and last else peer


def account_key(username: str) -> str:
    return ("account:" + (username or "").strip().lower())[:MAX_KEY]


def client_key(client: str | None) -> str:
    return (_CLIENT + (client or "local"))[:MAX_KEY]


def wait_after(failures: int, policy: Policy, longest: timedelta) -> timedelta:
    """The wait before the next attempt once ``failures`` attempts have been counted."""
    if failures < policy.free:
        return timedelta(0)
    seconds = 2.0 ** min(failures - policy.free, 30)
    return min(timedelta(seconds=seconds), longest)


def _take_turn(
    connection: Connection, key: str, policy: Policy, longest: timedelta, now: datetime
) -> Verdict:
    upsert(
        connection,
        sign_in_throttle,
        {"key": key, "failures": 0, "updated_at": now},
        ["key"],
    )
    # One statement counts the attempt and checks it is not too soon: the row lock it
    # takes (PostgreSQL) or the write lock of the transaction (SQLite) makes parallel
    # attempts take turns, each seeing the count the one before left.
    counted = connection.execute(
        update(sign_in_throttle)
        .where(
            sign_in_throttle.c.key == key,
            or_(
                sign_in_throttle.c.next_attempt_at.is_(None),
                sign_in_throttle.c.next_attempt_at <= now,
            ),
        )
        .values(failures=sign_in_throttle.c.failures + 1, updated_at=now)
        .returning(sign_in_throttle.c.failures)
    ).scalar()
    if counted is None:
        next_at = connection.execute(
            select(sign_in_throttle.c.next_attempt_at).where(sign_in_throttle.c.key == key)
        ).scalar_one()
        return Verdict(False, max(1.0, (next_at - now).total_seconds()))
    wait = wait_after(counted, policy, longest)
    connection.execute(
        update(sign_in_throttle)
        .where(sign_in_throttle.c.key == key)
        .values(next_attempt_at=now + wait if wait else None)
    )
    return Verdict(True)


def begin(
    engine: Engine,
    username: str,
    client: str | None,
    policy: Policy,
    now: datetime | None = None,
) -> Verdict:
    """Count a sign-in attempt before its password is checked; refuse it if too soon.

    A refused attempt is audited here; the caller audits the outcome of an allowed one.
    """
    now = now or clock.now()
    with transaction(engine) as connection:
        # Names tried a day ago and more start again from zero, and take no room.
        connection.execute(
            delete(sign_in_throttle).where(sign_in_throttle.c.updated_at < now - FORGET_AFTER)
        )
        verdict = _take_turn(connection, client_key(client), policy, policy.longest_wait, now)
        if verdict.allowed:
            longest = min(policy.longest_wait, ACCOUNT_LONGEST_WAIT)
            verdict = _take_turn(connection, account_key(username), policy, longest, now)
        if not verdict.allowed:
            _audit_failure(
                connection, username, client, f"too soon: wait {verdict.wait_seconds:.0f} s", now
            )
    return verdict


def succeeded(engine: Engine, username: str, client: str | None) -> None:
    """A right password: this account and this client start again from zero."""
    with transaction(engine) as connection:
        connection.execute(
            delete(sign_in_throttle).where(
                sign_in_throttle.c.key.in_([account_key(username), client_key(client)])
            )
        )


def failed(
    engine: Engine, username: str, client: str | None, reason: str, now: datetime | None = None
) -> None:
    with transaction(engine) as connection:
        _audit_failure(connection, username, client, reason, now or clock.now())


def _audit_failure(
    connection: Connection, username: str, client: str | None, reason: str, now: datetime
) -> None:
    audit.record(
        connection,
        "sign_in_failed",
        target=_target(username) or None,
        detail=f"{reason}{_FROM}{client or 'local'}"[:300],
        now=now,
    )


def clear_account(connection: Connection, username: str) -> bool:
    """Lift the delay on an account (an administrator's unlock, a password reset); whether
    any failed sign-ins were counted for it."""
    return bool(
        connection.execute(
            delete(sign_in_throttle).where(sign_in_throttle.c.key == account_key(username))
        ).rowcount
    )


def _target(username: str) -> str:
    """The account name as a failed sign-in's audit entry names it."""
    return (username or "").strip().lower()[:64]


def _clients_of(
    connection: Connection, usernames: Iterable[str], now: datetime
) -> dict[str, set[str]]:
    """The clients, as the audit log names them, that failed to sign in as each of
    ``usernames`` while counts last; a name no client failed as is left out."""
    names = {_target(username): username for username in usernames}
    found: dict[str, set[str]] = {}
    for target, detail in connection.execute(
        select(audit_log.c.target, audit_log.c.detail).where(
            audit_log.c.action == "sign_in_failed",
            audit_log.c.target.in_(list(names)),
            audit_log.c.at >= now - FORGET_AFTER,
        )
    ):
        if detail and _FROM in detail:
            found.setdefault(names[target], set()).add(detail.rpartition(_FROM)[2])
    return found


def holds(
    connection: Connection, usernames: Iterable[str], now: datetime
) -> dict[str, tuple[Hold, ...]]:
    """What makes a sign-in as each of ``usernames`` wait at ``now``, as ``begin`` would
    judge it: the account's own count, and the count of each client that failed to sign in
    as it (the clients ``clear_clients_of`` clears, so an unlock lifts every hold shown).
    A name nothing holds back is left out."""
    usernames = list(usernames)
    waiting = {
        key: (failures, until)
        for key, failures, until in connection.execute(
            select(
                sign_in_throttle.c.key,
                sign_in_throttle.c.failures,
                sign_in_throttle.c.next_attempt_at,
            ).where(
                sign_in_throttle.c.next_attempt_at > now,
                # ``begin`` forgets these before it counts.
                sign_in_throttle.c.updated_at >= now - FORGET_AFTER,
            )
        )
    }
    if not waiting:
        return {}
    found: dict[str, list[Hold]] = {}
    for username in usernames:
        if (own := waiting.get(account_key(username))) is not None:
            found.setdefault(username, []).append(Hold(*own))
    if any(key.startswith(_CLIENT) for key in waiting):
        for username, clients in _clients_of(connection, usernames, now).items():
            for client in sorted(clients):
                if (shared := waiting.get(client_key(client))) is not None:
                    found.setdefault(username, []).append(Hold(*shared, client=client))
    return {username: tuple(found[username]) for username in usernames if username in found}


def clear_clients_of(connection: Connection, username: str, now: datetime) -> list[str]:
    """Lift the delay on the clients that failed to sign in as ``username`` while their
    counts last (an administrator's unlock): behind one office address the client's count
    holds the person back as much as the account's. Which clients those were is read from
    the audit log, so clients that only guessed at other accounts keep their delay.
    Returns the clients cleared, as the audit log names them."""
    clients = _clients_of(connection, [username], now).get(username, set())
    keys = {client_key(client): client for client in clients}
    cleared = connection.execute(
        delete(sign_in_throttle)
        .where(sign_in_throttle.c.key.in_(list(keys)))
        .returning(sign_in_throttle.c.key)
    ).scalars()
    return sorted(keys[key] for key in cleared)
