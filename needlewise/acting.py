"""Who does something, and the role check every function that changes data makes.

The navigation lists only the pages a role may open, but the domain functions check the
role again: a page is not the only way in (another page, the command line, a test, a
future API call the same functions), so a trainee's account cannot do an instructor's or
an administrator's work whatever calls it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from .errors import NotAllowed

TEACHING = ("instructor", "admin")
ADMINISTERING = ("admin",)
_ROLE_NAMES = {"trainee": "a trainee", "instructor": "an instructor", "admin": "an administrator"}


class Actor(Protocol):
    """The person an action is done by: a signed-in ``accounts.User``, or an ``Operator``."""

    @property
    def username(self) -> str: ...

    def has(self, role: str) -> bool: ...


@dataclass(frozen=True)
class Operator:
    """Whoever runs the command line on the server (or the demo loader).

    They already hold the database and its configuration, so they act with every role;
    the audit log names them (``shell:<login>``, ``demo``).
    """

    username: str

    def has(self, role: str) -> bool:
        return True


def require(actor: Actor, roles: Iterable[str], doing: str) -> None:
    """Refuse with ``NotAllowed`` unless ``actor`` holds one of ``roles``."""
    wanted = tuple(roles)
    if not any(actor.has(role) for role in wanted):
        who = " or ".join(_ROLE_NAMES.get(role, role) for role in wanted)
        raise NotAllowed(
            f"Only {who} can {doing}; the account '{actor.username}' does not have that role."
        )
