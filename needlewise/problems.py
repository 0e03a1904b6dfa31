"""Problems found in content files, reported as ``path:line:col: message``.

A warning is printed the same way with ``warning:`` before the message; it points at
something an author should look at, and does not make ``check`` fail.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.path}:{self.line}:{self.col}: {kind}{self.message}"


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that make content invalid (warnings left out)."""
    return [p for p in problems if not p.warning]
