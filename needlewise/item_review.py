"""Which questions of an item analysis deserve a look, worst first, in plain words.

This is the one rule for judging items: the Item analysis page ranks by it and the Quiz
studio lists what it flags. A question is too easy above 90% facility, too hard below 30%,
weak below a discrimination index of 20 (0.2 on the -1 to 1 scale; the statistics use
Moodle's 0-100 scale), suspect below -5 (small negative values are noise), no better
than guessing at its random-guess score plus 5, and an option nobody chose does no work.

Classical item statistics swing wildly in small groups: with a handful of attempts every
question looks too easy, too hard or undiscriminating. A question with fewer than
``MIN_ATTEMPTS`` (30, the sample Moodle-style quiz reports are commonly read from)
analysed attempts gets no verdict. The rest are ranked: a possibly wrong key before a
merely easy question.
"""

from __future__ import annotations

from dataclasses import dataclass

from .display import number, percent, shorten
from .quiz.schema import ChoiceQuestion, Quiz
from .quiz.scoring import LETTERS
from .stats import Report

MIN_ATTEMPTS = 30
# The item analysis page's tabs, in order; each label is also the tab's value in the address.
TABS = ("Summary", "Questions", "Distractor analysis")
TOO_EASY, TOO_HARD = 90.0, 30.0  # facility, %
WEAK, NEGATIVE = 20.0, -5.0  # discrimination index, 0-100
GUESSING_MARGIN = 5.0  # facility points above the random-guess score
RULE = (
    f"facility above {TOO_EASY:g}% or below {TOO_HARD:g}%, discrimination below "
    f"{WEAK / 100:g}, no better than guessing, or an option nobody chose"
)


@dataclass(frozen=True)
class Flag:
    question_id: str
    problem: str
    likely_cause: str
    # What to look at first: 1 (the key may be wrong) to 6 (merely too easy).
    severity: int = 6
    # The option code a distractor flag is about.
    response: str | None = None


@dataclass(frozen=True)
class Concern:
    """One question worth a look, with every reason found and what to do about the worst."""

    question_id: str
    question: str
    reasons: tuple[str, ...]
    advice: str
    severity: int


def meaningful(report: Report) -> bool:
    return report.attempts >= MIN_ATTEMPTS


def question_text(quiz: Quiz | None, question_id: str, width: int = 80) -> str:
    """The question's prompt, shortened; its id when the quiz no longer has it."""
    if quiz is None:
        return question_id
    try:
        return shorten(quiz.leaf(question_id).prompt, width)
    except KeyError:
        return question_id


def option_text(quiz: Quiz | None, question_id: str, code: str, width: int = 60) -> str:
    """A response code as a person reads it: 'B: Two to three weeks'."""
    if not code:
        return "(no answer)"
    try:
        question = quiz.leaf(question_id) if quiz else None
    except KeyError:
        question = None
    if isinstance(question, ChoiceQuestion):
        parts = []
        for letter in code.split(";"):
            index = LETTERS.find(letter)
            if 0 <= index < len(question.options):
                parts.append(f"{letter}: {shorten(question.options[index].text, width)}")
            else:
                parts.append(letter)
        return "; ".join(parts)
    if code in ("true", "false"):
        return code.capitalize()
    return code


def _reason(flag: Flag, quiz: Quiz | None) -> str:
    if flag.response is not None:
        return f"nobody chose '{option_text(quiz, flag.question_id, flag.response)}'"
    return flag.problem[0].lower() + flag.problem[1:]


def flags(report: Report) -> list[Flag]:
    """Every problem the rule finds, on any sample size; ``ranked`` applies the minimum."""
    found: list[Flag] = []
    for q in report.questions:
        if q.facility is not None and q.facility > TOO_EASY:
            found.append(
                Flag(
                    q.question_id,
                    f"Too easy ({percent(q.facility)} facility)",
                    "Nearly everyone gets it right, so it tells you little about who "
                    "has learned the point; make the distractors more plausible.",
                    severity=6,
                )
            )
        if q.facility is not None and q.facility < TOO_HARD:
            found.append(
                Flag(
                    q.question_id,
                    f"Too hard ({percent(q.facility)} facility)",
                    "Few get it right: check the wording, the key, and that the lesson teaches it.",
                    severity=3,
                )
            )
        if (
            q.facility is not None
            and q.random_guess_score is not None
            and q.random_guess_score > 0
            and q.facility <= q.random_guess_score + GUESSING_MARGIN
        ):
            found.append(
                Flag(
                    q.question_id,
                    "Scores no better than guessing",
                    "Trainees do no better than chance: the question may be "
                    "ambiguous or test something not yet taught.",
                    severity=2,
                )
            )
        if q.discrimination_index is not None and q.discrimination_index < NEGATIVE:
            found.append(
                Flag(
                    q.question_id,
                    f"Negative discrimination ({number(q.discrimination_index)})",
                    "Stronger trainees do worse on it than weaker ones: check the "
                    "key first, then look for a second defensible answer.",
                    severity=1,
                )
            )
        elif q.discrimination_index is not None and q.discrimination_index < WEAK:
            found.append(
                Flag(
                    q.question_id,
                    f"Weak discrimination ({number(q.discrimination_index)})",
                    "It barely separates trainees who know the topic from those "
                    "who do not; review the wording and the distractors.",
                    severity=4,
                )
            )
    for choice in report.choices:
        if choice.overall == 0 and choice.response:
            found.append(
                Flag(
                    choice.question_id,
                    f"Nobody chose '{choice.response}'",
                    "A distractor nobody picks does no work; replace it with a "
                    "plausible mistake trainees really make.",
                    severity=5,
                    response=choice.response,
                )
            )
    return found


def ranked(report: Report, quiz: Quiz | None = None) -> list[Concern]:
    """The questions with a problem, worst first; only those with the minimum sample."""
    judged = {q.question_id for q in report.questions if q.n >= MIN_ATTEMPTS}
    by_question: dict[str, list[Flag]] = {}
    for flag in flags(report):
        if flag.question_id not in judged:
            continue
        by_question.setdefault(flag.question_id, []).append(flag)
    concerns = []
    for question_id, found in by_question.items():
        found.sort(key=lambda f: f.severity)
        concerns.append(
            Concern(
                question_id=question_id,
                question=question_text(quiz, question_id),
                reasons=tuple(_reason(f, quiz) for f in found),
                advice=found[0].likely_cause,
                severity=found[0].severity,
            )
        )
    concerns.sort(key=lambda c: (c.severity, -len(c.reasons), c.question_id))
    return concerns
