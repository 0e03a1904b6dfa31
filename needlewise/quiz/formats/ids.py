"""Stable, unique question ids made from names and question text."""

from __future__ import annotations

import re
import unicodedata

from ..schema import ID_PATTERN

MAX_ID_LENGTH = 80
_SLUG_WORDS = 8
_VALID = re.compile(ID_PATTERN)


def is_valid_id(text: str) -> bool:
    return bool(_VALID.match(text)) and len(text) <= MAX_ID_LENGTH


def slugify(text: str, max_length: int = 50) -> str:
    """Lower-case ASCII words joined by '-', cut at a word boundary.

    'Île 2: Ça va?' becomes 'ile-2-ca-va'.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())[:_SLUG_WORDS]
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or (words[0][:max_length] if words else "")


class IdMaker:
    """Hands out ids unique within one quiz, in file order, so the same file gives the same ids.

    A name that is already a valid id (a Moodle ID number, or an id NeedleWise exported)
    is kept as it is; anything else becomes ``<prefix>-<slug>``, with ``-2``, ``-3``, ...
    added when that is taken.
    """

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.used: set[str] = set()
        self.last_number: dict[str, int] = {}  # per base, so many equal names stay fast

    def keep(self, wanted: str) -> str | None:
        """``wanted`` itself, if it is a valid id nobody has taken yet."""
        if is_valid_id(wanted) and wanted not in self.used:
            self.used.add(wanted)
            return wanted
        return None

    def make(self, *names: str | None) -> str:
        """An id from the first name that gives a usable slug."""
        slug = next((s for s in (slugify(n) for n in names if n) if s), "question")
        if not slug.startswith(f"{self.prefix}-"):
            slug = f"{self.prefix}-{slug}"
        base = slug[:MAX_ID_LENGTH].rstrip("-")
        candidate, number = base, self.last_number.get(base, 1)
        while candidate in self.used:
            number += 1
            suffix = f"-{number}"
            candidate = base[: MAX_ID_LENGTH - len(suffix)].rstrip("-") + suffix
        self.used.add(candidate)
        self.last_number[base] = number
        return candidate
