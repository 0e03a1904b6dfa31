"""How numbers and times are shown: one rule for every page and every export.

Grades, points, mastery and statistics are shown to one decimal place, rounded down, with
a trailing ".0" dropped. Rounding down means a shown number is never higher than the real
one, so a grade of 79.96% reads "79.9%" next to a pass mark of 80%, not a passing-looking
"80%". The gradebook, the trainee's own pages and the exports all go through
``rounded``, so they always agree.

Times are stored in naive UTC and shown in one time zone (the clinic's, from Settings, or
the visitor's browser's) by ``moment`` and ``day``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

PLACES = 1
NONE = "—"


def rounded(value: float | None) -> float | None:
    """``value`` to one decimal place, rounded down; None (or NaN) stays None.

    The product is first rounded to 6 places so that float noise (80.6 stored as
    80.59999999) does not lose a tenth.
    """
    if value is None or math.isnan(value):
        return None
    return float(_round_down(np.float64(value)))


def rounded_column(values: pd.Series) -> pd.Series:
    """``rounded`` for a whole column at once (missing values stay missing): the same
    arithmetic, without a Python call per cell."""
    numbers = pd.to_numeric(values, errors="raise").astype(float)
    return pd.Series(_round_down(numbers.to_numpy()), index=values.index)


def _round_down(value):
    """The one rounding rule, for a number or an array: NumPy's arithmetic in both, so the
    scalar and the column versions agree to the last bit."""
    scale = 10**PLACES
    return np.floor(np.round(value * scale, 6)) / scale


def number(value: float | None) -> str:
    """A rounded number as text: "16.9", "21", "0.6"; a dash for no value."""
    shown = rounded(None if value is None else float(value))
    if shown is None:
        return NONE
    return f"{shown:.{PLACES}f}".rstrip("0").rstrip(".") if shown % 1 else f"{shown:.0f}"


def percent(value: float | None) -> str:
    """A percentage: "80.6%"; a dash for no value."""
    text = number(value)
    return text if text == NONE else f"{text}%"


def points(earned: float | None, possible: float) -> str:
    """Earned of possible points, e.g. "16.9 of 21 points" ("point" for exactly one)."""
    return f"{number(earned)} of {plural_number(possible, 'point')}"


def plural(count: int, singular: str, many: str | None = None) -> str:
    """A count with its noun, e.g. "1 note", "3 notes"; never "note(s)"."""
    return f"{count:,} {singular if count == 1 else (many or singular + 's')}"


def plural_number(amount: float, singular: str, many: str | None = None) -> str:
    """A rounded amount with its noun, e.g. "1 point", "0.5 points"."""
    return f"{number(amount)} {singular if rounded(amount) == 1 else (many or singular + 's')}"


def join_sentences(items: Iterable[str]) -> str:
    """Join full sentences with "; " without doubling their stops: "A. B; C. D."."""
    parts = [item.strip() for item in items if item and item.strip()]
    if not parts:
        return ""
    trimmed = [part.rstrip(".") for part in parts[:-1]] + [parts[-1]]
    joined = "; ".join(trimmed)
    return joined if joined.endswith((".", "?", "!")) else joined + "."


def sentence(text: str) -> str:
    """``text`` ending in one stop: "How strong is the evidence?" is left as it is."""
    text = text.strip()
    return text if text.endswith((".", "?", "!", ":")) else text + "."


def zone(name: str | None) -> ZoneInfo:
    """The time zone called ``name``; UTC for none or an unknown name."""
    if not name:
        return ZoneInfo("UTC")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local(at: datetime, zone_name: str | None) -> datetime:
    """A stored naive-UTC time in the given zone."""
    aware = at if at.tzinfo else at.replace(tzinfo=UTC)
    return aware.astimezone(zone(zone_name))


def moment(at: datetime | None, zone_name: str | None) -> str:
    """A date and time in the given zone, named, e.g. "30 Nov 2026, 14:05 CET"."""
    if at is None:
        return ""
    shown = local(at, zone_name)
    return f"{shown:%d %b %Y, %H:%M} {shown.tzname()}"


def day(at: datetime | None, zone_name: str | None) -> str:
    """The date in the given zone, e.g. "30 Nov 2026"."""
    if at is None:
        return ""
    return f"{local(at, zone_name):%d %b %Y}"


def shorten(text: str, width: int = 80) -> str:
    """Markdown as one plain line of at most ``width`` characters, cut at a word."""
    plain = " ".join(text.replace("**", "").replace("`", "").replace("__", "").split())
    if len(plain) <= width:
        return plain
    cut = plain[: width - 1].rsplit(" ", 1)[0].rstrip(",.;:")
    return cut + "…"


QUIZ_WORDS = ("quiz", "assessment", "test", "exam")


def _names_itself(title: str) -> bool:
    return any(word in title.lower().split(":")[0].split() for word in QUIZ_WORDS)


def quiz_name(title: str) -> str:
    """A quiz's title as a link label: "Module 1 quiz: skin" as it is, never "Quiz: Module 1
    quiz: skin"; a title that does not say it is a quiz gets "Quiz: " in front."""
    return title if _names_itself(title) else f"Quiz: {title}"


def the_quiz(title: str) -> str:
    """A quiz's title inside a sentence: "the Module 1 quiz: skin", "the final assessment",
    "the quiz 'Hygiene basics'"."""
    if not _names_itself(title):
        return f"the quiz '{title}'"
    words = title.split()
    keeps_capital = len(words) > 1 and words[1][:1].isdigit()
    return "the " + (title if keeps_capital else title[:1].lower() + title[1:])
