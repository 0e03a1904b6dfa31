"""Markdown may only show images shipped with the course.

An image or ``data:`` link in a lesson or quiz is fetched (or run) by every trainee's
browser: an outside address tells its owner who reads what and when, and a ``data:`` link
carries content no reviewer sees in the file. Figures come from content/figures through
``![alt](figure:id)``; everything else is refused where it is written.
"""

from __future__ import annotations

import re

_IMAGE = re.compile(r"!\[")
_FIGURE_IMAGE = re.compile(r"!\[[^\]\n]*\]\(figure:[A-Za-z0-9][A-Za-z0-9_.-]*\)")
_DATA_LINK = re.compile(r"(\]\(\s*<?\s*|<\s*|^\s*\[[^\]\n]*\]:\s*<?\s*)data:", re.I | re.M)


def forbidden_media(text: str) -> tuple[int, str] | None:
    """The offset and a message for the first outside image or data: link, if any."""
    found: list[tuple[int, str]] = []
    data = _DATA_LINK.search(text)
    if data:
        found.append(
            (data.start(), "a 'data:' link is not allowed; ship the file in content/figures")
        )
    for match in _IMAGE.finditer(text):
        if not _FIGURE_IMAGE.match(text, match.start()):
            found.append(
                (
                    match.start(),
                    "images must be figures shipped in content/figures, written "
                    "![alt text](figure:id); outside images are fetched by every trainee's browser",
                )
            )
            break
    return min(found) if found else None
