"""The "stay signed in" cookie: a signed token naming the account and its session version.

The token is a JWT signed with HS256 (the format streamlit-authenticator uses), with one
more claim, ``sv``: the account's session version when the cookie was issued. A token
only counts while that version is still the account's (see sign_ins.py), so signing out,
a password change or reset, disabling and a role change revoke every older cookie.
Anything that is not a well-formed, correctly signed, unexpired token of this shape
reads as no token at all: a bad cookie can never break the sign-in page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

ALGORITHM = "HS256"


@dataclass(frozen=True)
class Claims:
    username: str
    session_version: int


def encode(username: str, session_version: int, key: str, days: float, now: datetime) -> str:
    expires = _epoch(now + timedelta(days=days))
    return jwt.encode(
        {"username": username, "exp_date": expires, "sv": session_version},
        key,
        algorithm=ALGORITHM,
    )


def decode(token: object, key: str, now: datetime) -> Claims | None:
    """The token's claims, or None for anything malformed, forged, expired or old-style."""
    if not isinstance(token, str) or not token or len(token) > 4096:
        return None
    try:
        claims = jwt.decode(token, key, algorithms=[ALGORITHM])
    except (jwt.PyJWTError, ValueError, TypeError):
        return None
    if not isinstance(claims, dict):
        return None
    username, expires, version = claims.get("username"), claims.get("exp_date"), claims.get("sv")
    if not isinstance(username, str) or not username:
        return None
    if isinstance(expires, bool) or not isinstance(expires, int | float):
        return None
    if isinstance(version, bool) or not isinstance(version, int):
        return None
    if expires <= _epoch(now):
        return None
    return Claims(username, version)


def _epoch(moment: datetime) -> float:
    # The app's clock is naive UTC; say so, or timestamp() would read it as local time.
    return moment.replace(tzinfo=UTC).timestamp()
