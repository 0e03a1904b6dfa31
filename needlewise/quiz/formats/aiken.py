"""The Aiken format: single-answer multiple choice, one question after another.

    What is the capital of France?
    A. Paris
    B) London
    ANSWER: A

The question may take several lines; options are a capital letter with ``.`` or ``)``;
the ``ANSWER:`` line ends the question. Anything else is an error naming its line.
"""

from __future__ import annotations

import re

from .drafts import Choice, Draft, Parsed, choice_fields
from .html_markdown import escape_markdown
from .report import FormatError

_OPTION = re.compile(r"^([A-Z])[.)]\s+(\S.*)$")
_ANSWER = re.compile(r"^ANSWER:\s*(\S*)\s*$", re.IGNORECASE)


def read_aiken(text: str) -> Parsed:
    parsed = Parsed()
    prompt: list[str] = []
    options: dict[str, str] = {}
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        answer = _ANSWER.match(line)
        option = _OPTION.match(line)
        if answer:
            _check_answer(answer.group(1), prompt, options, number)
            choices = [
                Choice(escape_markdown(t), 1.0 if letter == answer.group(1).upper() else 0.0)
                for letter, t in options.items()
            ]
            data = {"prompt": escape_markdown("\n".join(prompt)), **choice_fields(choices, True)}
            parsed.drafts.append(Draft(data, start))
            prompt, options = [], {}
        elif option and prompt:
            letter = option.group(1)
            if letter in options:
                raise FormatError(f"option {letter} is given twice", number)
            options[letter] = option.group(2)
        elif options:
            raise FormatError(
                "expected another option (like 'C. text') or the 'ANSWER: X' line", number
            )
        else:
            start = start if prompt else number
            prompt.append(line)
    if prompt:
        raise FormatError("this question has no 'ANSWER: X' line", start)
    return parsed


def _check_answer(letter: str, prompt: list[str], options: dict[str, str], line: int) -> None:
    if not prompt:
        raise FormatError("'ANSWER:' comes before any question text", line)
    if len(options) < 2:
        raise FormatError("a question needs at least two options (A. ..., B. ...)", line)
    if letter.upper() not in options:
        letters = ", ".join(options)
        raise FormatError(f"'ANSWER: {letter}' names no option; the options are {letters}", line)
