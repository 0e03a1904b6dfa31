"""Standard setting by the modified Angoff method: the arithmetic and what the page says
about it, with no storage.

Each rater (an instructor) gives, for every item of the final, the probability (0-100%)
that a borderline, minimally competent trainee answers it correctly.

- A rater's cut score is the mean of their ratings weighted by item points: the percent
  of the marks a borderline trainee is expected to earn.
- Only raters who have rated every item count: a rater who skipped the hard items would
  pull the cut up. Incomplete raters are listed with how far they got.
- The overall cut score is the mean of the counted raters' cut scores; the spread is the
  sample standard deviation (n - 1) of those cut scores, with their minimum and maximum.
- Disagreement per item is the sample standard deviation of its ratings (by counted
  raters); the ten largest are shown so the panel can discuss them and re-rate.
- A panel smaller than ``RECOMMENDED_PANEL`` complete raters is warned about, on the page
  and in the question asked before adopting, never silently accepted.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass

from .display import plural
from .grading import passed

TOP_DISAGREEMENTS = 10

Ratings = Mapping[str, Mapping[str, float]]  # rater -> question id -> percent


@dataclass(frozen=True)
class RaterCut:
    rater: str
    cut: float | None
    rated: int
    items: int

    @property
    def complete(self) -> bool:
        return self.rated == self.items


@dataclass(frozen=True)
class ItemSpread:
    question_id: str
    mean: float
    sd: float | None


@dataclass(frozen=True)
class AngoffResult:
    cut: float | None
    raters: tuple[RaterCut, ...]
    sd: float | None
    low: float | None
    high: float | None
    disagreements: tuple[ItemSpread, ...]

    @property
    def counted(self) -> tuple[RaterCut, ...]:
        return tuple(r for r in self.raters if r.complete)


def rater_cut(ratings: Mapping[str, float], points: Mapping[str, float]) -> float | None:
    """Points-weighted mean rating over every item; None unless all items are rated."""
    if not points or any(q not in ratings for q in points):
        return None
    total = sum(points.values())
    return sum(ratings[q] * p for q, p in points.items()) / total


def angoff(ratings: Ratings, points: Mapping[str, float]) -> AngoffResult:
    """The panel's result for the items in ``points`` (question id -> points)."""
    for rater, given in ratings.items():
        for question_id, value in given.items():
            if not 0 <= value <= 100:
                raise ValueError(f"{rater} rated {question_id} {value}; ratings are 0-100")
    raters = tuple(
        RaterCut(
            rater,
            rater_cut(given, points),
            sum(1 for q in points if q in given),
            len(points),
        )
        for rater, given in sorted(ratings.items())
    )
    cuts = [r.cut for r in raters if r.cut is not None]
    counted = [r.rater for r in raters if r.cut is not None]
    spreads = []
    for question_id in points:
        values = [ratings[r][question_id] for r in counted]
        if values:
            sd = statistics.stdev(values) if len(values) > 1 else None
            spreads.append(ItemSpread(question_id, statistics.fmean(values), sd))
    spreads.sort(key=lambda s: (-(s.sd or 0.0), s.question_id))
    return AngoffResult(
        cut=statistics.fmean(cuts) if cuts else None,
        raters=raters,
        sd=statistics.stdev(cuts) if len(cuts) > 1 else None,
        low=min(cuts) if cuts else None,
        high=max(cuts) if cuts else None,
        disagreements=tuple(spreads[:TOP_DISAGREEMENTS]),
    )


def pass_rate(grades: list[float], cut: float) -> float | None:
    """Percent of trainees whose kept grade reaches ``cut``; None with no grades."""
    if not grades:
        return None
    return 100.0 * sum(1 for g in grades if passed(g, cut)) / len(grades)


# --- what the page says --------------------------------------------------------------

# Angoff panels usually have at least five judges; below five, one rater more or less moves
# the cut score a long way. The page warns rather than refuses: a clinic may have fewer
# instructors, and the admin who adopts is told plainly what the standard rests on.
RECOMMENDED_PANEL = 5

# A rater sees the items a page at a time: few enough to draw quickly, many enough that
# a 200-item final is ten pages.
SECTION_SIZE = 20


def sections(count: int, size: int = SECTION_SIZE) -> list[range]:
    """The item numbers (from 1) split into pages of ``size``: 45 items are 1-20, 21-40
    and 41-45."""
    return [range(start, min(start + size, count + 1)) for start in range(1, count + 1, size)]


def section_label(numbers: range, rated: int, refused: int) -> str:
    """A page of items as the rater chooses it: which items, how many rated, and how many
    were typed but refused."""
    done = "all rated" if rated == len(numbers) else f"{rated} of {len(numbers)} rated"
    not_saved = f", {refused} not saved" if refused else ""
    return f"Items {numbers[0]}–{numbers[-1]} ({done}{not_saved})"


def _percent(value: float) -> str:
    return f"{value:g}%"


def refused(number: int, reason: str, saved: float | None) -> str:
    """Why item ``number``'s typed rating was not saved, and what is saved instead."""
    kept = (
        "It has no saved rating yet"
        if saved is None
        else f"Its saved rating is still {_percent(saved)}"
    )
    return f"Item {number} not saved: {reason}. {kept}."


def out_of_range(typed: float) -> str | None:
    """Why a typed rating is not one, or None when it is a percent."""
    return None if 0 <= typed <= 100 else f"{typed:g} is not a percent from 0 to 100"


def cleared(number: int, saved: float) -> str:
    """Emptying a box whose item had a saved rating takes the rating back."""
    return (
        f"Item {number}: your rating of {_percent(saved)} is taken back; the item is not "
        "rated, and until you rate every item your cut score is not counted."
    )


def not_saved_summary(typed: Mapping[int, float]) -> str | None:
    """The ratings typed but refused, by item number, or None when every one was saved."""
    if not typed:
        return None
    listed = [f"item {n} ({v:g})" for n, v in sorted(typed.items())]
    joined = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]
    count = "1 rating is" if len(listed) == 1 else f"{len(listed)} ratings are"
    return (
        f"{count} not saved: {joined}. Each says why beside its box; every other rating "
        "you gave is saved."
    )


def panel_warning(counted: int) -> str | None:
    """Why a cut score from fewer than ``RECOMMENDED_PANEL`` complete raters is weak."""
    if counted >= RECOMMENDED_PANEL:
        return None
    raters = "1 rater has" if counted == 1 else f"{counted} raters have"
    return (
        f"Only {raters} rated every item. Angoff panels usually have at least "
        f"{RECOMMENDED_PANEL} judges, and many sources suggest 10 or more: with fewer than "
        f"{RECOMMENDED_PANEL}, one rater more or less can move the cut score a long way. Add "
        "raters before adopting it if you can."
    )


def adopt_question(
    quiz_title: str, current: float, current_is_adopted: bool, panel: AngoffResult, items: int
) -> tuple[str, str]:
    """What adopting the panel's cut score will do, said before it is done, and the
    confirm button's label. The new pass mark is the cut rounded to one decimal, as stored."""
    if panel.cut is None:
        raise ValueError("there is no cut score to adopt")
    new = round(panel.cut, 1)
    counted = len(panel.counted)
    before = "the pass mark adopted before" if current_is_adopted else "the flat pass mark"
    raters = "1 rater's" if counted == 1 else f"{counted} raters'"
    statement = (
        f"Make **{_percent(new)}** the pass mark of {quiz_title}, in place of "
        f"**{_percent(current)}** ({before})? It rests on {raters} ratings of "
        f"{'its one item' if items == 1 else 'all ' + plural(items, 'item')}. Attempts "
        "started from now on use it; attempts already started keep theirs."
    )
    warning = panel_warning(counted)
    if warning:
        statement += f"\n\n**Too small a panel.** {warning}"
    return statement, f"Adopt {_percent(new)} as the pass mark"
