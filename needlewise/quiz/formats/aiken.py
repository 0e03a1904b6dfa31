"""The Aiken format: single-answer multiple choice, one question after another.

    What is the capital of France?
    A. Paris
    B) London
    ANSWER: A

The question may take several lines; options are a capital letter with ``.`` or ``)``,
with or without a space before the text, as Moodle reads them; the ``ANSWER:`` line ends
the question. A question that breaks these rules is left out with a note naming its line,
and reading resumes after its ``ANSWER:`` line.

Text after a question's options, before any ``ANSWER:`` line, is either a stray line in
that question or the first line of the next question (the one before lost its ``ANSWER:``
line). Which one is decided by what follows: when the text and what comes after it make a
whole question, that question is kept and the one before is left out for its missing
``ANSWER:`` line; otherwise the one question is left out, naming the stray line, as Moodle
does. Either way no question is lost without a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .drafts import Choice, Draft, Parsed, choice_fields
from .html_markdown import escape_markdown

_OPTION = re.compile(r"^([A-Z])[.)]\s*(\S.*)$")
_ANSWER = re.compile(r"^ANSWER:\s*(\S*)\s*$", re.IGNORECASE)


class _Broken(Exception):
    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.message = message
        self.line = line


_NO_ANSWER = "this question has no 'ANSWER: X' line"
_STRAY = "expected another option (like 'C. text') or the 'ANSWER: X' line"


@dataclass
class _Block:
    """The lines of one question read so far."""

    start: int = 0
    prompt: list[str] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)
    broken: _Broken | None = None  # the first problem; the rest is skipped to its ANSWER:


@dataclass(frozen=True)
class _Unfinished:
    """A question followed by text instead of its ``ANSWER:`` line, and the note it gets
    when that text does (``as_question``) or does not (``otherwise``) begin a question."""

    as_question: _Broken
    otherwise: _Broken


def read_aiken(text: str) -> Parsed:
    parsed = Parsed()
    block = _Block()
    unfinished: _Unfinished | None = None

    def left_out(problem: _Broken) -> None:
        subject = "it" if problem.message.startswith("this question") else "this question"
        parsed.leave_out(f"{problem.message}; {subject} was left out", problem.line)

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        answer = _ANSWER.match(line)
        option = _OPTION.match(line)
        if answer:
            draft, problem = _finish(block, answer.group(1), number)
            if unfinished is not None:
                left_out(unfinished.otherwise if draft is None else unfinished.as_question)
            elif problem is not None:
                left_out(problem)
            if draft is not None:
                parsed.drafts.append(draft)
            block, unfinished = _Block(), None
        elif option and block.prompt:
            letter = option.group(1)
            if block.broken is None and letter in block.options:
                block.broken = _Broken(f"option {letter} is given twice", number)
            block.options.setdefault(letter, option.group(2))
        elif block.options:
            if unfinished is not None:
                left_out(unfinished.as_question)  # two questions in a row lack their ANSWER:
            unfinished = _unfinished(block, number)
            block = _Block(number, [line])
        else:
            block.start = block.start if block.prompt else number
            block.prompt.append(line)
    if unfinished is not None:
        if not block.options:
            left_out(unfinished.otherwise)
            return parsed
        left_out(unfinished.as_question)
    if block.broken is not None:
        left_out(block.broken)
    elif block.prompt:
        left_out(_Broken(_NO_ANSWER, block.start))
    return parsed


def _unfinished(block: _Block, stray: int) -> _Unfinished:
    if block.broken is not None:
        return _Unfinished(block.broken, block.broken)
    return _Unfinished(_Broken(_NO_ANSWER, block.start), _Broken(_STRAY, stray))


def _finish(block: _Block, letter: str, line: int) -> tuple[Draft | None, _Broken | None]:
    """The question an ``ANSWER:`` line ends, or what is wrong with it."""
    if block.broken is not None:
        return None, block.broken
    try:
        return _draft(letter, block.prompt, block.options, block.start, line), None
    except _Broken as exc:
        return None, exc


def _draft(letter: str, prompt: list[str], options: dict[str, str], start: int, line: int) -> Draft:
    if not prompt:
        raise _Broken("'ANSWER:' comes before any question text", line)
    if len(options) < 2:
        raise _Broken("a question needs at least two options (A. ..., B. ...)", line)
    if letter.upper() not in options:
        letters = ", ".join(options)
        raise _Broken(f"'ANSWER: {letter}' names no option; the options are {letters}", line)
    choices = [
        Choice(escape_markdown(t), 1.0 if key == letter.upper() else 0.0)
        for key, t in options.items()
    ]
    data = {"prompt": escape_markdown("\n".join(prompt)), **choice_fields(choices, True)}
    return Draft(data, start)
