"""How NeedleWise keeps what Moodle has no field for, so its own exports come back whole.

Objectives, references, case membership and figures travel as Moodle question tags
(``objective:m1.healing``, ``reference:alam2014``, ``case:<case id>``, ``figure:<id>``),
as does all-or-nothing scoring of a matching question (``scoring:all_or_nothing``, which
Moodle's matching type lacks; it gives partial credit),
which Moodle keeps through its own imports and exports. Ids travel as Moodle ID numbers.
A case becomes a description item holding the vignette (its details as a list at the end)
followed by its parts; all of them carry the tag ``case:<case id>``, and the description's
own ID number is the case id. Quiz settings travel in a comment that only NeedleWise reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..schema import (
    CaseQuestion,
    LeafQuestion,
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    Quiz,
    ShortTextQuestion,
    SingleQuestion,
    Vignette,
)
from .drafts import number
from .report import Note

OBJECTIVE, REFERENCE, CASE, FIGURE = "objective:", "reference:", "case:", "figure:"
SCORING = "scoring:"
QUIZ_COMMENT = "needlewise-quiz:"
QUESTION_COMMENT = "needlewise:"
# The grades Moodle's importer accepts for an answer (and their negatives).
MOODLE_GRADES = (1, 0.9, 5 / 6, 0.8, 0.75, 0.7, 2 / 3, 0.6, 0.5, 0.4, 1 / 3, 0.3, 0.25, 0.2,
                 1 / 6, 1 / 7, 0.125, 1 / 9, 0.1, 0.05, 0)  # fmt: skip
_DETAIL = re.compile(r"^- \*\*(?P<key>.+?):\*\* (?P<value>.*)$")


@dataclass
class TagInfo:
    objectives: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    case: str | None = None
    scoring: str | None = None
    others: list[str] = field(default_factory=list)


def read_tags(tags: list[str]) -> TagInfo:
    info = TagInfo()
    for tag in tags:
        prefix, _, value = tag.partition(":")
        value = value.strip()
        if not value:
            info.others.append(tag)
        elif prefix == OBJECTIVE[:-1]:
            info.objectives.append(value)
        elif prefix == REFERENCE[:-1]:
            info.references.append(value)
        elif prefix == FIGURE[:-1]:
            info.figures.append(value)
        elif prefix == CASE[:-1]:
            info.case = value
        elif prefix == SCORING[:-1]:
            info.scoring = value
        else:
            info.others.append(tag)
    return info


def question_tags(question: LeafQuestion, case: CaseQuestion | None = None) -> list[str]:
    """Tags for a question; a case part names only what it does not inherit from its case."""
    objectives, references = question.objectives, question.references
    tags = []
    if case is not None:
        tags.append(CASE + case.id)
        if objectives == case.objectives:
            objectives = []
        if references == case.references:
            references = []
    if isinstance(question, MatchingQuestion) and question.scoring == "all_or_nothing":
        tags.append(SCORING + question.scoring)
    return (
        tags
        + [OBJECTIVE + o for o in objectives]
        + [REFERENCE + r for r in references]
        + question.tags
    )


def case_notes(case: CaseQuestion) -> list[Note]:
    """What exporting a case group changes, for the export report."""
    notes = [
        Note(
            f"becomes a description (the vignette) followed by its {len(case.questions)} "
            f"parts, tagged 'case:{case.id}'; Moodle shows them as separate items",
            question=case.id,
        )
    ]
    if case.vignette.figures:
        notes.append(
            Note(
                "its figures are not exported (their ids are kept as 'figure:' tags)",
                question=case.id,
            )
        )
    return notes


def case_tags(case: CaseQuestion) -> list[str]:
    return (
        [CASE + case.id]
        + [OBJECTIVE + o for o in case.objectives]
        + [REFERENCE + r for r in case.references]
        + [FIGURE + f for f in case.vignette.figures]
        + case.tags
    )


def vignette_markdown(vignette: Vignette) -> str:
    """The vignette text with its details as a list of ``- **Key:** value`` lines."""
    lines = [
        f"- **{key}:** " + value.replace("\n", "\n  ") for key, value in vignette.details.items()
    ]
    return vignette.text + ("\n\n" + "\n".join(lines) if lines else "")


def split_vignette(markdown: str) -> tuple[str, dict[str, str]]:
    """Undo :func:`vignette_markdown`: the text, and the details list at its end."""
    lines = markdown.rstrip().split("\n")
    start = len(lines)
    while start > 0 and (_DETAIL.match(lines[start - 1]) or lines[start - 1].startswith("  ")):
        start -= 1
    while start < len(lines) and not _DETAIL.match(lines[start]):
        start += 1
    if start == len(lines) or start < 2 or lines[start - 1].strip():
        return markdown, {}
    details: dict[str, str] = {}
    key = None
    for line in lines[start:]:
        match = _DETAIL.match(line)
        if match:
            key = match.group("key")
            details[key] = match.group("value")
        elif key is not None:
            details[key] += "\n" + line[2:]
    return "\n".join(lines[: start - 1]).rstrip(), details


def quiz_settings(quiz: Quiz) -> dict:
    """Everything about the quiz but its questions, as JSON-able data."""
    settings = quiz.model_dump(mode="json", exclude={"questions"}, exclude_defaults=True)
    return {k: number(v) if isinstance(v, float) else v for k, v in settings.items()}


def decimal_text(value: float, digits: int = 17) -> str:
    """A number in plain digits (Moodle reads no exponents): 0.5, 12, 0.00001, 33.33333333."""
    text = f"{value:.{digits}g}" if digits < 17 else repr(value)
    if "e" in text or "E" in text:
        text = f"{Decimal(text):f}"
    return text[:-2] if text.endswith(".0") else text


def percent_text(fraction: float) -> str:
    """A fraction as the percentage Moodle writes: 1 -> 100, 1/3 -> 33.33333333."""
    return decimal_text(fraction * 100, digits=10)


def grades_moodle_refuses(question: LeafQuestion) -> list[float]:
    """Answer fractions that are not on Moodle's list of grades, which its importer refuses."""
    if isinstance(question, SingleQuestion | MultipleQuestion):
        fractions = [o.share for o in question.options]
    elif isinstance(question, NumericQuestion):
        fractions = [a.fraction for a in question.answers]
    elif isinstance(question, ShortTextQuestion):
        fractions = [a.fraction for a in question.accepted]
    else:
        return []
    return off_moodle_list(fractions)


def off_moodle_list(fractions: list[float]) -> list[float]:
    return [f for f in fractions if not any(abs(abs(f) - g) < 1e-6 for g in MOODLE_GRADES)]


def grade_notes(quiz: Quiz) -> list[Note]:
    notes = [
        Note(
            "Moodle's matching type always gives partial credit; all-or-nothing scoring is "
            "kept in the tag 'scoring:all_or_nothing', which only NeedleWise reads",
            question.id,
        )
        for _, question in quiz.leaves()
        if isinstance(question, MatchingQuestion) and question.scoring == "all_or_nothing"
    ]
    for _, question in quiz.leaves():
        refused = grades_moodle_refuses(question)
        if refused:
            listed = ", ".join(f"{f:.0%}" for f in refused)
            notes.append(
                Note(
                    f"Moodle accepts only its own list of grades (100%, 90%, 83.3%, 80%, ...) "
                    f"and will refuse {listed}",
                    question.id,
                )
            )
    return notes


def refused_grades(fractions: list[float], ours: bool = False) -> tuple[str | None, bool]:
    """What to say about fractions off Moodle's list of grades, and whether to refuse.

    Moodle keeps a fixed list of grades (question_bank::fraction_options_full) and, by
    default, refuses a question holding any other one; NeedleWise does the same rather
    than guess which grade was meant. A file NeedleWise wrote (``ours``) keeps its grades,
    so that a quiz exported and imported back comes back whole.
    """
    refused = off_moodle_list(fractions)
    if not refused:
        return None, False
    shown = ", ".join(f"{percent_text(f)}%" for f in dict.fromkeys(refused))
    if ours:
        return f"the grade {shown} is not one Moodle allows; Moodle would refuse it", False
    allowed = ", ".join(f"{percent_text(g)}%" for g in MOODLE_GRADES if g)
    return (
        f"the grade {shown} is not one Moodle allows, so Moodle refuses this question and it "
        f"was left out; use one of {allowed} (or their negatives, or 0%)"
    ), True
