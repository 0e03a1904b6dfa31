"""Markdown may only show images shipped with the course.

An image or ``data:`` link in a lesson or quiz is fetched (or run) by every trainee's
browser: an outside address tells its owner who reads what and when, and a ``data:`` link
carries content no reviewer sees in the file. Figures come from content/figures through
``![alt](figure:id)``; a quiz may also show an image saved in its own folder (the importer
puts embedded images there), named by a plain relative path. Everything else is refused
where it is written.
"""

from __future__ import annotations

import re

_IMAGE = re.compile(r"!\[[^\]\n]*\](\(\s*<?(?P<target>[^)\s>]*))?")
_FIGURE = re.compile(r"figure:[A-Za-z0-9][A-Za-z0-9_.-]*")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_DATA_LINK = re.compile(r"(\]\(\s*<?\s*|<\s*|^\s*\[[^\]\n]*\]:\s*<?\s*)data:", re.I | re.M)
DATA_MESSAGE = "a 'data:' link is not allowed; ship the file in content/figures"


def forbidden_media(text: str, own_folder: bool = False) -> tuple[int, str] | None:
    """The offset and a message for the first outside image or data: link, if any.

    ``own_folder`` also allows images by a relative path inside the file's folder.
    """
    found: list[tuple[int, str]] = []
    data = _DATA_LINK.search(text)
    if data:
        found.append((data.start(), DATA_MESSAGE))
    for match in _IMAGE.finditer(text):
        target = match.group("target")
        if target is None or not _allowed(target, own_folder):
            found.append((match.start(), _image_message(own_folder)))
            break
    return min(found) if found else None


def _allowed(target: str, own_folder: bool) -> bool:
    if _FIGURE.fullmatch(target):
        return True
    if not own_folder or not target or _SCHEME.match(target):
        return False
    return not target.startswith(("/", "\\")) and ".." not in re.split(r"[/\\]", target)


def _image_message(own_folder: bool) -> str:
    where = " or in the quiz's own folder" if own_folder else ""
    return (
        f"images must be figures shipped in content/figures (![alt text](figure:id)){where}; "
        "an outside image is fetched by every trainee's browser"
    )
