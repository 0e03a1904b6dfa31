"""Password rules and bcrypt hashing. Only hashes are ever stored."""

from __future__ import annotations

import functools
import os
import secrets
import string

import bcrypt

MIN_LENGTH = 10
MAX_BYTES = 72  # bcrypt ignores anything longer, so longer passwords are refused
COMMON = {
    "password12",
    "password123",
    "1234567890",
    "qwertyuiop",
    "letmein123",
    "welcome123",
    "iloveyou12",
    "microneedling",
    "needlewise",
    "needlewise1",
}
RULES = (
    f"At least {MIN_LENGTH} characters (a short sentence is easy to remember); "
    f"at most {MAX_BYTES} bytes; at least one letter and one digit or symbol; "
    "no space at either end; must not include your username, your email address or the "
    "part of it before the @; not a common password."
)


def problems(password: str, username: str = "", email: str = "") -> list[str]:
    """Every rule the password breaks, in words; empty when it is acceptable."""
    found = []
    if password != password.strip():
        found.append("do not start or end with a space")
    if len(password) < MIN_LENGTH:
        found.append(f"use at least {MIN_LENGTH} characters")
    if len(password.encode("utf-8")) > MAX_BYTES:
        found.append(f"use at most {MAX_BYTES} bytes")
    if not any(ch.isalpha() for ch in password):
        found.append("include at least one letter")
    if all(ch.isalpha() for ch in password):
        found.append("include at least one digit or symbol")
    lowered = password.casefold()
    name = username.casefold()
    if name and name in lowered:
        found.append("do not include your username")
    if _includes_email(lowered, name, email.casefold()):
        found.append("do not include your email address")
    if lowered in COMMON:
        found.append("choose a less common password")
    return found


def _includes_email(lowered: str, username: str, email: str) -> bool:
    """Whether the password holds the address, or the part before its "@", other than
    as part of the username (``ivy`` at ``ivy@clinic.test`` breaks only the username rule)."""
    if email and email in lowered:
        return True
    local = email.split("@")[0]
    if len(local) < 3:
        return False
    start = lowered.find(local)
    while start != -1:
        if not _inside(lowered, username, start, start + len(local)):
            return True
        start = lowered.find(local, start + 1)
    return False


def _inside(text: str, part: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lies within some occurrence of ``part``."""
    if not part:
        return False
    first = max(0, end - len(part))
    return any(text.startswith(part, at) for at in range(first, start + 1))


def _rounds() -> int:
    # Tests lower the cost to keep the suite fast; production uses bcrypt's default.
    return max(4, min(16, int(os.environ.get("NEEDLEWISE_BCRYPT_ROUNDS", "12"))))


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=_rounds())).decode()


def verify(password: str, hashed: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode("utf-8"), hashed.encode())
    except ValueError:
        return False


@functools.cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def verify_account(password: str, hashed: str | None) -> bool:
    """Check a password against an account's hash; with no account (``None``), spend the
    same time on a dummy hash, so timing does not tell which usernames exist."""
    if hashed is None:
        verify(password, _dummy_hash())
        return False
    return verify(password, hashed)


def temporary_password() -> str:
    """A random password that meets the rules, for an admin to hand over once."""
    alphabet = string.ascii_letters + string.digits
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(14))
        if any(c.isdigit() for c in candidate) and any(c.isalpha() for c in candidate):
            return candidate
