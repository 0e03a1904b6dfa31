"""Typed answers: one normaliser for scoring and for ``check``, and the checks on patterns.

Two spellings that a person would call the same answer compare equal: Unicode compatibility
forms (NFKC), case (unless the question is case-sensitive), punctuation, all whitespace, and
Greek letters against their names, so "TGF-β3", "TGF-beta3" and "tgf beta 3" are one answer.
A decimal point between digits is kept ("1.5" is not "15"). ``*`` in an accepted answer
matches any run of characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

_DECIMAL = re.compile(r"(?<=\d)[.,](?=\d)")
_KEEP_POINT = "\0"
# A pattern with fewer literal characters than this accepts too many unrelated answers.
MIN_LITERAL = 4
# What a wrong answer may put in front of a right one.
NEGATIONS = ("non-", "not ", "no ", "un", "anti-")


def greek_name(ch: str, case_sensitive: bool = False) -> str:
    """A Greek letter's name ("β" -> "beta"); any other character unchanged."""
    name = unicodedata.name(ch, "")
    if not name.startswith("GREEK") or "LETTER" not in name:
        return ch
    word = name.split("LETTER ", 1)[1].split(" WITH ")[0].replace("FINAL ", "")
    word = word.split()[-1].lower()
    return word.capitalize() if case_sensitive and "CAPITAL" in name else word


def fold(text: str, case_sensitive: bool = False) -> str:
    """The comparable form of an answer: see the module docstring for what is folded."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(greek_name(ch, case_sensitive) for ch in text)
    if not case_sensitive:
        text = text.casefold()
    text = _DECIMAL.sub(_KEEP_POINT, text)
    kept = (
        ch
        for ch in text
        if not unicodedata.category(ch).startswith(("P", "Z", "C")) or ch == _KEEP_POINT
    )
    return "".join(kept).replace(_KEEP_POINT, ".")


def matches(pattern: str, text: str, case_sensitive: bool = False) -> bool:
    """Whether ``text`` fits an accepted answer; ``*`` in the answer matches anything."""
    parts = [re.escape(fold(part, case_sensitive)) for part in pattern.split("*")]
    regex = ".*".join(parts)
    return re.fullmatch(regex, fold(text, case_sensitive), flags=re.DOTALL) is not None


def literal_length(pattern: str, case_sensitive: bool = False) -> int:
    """How many characters of the pattern are not wildcards, after folding."""
    return sum(len(fold(part, case_sensitive)) for part in pattern.split("*"))


def loose_pattern_reasons(pattern: str, case_sensitive: bool = False) -> Iterator[str]:
    """Why a wildcard pattern may accept wrong answers (nothing for a pattern without ``*``)."""
    if "*" not in pattern or not pattern.replace("*", "").strip():
        return
    literal = literal_length(pattern, case_sensitive)
    if literal < MIN_LITERAL:
        yield (
            f"has only {literal} literal character(s) beside its wildcard, so it accepts "
            "unrelated answers that happen to contain them"
        )
    if not pattern.lstrip().startswith("*"):
        return
    core = pattern.replace("*", "")
    for negation in NEGATIONS:
        example = negation + core
        if matches(pattern, example, case_sensitive):
            yield (
                f"also accepts {example!r}: a wildcard in front lets a negation or another "
                "word through; list the accepted spellings instead, or add reject examples"
            )
            return
