"""Which questions of an item analysis deserve a look, worst first, in plain words.

This is the one rule for judging items: the Item analysis page ranks by it and the Quiz
studio lists what it flags. A question is too easy above 90% facility, too hard below 30%,
weak below a discrimination index of 20 (0.2 on the -1 to 1 scale; the statistics use
Moodle's 0-100 scale), suspect below -5 (small negative values are noise), no better
than guessing at its random-guess score plus 5, and an option nobody chose does no work.

Classical item statistics swing wildly in small groups: with a handful of attempts every
question looks too easy, too hard or undiscriminating. A question with fewer than
``MIN_ATTEMPTS`` (30, the sample Moodle-style quiz reports are commonly read from)
analysed attempts gets no verdict.

The rest are ranked in groups (``GROUPS``), a possibly wrong key first and a merely easy
question last, and within a group by the size of the problem (a discrimination of -23
before one of -8). A discrimination on a question that fewer than ``FEW`` got wrong rests
on those few: one strong trainee's slip makes it negative. That is weak evidence of a
wrong key, so such a question is listed after the other problems. Each concern says which
group it is in and by what it was ordered, so the page can say why it is listed there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .display import number, percent, plural, shorten
from .quiz.schema import ChoiceQuestion, Quiz
from .quiz.scoring import LETTERS
from .stats import QuestionStats, Report

MIN_ATTEMPTS = 30
# The item analysis page's tabs, in order; each label is also the tab's value in the address.
TABS = ("Summary", "Questions", "Distractor analysis")
TOO_EASY, TOO_HARD = 90.0, 30.0  # facility, %
WEAK, NEGATIVE = 20.0, -5.0  # discrimination index, 0-100
GUESSING_MARGIN = 5.0  # facility points above the random-guess score
# Fewer wrong answers than this are a handful: too few for a discrimination to mean much.
FEW = 5
RULE = (
    f"facility above {TOO_EASY:g}% or below {TOO_HARD:g}%, discrimination index below "
    f"{WEAK:g} (on the -100 to 100 scale the statistics show), no better than guessing, or "
    "an option nobody chose"
)

# The groups concerns are ranked in, most in need of a look first: each group's name and
# how it is ordered (the larger problem first).
WRONG_KEY, GUESSING, HARD, WEAK_DISCRIMINATION, UNUSED, FEW_WRONG, EASY = range(1, 8)
GROUPS: dict[int, tuple[str, str]] = {
    WRONG_KEY: ("possible wrong key", "discrimination, most negative first"),
    GUESSING: ("no better than guessing", "facility against the guessing score, lowest first"),
    HARD: ("too hard", "facility, lowest first"),
    WEAK_DISCRIMINATION: ("weak discrimination", "discrimination, lowest first"),
    UNUSED: ("options nobody chose", "unused options, most first"),
    FEW_WRONG: (
        "negative discrimination resting on a few wrong answers",
        "discrimination, most negative first",
    ),
    EASY: ("very easy", "facility, highest first"),
}
ORDER = (
    "Listed by what most needs a look: "
    + ", then ".join(name for name, _ in GROUPS.values())
    + "; within each group the larger problem comes first. A discrimination on a question "
    f"fewer than {FEW} got wrong rests on those few answers: it is weak evidence of a wrong "
    "key, so it is listed after the other problems."
)


@dataclass(frozen=True)
class Flag:
    question_id: str
    problem: str
    likely_cause: str
    # The group it ranks the question in (``GROUPS``): 1 (the key may be wrong) to 7 (merely
    # very easy).
    severity: int = EASY
    # The option code a distractor flag is about.
    response: str | None = None
    # How big the problem is, larger worse, comparable within the group; and that measure
    # as a person reads it ("discrimination -23.3").
    size: float = 0.0
    measure: str = ""
    # A discrimination flag resting on a handful of wrong answers (``rests_on_few_wrong``).
    few_wrong: bool = False


@dataclass(frozen=True)
class Concern:
    """One question worth a look, with every reason found, what to do about the worst, and
    why it is listed where it is."""

    question_id: str
    question: str
    reasons: tuple[str, ...]
    advice: str
    severity: int
    why: str = ""


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


def case_of(quiz: Quiz | None, question_id: str) -> str:
    """The case a question is a part of, by its title (its id when it has none); empty for
    a question that is not part of a case."""
    if quiz is None:
        return ""
    for case, question in quiz.leaves():
        if question.id == question_id:
            if case is None:
                return ""
            return shorten(case.title, 10_000) if case.title else case.id
    return ""


def named_question(quiz: Quiz | None, question_id: str, width: int = 80) -> str:
    """The question's prompt as a list names it: a case's part after its case ("Case 'A
    client who expected faster results': What is ..."), shortened to ``width``."""
    case = case_of(quiz, question_id)
    if not case:
        return question_text(quiz, question_id, width)
    return shorten(f"Case '{case}': {question_text(quiz, question_id, 10_000)}", width)


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


def _wrong_answers(q: QuestionStats) -> float:
    """How many attempts' worth of marks the question lost: its wrong answers, when a
    question is either right or wrong."""
    return q.n * (100.0 - (q.facility or 0.0)) / 100.0


def wrong_answers_text(q: QuestionStats) -> str:
    """How many got it wrong, as "1 wrong answer" or "about 3 wrong answers" (with partial
    marks the count is an estimate)."""
    lost = _wrong_answers(q)
    count = math.floor(lost + 0.5)
    about = "" if abs(lost - count) < 0.05 else "about "
    return about + ("1 wrong answer" if count == 1 else f"{count} wrong answers")


def rests_on_few_wrong(q: QuestionStats) -> bool:
    """Whether the question's discrimination rests on a handful of wrong answers: most got
    it right, and whether the few who did not are weaker or stronger trainees decides its
    sign. (Few right answers is another matter: the sign of a wrong key.)"""
    if q.facility is None or q.facility <= 50:
        return False
    return _wrong_answers(q) < FEW - 0.5


def _discrimination_flag(q: QuestionStats) -> Flag | None:
    d = q.discrimination_index
    if d is None or d >= WEAK:
        return None
    measure = f"discrimination {number(d)}"
    if rests_on_few_wrong(q):
        few = f"{wrong_answers_text(q)} in {q.n}"
        if d < NEGATIVE:
            them = "that one" if few.startswith("1 ") else "those few"
            return Flag(
                q.question_id,
                f"Negative discrimination ({number(d)}) resting on only {few}",
                f"With only {few}, its negative discrimination rests on {them}: weak "
                "evidence of a wrong key. Glance at the key and at whether a stronger trainee "
                "could defend another answer; if it should tell trainees apart, make the "
                "distractors more plausible.",
                severity=FEW_WRONG,
                size=-d,
                measure=measure,
                few_wrong=True,
            )
        return Flag(
            q.question_id,
            f"Weak discrimination ({number(d)}) resting on only {few}",
            f"With only {few}, its discrimination rests on "
            f"{'that one' if few.startswith('1 ') else 'those few'} and says little either way.",
            severity=EASY,
            size=q.facility or 0.0,
            measure=f"facility {percent(q.facility)}",
            few_wrong=True,
        )
    if d < NEGATIVE:
        return Flag(
            q.question_id,
            f"Negative discrimination ({number(d)})",
            "Stronger trainees do worse on it than weaker ones: check the "
            "key first, then look for a second defensible answer.",
            severity=WRONG_KEY,
            size=-d,
            measure=measure,
        )
    return Flag(
        q.question_id,
        f"Weak discrimination ({number(d)})",
        "It barely separates trainees who know the topic from those "
        "who do not; review the wording and the distractors.",
        severity=WEAK_DISCRIMINATION,
        size=WEAK - d,
        measure=measure,
    )


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
                    severity=EASY,
                    size=q.facility,
                    measure=f"facility {percent(q.facility)}",
                )
            )
        if q.facility is not None and q.facility < TOO_HARD:
            found.append(
                Flag(
                    q.question_id,
                    f"Too hard ({percent(q.facility)} facility)",
                    "Few get it right: check the wording, the key, and that the lesson teaches it.",
                    severity=HARD,
                    size=TOO_HARD - q.facility,
                    measure=f"facility {percent(q.facility)}",
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
                    severity=GUESSING,
                    size=q.random_guess_score - q.facility,
                    measure=(
                        f"facility {percent(q.facility)} against a guessing score of "
                        f"{percent(q.random_guess_score)}"
                    ),
                )
            )
        discrimination = _discrimination_flag(q)
        if discrimination is not None:
            found.append(discrimination)
    for choice in report.choices:
        if choice.overall == 0 and choice.response:
            found.append(
                Flag(
                    choice.question_id,
                    f"Nobody chose '{choice.response}'",
                    "A distractor nobody picks does no work; replace it with a "
                    "plausible mistake trainees really make.",
                    severity=UNUSED,
                    response=choice.response,
                    size=1.0,
                )
            )
    return found


def _why(found: list[Flag]) -> tuple[float, str]:
    """The size the question is ordered by within its group, and why it is listed there."""
    worst = found[0]
    name, within = GROUPS[worst.severity]
    if worst.severity == UNUSED:
        unused = [f for f in found if f.severity == UNUSED]
        size, measure = float(len(unused)), plural(len(unused), "unused option")
    else:
        size, measure = worst.size, worst.measure
    where = f"In group {worst.severity} of {len(GROUPS)} ({name}), ordered by {within}"
    return size, f"{where}: {measure}."


def ranked(report: Report, quiz: Quiz | None = None) -> list[Concern]:
    """The questions with a problem, most in need of a look first (``GROUPS``, then the
    size of the problem); only those with the minimum sample."""
    judged = {q.question_id for q in report.questions if q.n >= MIN_ATTEMPTS}
    by_question: dict[str, list[Flag]] = {}
    for flag in flags(report):
        if flag.question_id not in judged:
            continue
        by_question.setdefault(flag.question_id, []).append(flag)
    ordered = []
    for question_id, found in by_question.items():
        found.sort(key=lambda f: (f.severity, -f.size))
        advice = found[0].likely_cause
        # A discrimination resting on a few wrong answers is explained even when another
        # problem ranks the question, lest it be read as a sign of a wrong key.
        advice += "".join(" " + f.likely_cause for f in found[1:] if f.few_wrong)
        size, why = _why(found)
        concern = Concern(
            question_id=question_id,
            question=named_question(quiz, question_id, 120),
            reasons=tuple(_reason(f, quiz) for f in found),
            advice=advice,
            severity=found[0].severity,
            why=why,
        )
        ordered.append((concern.severity, -size, -len(concern.reasons), question_id, concern))
    ordered.sort(key=lambda entry: entry[:4])
    return [entry[4] for entry in ordered]
