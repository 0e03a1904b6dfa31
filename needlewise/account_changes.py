"""The account changes an administrator confirms first, because they cut off someone who
may be working: disabling an account and resetting its password. What each will do, said
before it is done, whether a question about one still applies to the account shown, and
why Disable is not offered at all where it would only be refused after the question.
"""

from __future__ import annotations

from typing import Literal

from .accounts import User

Change = Literal["disable", "reset"]
# A change asked about, and the username of the account it is for.
Asked = tuple[Change, str]


def still_applies(asked: Asked, shown: User) -> bool:
    """The question is about the account shown, and its answer would still change it."""
    change, username = asked
    return username == shown.username and not (change == "disable" and shown.disabled)


def cannot_disable(shown: User, admin: User) -> str | None:
    """Why ``admin`` may not disable ``shown``, said before anything is asked (the same
    rule ``accounts.set_disabled`` enforces); None when they may."""
    if shown.username == admin.username:
        return (
            "You cannot disable your own account, so it is not offered here; another "
            "administrator can."
        )
    return None


def question(asked: Asked) -> tuple[str, str]:
    """What the change will do, said before it is done, and its confirm button's label."""
    change, username = asked
    if change == "disable":
        return (
            f"Disable '{username}'? They can no longer sign in; their history is kept.",
            f"Disable '{username}'",
        )
    return (
        f"Reset '{username}''s password? Their current password stops working and they "
        "must choose a new one at next sign-in.",
        f"Reset '{username}''s password",
    )
