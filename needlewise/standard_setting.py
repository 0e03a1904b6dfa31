"""Standard setting by the modified Angoff method: the arithmetic, with no storage.

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
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass

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
