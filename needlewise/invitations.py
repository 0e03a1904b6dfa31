"""Invitations and self-registration: a code an administrator hands out, stored only as
a hash, that lets one person create their own account with the invited role."""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError

from . import audit, clock
from .accounts import User, clean_email, clean_roles, clean_username, insert_user, reread
from .acting import ADMINISTERING, Actor, require
from .errors import AccountError
from .store.engine import transaction
from .store.schema import invitations, users


@dataclass(frozen=True)
class Invitation:
    id: int
    email: str | None
    role: str
    expires_at: datetime
    created_at: datetime
    used_at: datetime | None
    revoked_at: datetime | None
    has_code: bool

    def status(self, now: datetime) -> str:
        if self.revoked_at:
            return "revoked"
        if self.used_at:
            return "used"
        if self.expires_at <= now:
            return "expired"
        return "open"


_GROUP = 4
MIN_DAYS = 1
MAX_DAYS = 365

# Registration by invitation code happens on the Register page, which is open only while
# self-registration is switched on in Settings: a code made while it is off waits for it.
CLOSED_FOR_ADMIN = (
    "Self-registration is switched off in Settings, so nobody can use an invitation code "
    "yet: the Register page tells visitors that registration is closed. Switch it on in "
    "Settings before you pass a code on, or create the account yourself under Add an account."
)
CLOSED_FOR_VISITOR = (
    "Registration is closed here: this clinic does not let people create their own "
    "accounts at the moment, so an invitation code cannot be used yet. To get an account, "
    "ask your clinic's administrator: they can create it for you, or open registration so "
    "that you can use your invitation code on this page."
)


def created_message(role: str, code: str, self_registration: bool) -> str:
    """What the administrator who created an invitation is told, with the code shown once;
    while self-registration is off, also what has to happen before the invitee can use it."""
    made = f"Invitation code ({role}), shown only now: `{code}`"
    if self_registration:
        return made
    return (
        f"{made}. The invitee cannot use it yet: self-registration is switched off in "
        "Settings. Switch it on, then they open Register from the sign-in page and enter "
        "the code; or create the account yourself under Add an account."
    )


def _grouped(raw: str) -> str:
    return "-".join(raw[i : i + _GROUP] for i in range(0, len(raw), _GROUP))


def _canonical(code: str) -> str:
    """A code as it was issued (``ABCD-EFGH-...``), however it was typed: case, dashes
    (any kind a phone keyboard may put in) and spaces do not count."""
    kept = "".join(ch for ch in code if not ch.isspace() and unicodedata.category(ch) != "Pd")
    return _grouped(kept.upper())


def _code_hash(code: str) -> str:
    # Only the hash is stored, and the lookup is by hash: nothing of the code itself is
    # compared, so the time a lookup takes says nothing about how close a guess was.
    return hashlib.sha256(_canonical(code).encode()).hexdigest()


def new_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no look-alikes
    return _grouped("".join(secrets.choice(alphabet) for _ in range(16)))


def create_invitation(
    engine: Engine,
    *,
    role: str = "trainee",
    days: float = 14,
    email: str | None = None,
    actor: User,
    now: datetime | None = None,
) -> tuple[Invitation, str]:
    """An invitation code, returned once and stored only as a hash.

    With ``email``, only that address may use the code. The code is always needed: without
    a mail server NeedleWise cannot check that someone owns an address, and anyone who
    guessed an invited address could otherwise take its account (and its role).
    """
    require(actor, ADMINISTERING, "invite people")
    now = now or clock.now()
    (role,) = clean_roles([role])
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise AccountError(
            f"Valid for (days): an invitation lasts {MIN_DAYS} to {MAX_DAYS} days, "
            f"not {days:g}. Nothing was created."
        )
    code = new_code()
    email = clean_email(email) if email and email.strip() else None
    with transaction(engine) as connection:
        if email and connection.execute(select(users.c.id).where(users.c.email == email)).first():
            raise AccountError("An account with that email address already exists.")
        invitation_id = connection.execute(
            invitations.insert()
            .values(
                code_hash=_code_hash(code),
                email=email,
                role=role,
                expires_at=now + timedelta(days=days),
                created_by=actor.id,
                created_at=now,
            )
            .returning(invitations.c.id)
        ).scalar_one()
        audit.record(
            connection,
            "invitation_created",
            actor=actor.username,
            target=email,
            detail=f"{role}, {days:g} days",
        )
    return next(i for i in list_invitations(engine) if i.id == invitation_id), code


def list_invitations(engine: Engine) -> list[Invitation]:
    with engine.connect() as connection:
        rows = connection.execute(select(invitations).order_by(invitations.c.created_at)).all()
    return [
        Invitation(
            id=r.id,
            email=r.email,
            role=r.role,
            expires_at=r.expires_at,
            created_at=r.created_at,
            used_at=r.used_at,
            revoked_at=r.revoked_at,
            has_code=r.code_hash is not None,
        )
        for r in rows
    ]


def revoke_invitation(engine: Engine, invitation_id: int, *, actor: Actor) -> None:
    require(actor, ADMINISTERING, "withdraw invitations")
    with transaction(engine) as connection:
        connection.execute(
            update(invitations)
            .where(invitations.c.id == invitation_id, invitations.c.used_at.is_(None))
            .values(revoked_at=clock.now())
        )
        audit.record(
            connection, "invitation_revoked", actor=actor.username, detail=str(invitation_id)
        )


def register(
    engine: Engine,
    *,
    code: str | None,
    username: str,
    name: str,
    email: str,
    password: str,
    now: datetime | None = None,
) -> User:
    """Self-registration with an invitation code (and the invited address, if it names one)."""
    now = now or clock.now()
    email = clean_email(email)
    try:
        return _register(engine, code, username, name, email, password, now)
    except IntegrityError:
        raise AccountError("That username or email address is already in use.") from None


def _register(
    engine: Engine,
    code: str | None,
    username: str,
    name: str,
    email: str,
    password: str,
    now: datetime,
) -> User:
    if not (code or "").strip():
        raise AccountError(
            "Enter the invitation code your clinic gave you; without one you cannot register."
        )
    with transaction(engine) as connection:
        row = connection.execute(
            select(invitations).where(invitations.c.code_hash == _code_hash(code or ""))
        ).first()
        if row is None:
            raise AccountError("That invitation code is not valid; check it with your clinic.")
        if row.email and row.email != email:
            raise AccountError("This invitation is for a different email address.")
        if row.revoked_at is not None:
            raise AccountError("This invitation has been withdrawn; ask your clinic for a new one.")
        if row.used_at is not None:
            raise AccountError(
                "This invitation has already been used; ask your clinic for a new one."
            )
        if row.expires_at <= now:
            raise AccountError(
                f"This invitation expired on {row.expires_at:%d %B %Y}; "
                "ask your clinic for a new one."
            )
        user_id = insert_user(connection, username, name, email, password, (row.role,), False, now)
        claimed = connection.execute(
            update(invitations)
            .where(invitations.c.id == row.id, invitations.c.used_at.is_(None))
            .values(used_at=now, used_by=user_id)
        )
        if claimed.rowcount != 1:
            raise AccountError(
                "This invitation has already been used; ask your clinic for a new one."
            )
        audit.record(
            connection,
            "account_registered",
            actor=clean_username(username),
            target=clean_username(username),
            detail=row.role,
            now=now,
        )
    return reread(engine, username)
