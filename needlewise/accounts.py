"""User accounts and their roles, kept in the database: who they are and changing them.

Invitations and registration are in ``invitations``; sign-in bookkeeping (last sign-in,
session versions, ending sessions, unlocking) in ``sign_ins``; the credentials the
sign-in widget wants in ``ui.credentials``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, delete, func, select, update
from sqlalchemy.exc import IntegrityError

from . import audit, clock, passwords, settings, sign_in_guard, sign_ins
from .acting import ADMINISTERING, Actor, require
from .errors import AccountError
from .store.engine import transaction
from .store.schema import ROLES, user_roles, users

USERNAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,63}$")
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


@dataclass(frozen=True)
class User:
    id: int
    username: str
    name: str
    email: str
    roles: tuple[str, ...]
    must_change_password: bool
    disabled: bool
    created_at: datetime
    last_sign_in_at: datetime | None
    session_version: int

    def has(self, role: str) -> bool:
        return role in self.roles


# --- validation -------------------------------------------------------------------------


def clean_username(username: str) -> str:
    value = (username or "").strip().lower()
    if not USERNAME.match(value):
        raise AccountError(
            "A username is 2-64 characters: lowercase letters, digits, '.', '_' or '-', "
            "starting with a letter or digit."
        )
    return value


def clean_email(email: str) -> str:
    value = (email or "").strip().lower()
    if len(value) > 254 or not EMAIL.match(value):
        raise AccountError(f"'{email}' is not a valid email address.")
    return value


def clean_name(name: str) -> str:
    value = " ".join((name or "").split())
    if not 1 <= len(value) <= 200:
        raise AccountError("A name is 1-200 characters.")
    if any(ord(ch) < 32 for ch in value):
        raise AccountError("A name cannot contain control characters.")
    return value


def role_names() -> tuple[str, ...]:
    """Every role an account can hold, in the order pages offer them."""
    return ROLES


def clean_roles(roles: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise AccountError(f"Unknown role {unknown[0]!r}; roles are {', '.join(ROLES)}.")
    if not roles:
        raise AccountError("Give the account at least one role.")
    return tuple(r for r in ROLES if r in roles)


def check_password(password: str, username: str, email: str) -> None:
    found = passwords.problems(password, username, email)
    if found:
        raise AccountError("Choose another password: " + "; ".join(found) + ".")


def new_account_problems(
    username: str, name: str, email: str, password: str, repeat: str
) -> dict[str, list[str]]:
    """Every problem with a new account's form, by field (``username``, ``name``,
    ``email``, ``password``, ``repeat``), so each can be shown next to its field."""
    found: dict[str, list[str]] = {}
    for field, clean, value in (
        ("username", clean_username, username),
        ("name", clean_name, name),
        ("email", clean_email, email),
    ):
        try:
            clean(value)
        except AccountError as exc:
            found[field] = [str(exc)]
    found.update(password_problems(password, repeat, username, email))
    return found


def password_problems(
    password: str, repeat: str, username: str = "", email: str = ""
) -> dict[str, list[str]]:
    """The problems of a new password and its repetition, by field."""
    found: dict[str, list[str]] = {}
    broken = passwords.problems(password, (username or "").strip().lower(), email or "")
    if broken:
        found["password"] = ["Choose another password: " + "; ".join(broken) + "."]
    if password != repeat:
        found["repeat"] = ["The two passwords are not the same."]
    return found


# --- reading ----------------------------------------------------------------------------


def _users(connection: Connection, *conditions) -> list[User]:
    rows = connection.execute(select(users).where(*conditions).order_by(users.c.username)).all()
    if not rows:
        return []
    ids = [row.id for row in rows]
    roles: dict[int, list[str]] = {}
    for user_id, role in connection.execute(
        select(user_roles.c.user_id, user_roles.c.role).where(user_roles.c.user_id.in_(ids))
    ):
        roles.setdefault(user_id, []).append(role)
    found = []
    for row in rows:
        data = dict(row._mapping)
        data.pop("password_hash")
        data["roles"] = tuple(r for r in ROLES if r in roles.get(row.id, []))
        found.append(User(**data))
    return found


def count_users(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(users)).scalar_one()


def get(engine: Engine, username: str) -> User | None:
    with engine.connect() as connection:
        found = _users(connection, users.c.username == (username or "").strip().lower())
    return found[0] if found else None


def reread(engine: Engine, username: str) -> User:
    """An account read back after a change; gone only if someone deleted it meanwhile."""
    user = get(engine, username)
    if user is None:
        raise AccountError(f"The account '{username}' no longer exists.")
    return user


def all_users(engine: Engine) -> list[User]:
    with engine.connect() as connection:
        return _users(connection)


def with_role(engine: Engine, role: str) -> list[User]:
    with engine.connect() as connection:
        ids = select(user_roles.c.user_id).where(user_roles.c.role == role)
        return _users(connection, users.c.id.in_(ids))


def password_hash(engine: Engine, username: str) -> str | None:
    with engine.connect() as connection:
        return connection.execute(
            select(users.c.password_hash).where(users.c.username == username)
        ).scalar()


# --- creating ---------------------------------------------------------------------------


def insert_user(
    connection: Connection,
    username: str,
    name: str,
    email: str,
    password: str,
    roles: tuple[str, ...],
    must_change_password: bool,
    now: datetime,
) -> int:
    """Check and insert a new account inside the caller's transaction; its id.

    Shared by administrators' accounts and registration by invitation (``invitations``).
    """
    username, email, name = clean_username(username), clean_email(email), clean_name(name)
    roles = clean_roles(roles)
    check_password(password, username, email)
    taken = connection.execute(
        select(users.c.username, users.c.email).where(
            (users.c.username == username) | (users.c.email == email)
        )
    ).first()
    if taken is not None:
        what = "username" if taken.username == username else "email address"
        raise AccountError(f"That {what} is already in use; choose another.")
    user_id = connection.execute(
        users.insert()
        .values(
            username=username,
            name=name,
            email=email,
            password_hash=passwords.hash_password(password),
            must_change_password=must_change_password,
            disabled=False,
            created_at=now,
        )
        .returning(users.c.id)
    ).scalar_one()
    connection.execute(user_roles.insert(), [{"user_id": user_id, "role": r} for r in roles])
    return user_id


def create_first_admin(
    engine: Engine, username: str, name: str, email: str, password: str, now: datetime | None = None
) -> User:
    """Create the administrator on an empty database; exactly once, whoever tries."""
    now = now or clock.now()
    try:
        with transaction(engine) as connection:
            if connection.execute(select(func.count()).select_from(users)).scalar_one():
                raise AccountError("This NeedleWise already has an administrator; sign in instead.")
            settings.claim_first_admin(connection)
            insert_user(connection, username, name, email, password, ("admin",), False, now)
            audit.record(
                connection,
                "account_created",
                actor=username,
                target=username,
                detail="first administrator",
                now=now,
            )
    except IntegrityError:
        raise AccountError(
            "This NeedleWise already has an administrator; sign in instead."
        ) from None
    user = get(engine, username)
    assert user is not None
    return user


def create_user(
    engine: Engine,
    username: str,
    name: str,
    email: str,
    password: str,
    roles: list[str] | tuple[str, ...],
    *,
    actor: Actor,
    must_change_password: bool = True,
    now: datetime | None = None,
) -> User:
    require(actor, ADMINISTERING, "add accounts")
    now = now or clock.now()
    try:
        with transaction(engine) as connection:
            insert_user(
                connection,
                username,
                name,
                email,
                password,
                tuple(roles),
                must_change_password,
                now,
            )
            audit.record(
                connection,
                "account_created",
                actor=actor.username,
                target=clean_username(username),
                detail=", ".join(roles),
                now=now,
            )
    except IntegrityError:
        raise AccountError("That username or email address is already in use.") from None
    user = get(engine, username)
    assert user is not None
    return user


# --- changing ---------------------------------------------------------------------------


def _require(connection: Connection, username: str) -> User:
    found = _users(connection, users.c.username == (username or "").strip().lower())
    if not found:
        raise AccountError(f"There is no account '{username}'.")
    return found[0]


def _active_admins(connection: Connection) -> int:
    return connection.execute(
        select(func.count())
        .select_from(users.join(user_roles, user_roles.c.user_id == users.c.id))
        .where(user_roles.c.role == "admin", users.c.disabled.is_(False))
    ).scalar_one()


def set_roles(engine: Engine, username: str, roles: list[str], *, actor: Actor) -> User:
    require(actor, ADMINISTERING, "change roles")
    wanted = clean_roles(roles)
    with transaction(engine) as connection:
        user = _require(connection, username)
        added = [r for r in wanted if r not in user.roles]
        removed = [r for r in user.roles if r not in wanted]
        if "admin" in removed and not user.disabled and _active_admins(connection) <= 1:
            raise AccountError("This is the only active administrator; make another one first.")
        if removed:
            connection.execute(
                delete(user_roles).where(
                    user_roles.c.user_id == user.id, user_roles.c.role.in_(removed)
                )
            )
        if added:
            connection.execute(
                user_roles.insert(), [{"user_id": user.id, "role": r} for r in added]
            )
        if added or removed:
            sign_ins.end_sessions_of(connection, user.id)
        for role in added:
            audit.record(
                connection, "role_added", actor=actor.username, target=user.username, detail=role
            )
        for role in removed:
            audit.record(
                connection, "role_removed", actor=actor.username, target=user.username, detail=role
            )
    return reread(engine, username)


def set_disabled(engine: Engine, username: str, disabled: bool, *, actor: Actor) -> User:
    """Disable or enable an account (see ``change_disabled``); the account as it is now."""
    change_disabled(engine, username, disabled, actor=actor)
    return reread(engine, username)


def change_disabled(engine: Engine, username: str, disabled: bool, *, actor: Actor) -> bool:
    """Disable or enable an account, signing it out everywhere; False, having done nothing
    (no session ended, no audit entry), when it was already so."""
    require(actor, ADMINISTERING, "disable or enable accounts")
    with transaction(engine) as connection:
        user = _require(connection, username)
        if user.disabled == disabled:
            return False
        if disabled and user.has("admin") and not user.disabled and _active_admins(connection) <= 1:
            raise AccountError("This is the only active administrator; it cannot be disabled.")
        if disabled and user.username == actor.username:
            raise AccountError("You cannot disable your own account.")
        connection.execute(update(users).where(users.c.id == user.id).values(disabled=disabled))
        sign_ins.end_sessions_of(connection, user.id)
        audit.record(
            connection,
            "account_disabled" if disabled else "account_enabled",
            actor=actor.username,
            target=user.username,
        )
    return True


def reset_password(engine: Engine, username: str, *, actor: Actor) -> str:
    """Give the account a temporary password, which must be changed at the next sign-in."""
    require(actor, ADMINISTERING, "reset passwords")
    temporary = passwords.temporary_password()
    with transaction(engine) as connection:
        user = _require(connection, username)
        connection.execute(
            update(users)
            .where(users.c.id == user.id)
            .values(
                password_hash=passwords.hash_password(temporary),
                must_change_password=True,
                session_version=users.c.session_version + 1,
            )
        )
        sign_in_guard.clear_account(connection, user.username)
        audit.record(connection, "password_reset", actor=actor.username, target=user.username)
    return temporary


def store_password_hash(engine: Engine, username: str, hashed: str) -> int:
    """Save a new bcrypt hash (from sign-in widgets) and clear the forced change.

    Every other session of the account ends; returns the new session version, for the
    session that made the change to keep.
    """
    if not hashed.startswith("$2"):
        raise AccountError("Only bcrypt hashes are stored.")
    with transaction(engine) as connection:
        user = _require(connection, username)
        connection.execute(
            update(users)
            .where(users.c.id == user.id)
            .values(password_hash=hashed, must_change_password=False)
        )
        version = sign_ins.end_sessions_of(connection, user.id)
        audit.record(connection, "password_changed", actor=user.username, target=user.username)
    return version


def choose_password(engine: Engine, username: str, password: str) -> int:
    """Replace a temporary password with one the person chose, and clear the forced change.

    The person is signed in with the temporary password, so it is not asked again; the
    new one must differ from it. Saving goes through ``store_password_hash`` like every
    other password change; returns the new session version for this session to keep.
    """
    user = get(engine, username)
    if user is None:
        raise AccountError(f"There is no account '{username}'.")
    check_password(password, user.username, user.email)
    if passwords.verify(password, password_hash(engine, user.username) or ""):
        raise AccountError("Choose a password different from the temporary one.")
    return store_password_hash(engine, user.username, passwords.hash_password(password))


def update_profile(engine: Engine, username: str, name: str, email: str, *, actor: Actor) -> User:
    """Change an account's name and email: its owner's, or any account's by an administrator."""
    if actor.username != username:
        require(actor, ADMINISTERING, "change another person's details")
    name, email = clean_name(name), clean_email(email)
    try:
        with transaction(engine) as connection:
            user = _require(connection, username)
            clash = connection.execute(
                select(users.c.id).where(users.c.email == email, users.c.id != user.id)
            ).first()
            if clash:
                raise AccountError("That email address is already in use by another account.")
            connection.execute(
                update(users).where(users.c.id == user.id).values(name=name, email=email)
            )
            audit.record(connection, "profile_updated", actor=actor.username, target=user.username)
    except IntegrityError:
        raise AccountError("That email address is already in use by another account.") from None
    return reread(engine, username)
