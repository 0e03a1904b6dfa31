"""A question's prompt as plain words, for the accessible name of its answer controls.

A widget's label is read out as written: Markdown in it would be spoken as asterisks and
brackets, and a citation as its key. The prompt keeps its words and loses its markup.
"""

from __future__ import annotations

import re

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_CITATION = re.compile(r"\s*\[@[^\]]+\]")
_MARKS = re.compile(r"[*_`#>|~]+")


def label_text(markdown: str, limit: int = 300) -> str:
    """``markdown`` without links' addresses, citations or emphasis marks, on one line."""
    text = _CITATION.sub("", markdown)
    text = _LINK.sub(r"\1", text)
    text = " ".join(_MARKS.sub("", text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
