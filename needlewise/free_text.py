"""Limits on free text people type (reasons, notes), checked when it is entered.

Without a limit, one pasted megabyte would be stored, copied into the audit log and shown
on every page that lists it. Text over the limit is refused with a message rather than cut
short, so nothing is silently lost.
"""

from __future__ import annotations

MAX_CHARS = 1000


def clean(
    text: str | None,
    what: str,
    *,
    error: type[Exception] = ValueError,
    minimum: int = 0,
    maximum: int = MAX_CHARS,
) -> str:
    """``text`` without surrounding spaces, or ``error`` saying why it cannot be kept."""
    value = (text or "").strip()
    if len(value) > maximum:
        raise error(
            f"The {what} is {len(value):,} characters long; keep it to {maximum:,} "
            "characters. Nothing was saved."
        )
    if len(value) < minimum:
        raise error(f"Give the {what} (at least {minimum} characters).")
    return value
