"""Item analysis: classical test statistics as Moodle's quiz statistics report computes them.

Input is a long table, one row per attempt and question: ``attempt_id``, ``question_id``,
``score``, ``max_score`` and, optionally, ``user_id``, ``submitted_at``, ``response`` and
``slot``. Variances divide by s - 1. Percentages are on Moodle's 0-100 scale; the test mean,
median, SD and standard error are percentages of the maximum total. A value that cannot be
computed (a constant column, too few attempts, a question worth no marks) is ``None``.

As in Moodle, a slot (one place in the test; each question is its own slot when there is
no ``slot`` column) is correlated with the rest of the test, and the questions drawn at
random into a slot are each correlated with the whole attempt total, with no effective
weight of their own.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace

import numpy as np
import pandas as pd

from .display import plural
from .errors import UserError

REQUIRED = ("attempt_id", "question_id", "score", "max_score")
CHOOSE = ("all", "first", "latest", "highest")


class StatsError(UserError):
    """The responses table cannot be analysed; the message says what to fix."""


@dataclass(frozen=True)
class TestStats:
    mean: float | None
    median: float | None
    sd: float | None
    skewness: float | None
    kurtosis: float | None
    cic: float | None
    error_ratio: float | None
    standard_error: float | None


@dataclass(frozen=True)
class QuestionStats:
    question_id: str
    n: int
    facility: float | None
    sd: float | None
    random_guess_score: float | None
    intended_weight: float | None
    effective_weight: float | None
    discrimination_index: float | None
    discriminative_efficiency: float | None
    slot: str | None = None
    # One of the questions drawn at random into ``slot`` (Moodle's sub-question).
    drawn: bool = False
    variant: str | None = None  # the row is about this variant only


@dataclass(frozen=True)
class Choice:
    question_id: str
    response: str
    overall: float
    top_third: float | None
    bottom_third: float | None


@dataclass
class Report:
    attempts: int
    test: TestStats
    questions: list[QuestionStats]
    choices: list[Choice] = field(default_factory=list)

    def to_json(self) -> dict:
        """The report as JSON; ``slot``, ``drawn`` and ``variant`` only for tables with them."""
        questions = [asdict(q) for q in self.questions]
        unused = {"variant"} if not any(q.variant for q in self.questions) else set()
        if not any(q.slot for q in self.questions):
            unused |= {"slot", "drawn"}
        questions = [{k: v for k, v in q.items() if k not in unused} for q in questions]
        return {"attempts": self.attempts, "test": asdict(self.test), "questions": questions}


def validate(frame: pd.DataFrame) -> pd.DataFrame:
    """Check columns and values; returns a cleaned copy or raises StatsError."""
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise StatsError(
            f"missing {plural(len(missing), 'column')} ({', '.join(missing)}); the table needs "
            f"{', '.join(REQUIRED)} (and may have user_id, submitted_at, response)"
        )
    frame = frame.copy()
    for column in ("score", "max_score"):
        numbers = pd.to_numeric(frame[column], errors="coerce")
        bad = numbers.isna() & frame[column].notna() | frame[column].isna()
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise StatsError(f"row {row + 2}: {column} {frame[column].iloc[row]!r} is not a number")
        frame[column] = numbers.astype(float)
    if (frame["max_score"] < 0).any():
        row = int(np.flatnonzero((frame["max_score"] < 0).to_numpy())[0])
        raise StatsError(f"row {row + 2}: max_score cannot be negative")
    over = (frame["score"] < -1e-9) | (frame["score"] > frame["max_score"] + 1e-9)
    if over.any():
        row = int(np.flatnonzero(over.to_numpy())[0])
        raise StatsError(f"row {row + 2}: score must lie between 0 and max_score")
    # Ids read as text make "7" and 7 one attempt; whole numbers from a database already
    # are one type, and their text would only be slower to group.
    if not pd.api.types.is_integer_dtype(frame["attempt_id"]):
        frame["attempt_id"] = frame["attempt_id"].astype(str)
    frame["question_id"] = frame["question_id"].astype(str)
    if frame.duplicated(["attempt_id", "question_id"]).any():
        row = int(np.flatnonzero(frame.duplicated(["attempt_id", "question_id"]).to_numpy())[0])
        raise StatsError(f"row {row + 2}: attempt and question appear more than once")
    if "variant" in frame.columns:
        frame["variant"] = frame["variant"].fillna("1").astype(str)
    if "slot" in frame.columns:
        if frame["slot"].isna().any():
            row = int(np.flatnonzero(frame["slot"].isna().to_numpy())[0])
            raise StatsError(f"row {row + 2}: slot is empty")
        frame["slot"] = frame["slot"].astype(str)
        if frame.duplicated(["attempt_id", "slot"]).any():
            row = int(np.flatnonzero(frame.duplicated(["attempt_id", "slot"]).to_numpy())[0])
            raise StatsError(
                f"row {row + 2}: an attempt has two questions in slot {frame['slot'].iloc[row]}"
            )
    return frame


def choose_attempts(frame: pd.DataFrame, which: str) -> pd.DataFrame:
    """Keep every attempt, or one per user: the first, latest or highest-scoring.

    Ties go to the earlier submission, then to the attempt that comes first in the table;
    an attempt without a submission time sorts after every dated one, and one without a
    user is left out. Worked on arrays of attempt codes: grouping the rows three times
    in pandas cost more than the statistics themselves.
    """
    if which not in CHOOSE:
        raise StatsError(f"attempts to include must be one of {', '.join(CHOOSE)}")
    if which == "all":
        return frame
    if "user_id" not in frame.columns:
        raise StatsError(f"choosing the {which} attempt per person needs a user_id column")
    codes, ids = pd.factorize(frame["attempt_id"], sort=False)
    n = len(ids)
    user_codes, _ = pd.factorize(_first_present(frame["user_id"], codes, n), sort=False)
    if "submitted_at" in frame.columns:
        when = pd.to_datetime(_first_present(frame["submitted_at"], codes, n), errors="coerce")
        order = when.rank(method="dense", na_option="bottom").to_numpy()
    else:
        order = np.arange(n)
    appearance = np.arange(n)
    if which == "highest":
        # Marks that add up to the same total tie, whatever order they were added in.
        total = np.round(np.bincount(codes, weights=frame["score"].to_numpy(), minlength=n), 9)
        ranked = np.lexsort((appearance, order, -total))
    else:
        ranked = np.lexsort((appearance, order))
    ranked = ranked[user_codes[ranked] >= 0]
    users = user_codes[ranked]
    if which == "latest":
        last = len(users) - 1 - np.unique(users[::-1], return_index=True)[1]
        picked = ranked[last]
    else:
        picked = ranked[np.unique(users, return_index=True)[1]]
    keep = np.zeros(n, dtype=bool)
    keep[picked] = True
    return frame[keep[codes]]


def _first_present(column: pd.Series, codes: np.ndarray, n: int) -> pd.Series:
    """Each attempt's first non-empty value of ``column``, in order of the attempts."""
    rows = np.flatnonzero(column.notna().to_numpy())
    found, first = np.unique(codes[rows], return_index=True)
    values = pd.Series(column.iloc[rows[first]].to_numpy(), index=found)
    return values.reindex(range(n))


def analyse(
    frame: pd.DataFrame,
    which: str = "all",
    guess: dict[str, float | None] | None = None,
    keys: dict[str, list[str]] | None = None,
) -> Report:
    """The full report. ``guess`` maps question ids to their random-guess score (0-1);
    ``keys`` maps choice questions to all their option codes, so that options nobody chose
    are reported too."""
    frame = choose_attempts(validate(frame), which)
    attempt_codes, attempt_ids = pd.factorize(frame["attempt_id"], sort=False)
    slots = frame["slot"] if "slot" in frame.columns else frame["question_id"]
    question_codes, question_ids = _factorize_slots(slots)
    # Without a slot column each slot is its own question.
    held = (
        frame.groupby(slots.to_numpy(), sort=False)["question_id"].unique()
        if "slot" in frame.columns
        else None
    )
    s, p = len(attempt_ids), len(question_ids)
    marks = np.zeros((s, p))
    seen = np.zeros((s, p), dtype=bool)
    maxima = np.zeros((s, p))
    marks[attempt_codes, question_codes] = frame["score"].to_numpy()
    maxima[attempt_codes, question_codes] = frame["max_score"].to_numpy()
    seen[attempt_codes, question_codes] = True
    totals = marks.sum(axis=1)
    max_totals = maxima.sum(axis=1)
    complete = bool(seen.all())
    test = _test_stats(marks, totals, max_totals, complete)
    intended = _intended_weights(maxima, seen)
    covariance_total = []
    questions: list[QuestionStats] = []
    following: list[list[QuestionStats]] = []  # the rows that follow each slot's row
    # Without slots or variants each slot is one question in one version, which has no
    # rows to follow it; skipping the per-slot filter of every row saves most of the loop.
    breaks_down = "slot" in frame.columns or "variant" in frame.columns
    for j, slot in enumerate(question_ids):
        rows = seen[:, j]
        x = marks[rows, j]
        rest = totals[rows] - x
        top = maxima[rows, j].max() if rows.any() else 0.0
        stats = _question(x, rest, top)
        covariance_total.append(_cov(x, totals[rows]))
        inside = [str(slot)] if held is None else [str(q) for q in held[slot]]
        label = inside[0] if len(inside) == 1 else f"slot {slot}"
        questions.append(
            QuestionStats(
                question_id=label,
                n=int(rows.sum()),
                facility=stats["facility"],
                sd=stats["sd"],
                random_guess_score=_percent((guess or {}).get(label)),
                intended_weight=intended[j],
                effective_weight=None,
                discrimination_index=stats["discrimination_index"],
                discriminative_efficiency=stats["discriminative_efficiency"],
                slot=str(slot) if "slot" in frame.columns else None,
            )
        )
        if breaks_down:
            within = (slots == slot).to_numpy()
            following.append(
                _breakdown(frame[within], attempt_codes[within], totals, questions[-1], guess)
            )
        else:
            following.append([])
    effective = _effective_weights(covariance_total)
    slot_rows = [replace(q, effective_weight=effective[j]) for j, q in enumerate(questions)]
    questions = []
    for row, breakdown in zip(slot_rows, following, strict=True):
        questions += [row, *breakdown]
    choices = _choices(frame, attempt_codes, totals, keys or {}) if "response" in frame else []
    return Report(attempts=s, test=test, questions=questions, choices=choices)


def _natural(value: object) -> tuple[int, int, str]:
    """Slot 2 before slot 10; names after numbers."""
    text = str(value)
    return (0, int(text), "") if text.isdigit() else (1, 0, text)


def _factorize_slots(slots: pd.Series) -> tuple[np.ndarray, list]:
    """Codes and labels of the slots, in their natural order (slot 2 before slot 10)."""
    codes, found = pd.factorize(slots, sort=False)
    labels = sorted(found, key=_natural)
    order = {label: i for i, label in enumerate(labels)}
    return np.array([order[label] for label in found], dtype=np.intp)[codes], labels


def _breakdown(
    part: pd.DataFrame,
    codes: np.ndarray,
    totals: np.ndarray,
    slot_row: QuestionStats,
    guess: dict[str, float | None] | None,
) -> list[QuestionStats]:
    """The rows that follow a slot's row, as Moodle breaks a slot down.

    A slot that drew several questions at random gets a row per question, and per variant
    of a question that has several, each against the whole attempt total (Moodle's
    sub-question statistics). A slot with one question in several variants gets a row per
    variant against the rest of the test, as the slot itself. None has an effective weight.
    """
    has_variants = "variant" in part.columns
    if part["question_id"].nunique() == 1:
        if not has_variants or part["variant"].nunique() < 2:
            return []
        return [
            _sub_row(part[mine], codes[mine], totals, slot_row, guess, whole=False, variant=v)
            for v, mine in _groups(part["variant"])
        ]
    found = []
    for question_id, mine in _groups(part["question_id"]):
        rows, mine_codes = part[mine], codes[mine]
        found.append(_sub_row(rows, mine_codes, totals, slot_row, guess, question_id=question_id))
        if has_variants and rows["variant"].nunique() > 1:
            found += [
                _sub_row(rows[v_rows], mine_codes[v_rows], totals, slot_row, guess, question_id, v)
                for v, v_rows in _groups(rows["variant"])
            ]
    return found


def _groups(values: pd.Series) -> list[tuple[str, np.ndarray]]:
    ordered = sorted(values.unique(), key=_natural)
    return [(str(v), (values == v).to_numpy()) for v in ordered]


def _sub_row(
    rows: pd.DataFrame,
    codes: np.ndarray,
    totals: np.ndarray,
    slot_row: QuestionStats,
    guess: dict[str, float | None] | None,
    question_id: str | None = None,
    variant: str | None = None,
    *,
    whole: bool = True,
) -> QuestionStats:
    x = rows["score"].to_numpy()
    against = totals[codes] if whole else totals[codes] - x
    stats = _question(x, against, rows["max_score"].max())
    label = question_id or slot_row.question_id
    return QuestionStats(
        question_id=label,
        n=len(x),
        facility=stats["facility"],
        sd=stats["sd"],
        random_guess_score=_percent((guess or {}).get(label)),
        intended_weight=None,
        effective_weight=None,
        discrimination_index=stats["discrimination_index"],
        discriminative_efficiency=stats["discriminative_efficiency"],
        slot=slot_row.slot,
        drawn=question_id is not None,
        variant=variant,
    )


# --- the numbers ------------------------------------------------------------------------


def _percent(value: float | None) -> float | None:
    return None if value is None else 100.0 * value


def _variance(x: np.ndarray) -> float | None:
    return float(np.var(x, ddof=1)) if len(x) > 1 else None


def _cov(x: np.ndarray, y: np.ndarray) -> float | None:
    if len(x) < 2:
        return None
    return float(np.sum((x - x.mean()) * (y - y.mean())) / (len(x) - 1))


def _test_stats(
    marks: np.ndarray, totals: np.ndarray, max_totals: np.ndarray, complete: bool
) -> TestStats:
    s, p = marks.shape
    if s == 0 or max_totals.max() <= 0:
        return TestStats(None, None, None, None, None, None, None, None)
    scale = 100.0 / float(max_totals.max())
    percent = totals * scale
    mean, median = float(percent.mean()), float(np.median(percent))
    if s < 2:
        return TestStats(mean, median, None, None, None, None, None, None)
    deviations = totals - totals.mean()
    m2 = float(np.mean(deviations**2))
    m3 = float(np.mean(deviations**3))
    m4 = float(np.mean(deviations**4))
    k2 = s * m2 / (s - 1)
    sd = math.sqrt(k2) * scale
    skewness = kurtosis = cic = error_ratio = standard_error = None
    if k2 > 0 and s > 2:
        k3 = s * s * m3 / ((s - 1) * (s - 2))
        skewness = k3 / k2**1.5
    if k2 > 0 and s > 3:
        k4 = s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2) / ((s - 1) * (s - 2) * (s - 3))
        kurtosis = k4 / (k2 * k2)
    if k2 > 0 and p > 1 and complete:
        item_variances = np.var(marks, axis=0, ddof=1).sum()
        cic = 100.0 * p / (p - 1) * (1 - item_variances / k2)
        error_ratio = 100.0 * math.sqrt(max(0.0, 1 - cic / 100))
        standard_error = error_ratio * sd / 100
    return TestStats(
        mean,
        median,
        float(sd),
        skewness,
        kurtosis,
        None if cic is None else float(cic),
        error_ratio,
        None if standard_error is None else float(standard_error),
    )


def _question(x: np.ndarray, rest: np.ndarray, top: float) -> dict[str, float | None]:
    n = len(x)
    found: dict[str, float | None] = {
        "facility": None,
        "sd": None,
        "discrimination_index": None,
        "discriminative_efficiency": None,
    }
    if n == 0 or top <= 0:
        return found
    top = float(top)
    found["facility"] = 100.0 * float(x.mean()) / top
    variance = _variance(x)
    if variance is None:
        return found
    found["sd"] = 100.0 * math.sqrt(variance) / top
    rest_variance = _variance(rest)
    covariance = _cov(x, rest)
    if n >= 3 and covariance is not None and variance > 0 and rest_variance and rest_variance > 0:
        found["discrimination_index"] = 100.0 * covariance / math.sqrt(variance * rest_variance)
        # The largest covariance two such columns allow: both sorted the same way.
        largest = _cov(np.sort(x), np.sort(rest))
        if largest and largest > 0:
            found["discriminative_efficiency"] = 100.0 * covariance / largest
    return found


def _intended_weights(maxima: np.ndarray, seen: np.ndarray) -> list[float | None]:
    if not seen.any():
        return [None] * maxima.shape[1]
    # The question's marks out of the total, as set by the quiz (the largest seen).
    per_question = np.where(seen, maxima, 0).max(axis=0)
    total = per_question.sum()
    return [100.0 * float(m) / float(total) if total else None for m in per_question]


def _effective_weights(covariances: list[float | None]) -> list[float | None]:
    roots = [math.sqrt(c) if c is not None and c >= 0 else None for c in covariances]
    total = sum(r for r in roots if r is not None)
    if not total:
        return [None] * len(covariances)
    return [None if r is None else 100.0 * r / total for r in roots]


def _choices(
    frame: pd.DataFrame, attempt_codes: np.ndarray, totals: np.ndarray, keys: dict[str, list[str]]
) -> list[Choice]:
    """The share choosing each response, overall and in the top and bottom thirds."""
    s = len(totals)
    third = s // 3
    band = np.zeros(s, dtype=np.int8)  # 1: top third, 2: bottom third by total score
    if third:
        ranked = np.argsort(-totals, kind="stable")
        band[ranked[:third]] = 1
        band[ranked[s - third :]] = 2
    row_band = band[attempt_codes]
    question_codes, question_ids = pd.factorize(frame["question_id"], sort=True)
    response_codes, response_values = pd.factorize(
        frame["response"].fillna("").astype(str), sort=True
    )
    width = max(len(response_values), 1)
    cells = question_codes * width + response_codes
    size = len(question_ids) * width

    def counts(mask: np.ndarray | None) -> np.ndarray:
        chosen = cells if mask is None else cells[mask]
        return np.bincount(chosen, minlength=size).reshape(len(question_ids), width)

    overall, top, bottom = counts(None), counts(row_band == 1), counts(row_band == 2)
    found: list[Choice] = []
    for q, question_id in enumerate(question_ids):
        seen = {str(response_values[r]): r for r in np.flatnonzero(overall[q])}
        if question_id not in keys and len(seen) > 12:
            continue  # free-text answers: a table of every spelling would not help
        options = list(dict.fromkeys([*keys.get(question_id, []), *sorted(seen)]))
        n, n_top, n_bottom = overall[q].sum(), top[q].sum(), bottom[q].sum()
        for option in options:
            r = seen.get(option)
            found.append(
                Choice(
                    question_id=str(question_id),
                    response=option,
                    overall=0.0 if r is None else 100.0 * overall[q, r] / n,
                    top_third=None
                    if not third or not n_top
                    else (0.0 if r is None else 100.0 * top[q, r] / n_top),
                    bottom_third=None
                    if not third or not n_bottom
                    else (0.0 if r is None else 100.0 * bottom[q, r] / n_bottom),
                )
            )
    return found
