"""The Aiken format: single-answer multiple choice, one question after another.

    What is the capital of France?
    A. Paris
    B) London
    ANSWER: A

The question may take several lines; options are a capital letter with ``.`` or ``)``,
with or without a space before the text, as Moodle reads them; the ``ANSWER:`` line ends
the question. A question that breaks these rules is left out with a note naming its line,
and reading resumes after its ``ANSWER:`` line.
"""

from __future__ import annotations

import re

from .drafts import Choice, Draft, Parsed, choice_fields
from .html_markdown import escape_markdown

_OPTION = re.compile(r"^([A-Z])[.)]\s*(\S.*)$")
_ANSWER = re.compile(r"^ANSWER:\s*(\S*)\s*$", re.IGNORECASE)


class _Broken(Exception):
    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.message = message
        self.line = line


def read_aiken(text: str) -> Parsed:
    parsed = Parsed()
    prompt: list[str] = []
    options: dict[str, str] = {}
    start = 0
    broken: _Broken | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        answer = _ANSWER.match(line)
        option = _OPTION.match(line)
        try:
            if answer:
                if broken is None:
                    parsed.drafts.append(_draft(answer.group(1), prompt, options, start, number))
                prompt, options, broken = [], {}, None
            elif broken is not None:
                continue
            elif option and prompt:
                letter = option.group(1)
                if letter in options:
                    raise _Broken(f"option {letter} is given twice", number)
                options[letter] = option.group(2)
            elif options:
                raise _Broken(
                    "expected another option (like 'C. text') or the 'ANSWER: X' line", number
                )
            else:
                start = start if prompt else number
                prompt.append(line)
        except _Broken as exc:
            broken = exc
            parsed.leave_out(f"{exc.message}; this question was left out", exc.line)
    if broken is None and prompt:
        parsed.leave_out("this question has no 'ANSWER: X' line; it was left out", start)
    return parsed


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
