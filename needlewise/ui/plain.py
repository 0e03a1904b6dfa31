"""Showing text people typed (names, cohort names, reasons, the clinic's name) as itself.

Streamlit renders most strings as Markdown, with its own extensions: ``**bold**``,
``:red[badges]``, ``![images](https://...)`` fetched by every visitor's browser, links
and LaTeX. Text that a person entered must never be read as any of that, least of all on
the public verification page or a certificate, where it could dress up a false claim.
"""

from __future__ import annotations

import re
import string

_ESCAPED = {ord(ch): "\\" + ch for ch in string.punctuation}
# GitHub-flavoured Markdown turns bare web addresses into links after escapes are
# resolved, so an invisible word joiner breaks up the patterns it looks for.
_BARE_ADDRESS = re.compile(r"(\\:)(\\/\\/)|(?i:(www))(\\\.)")
_JOINER = "\u2060"


def plain(text: object) -> str:
    """``text`` escaped so that Markdown shows it character for character.

    Every ASCII punctuation character gets a backslash, which CommonMark defines as "this
    character, literally"; that covers emphasis, links, images, HTML, headings, lists,
    tables, Streamlit's ``:colour[...]`` and ``:material/...:`` directives and ``$`` maths.
    Web addresses are not turned into links. Line breaks are kept as hard breaks, so a
    multi-line reason keeps its lines.
    """
    escaped = _BARE_ADDRESS.sub(
        lambda m: (m[1] or m[3]) + _JOINER + (m[2] or m[4]), str(text).translate(_ESCAPED)
    )
    return "  \n".join(escaped.splitlines() or [""])
