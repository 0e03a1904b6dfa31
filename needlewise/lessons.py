"""Lessons: Markdown files with YAML front matter, citations, callouts and figures.

Conventions authors use in the body (documented in docs/authoring.md):

- ``[@alam2014]`` or ``[@alam2014; @harris2015]`` cites entries of content/references.yaml;
- a blockquote opening with ``[!SAFETY]``, ``[!SCOPE]``, ``[!EVIDENCE]``, ``[!MYTH]``,
  ``[!NOTE]`` or ``[!LIMIT]`` is a callout (``[!LIMIT]`` also shows the clinic's depth limit);
- ``![alt text](figure:skin-layers)`` shows content/figures/skin-layers.svg.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import Field

from . import yamlpos
from .course import Objective
from .media import forbidden_media
from .problems import Problem
from .quiz.schema import Id, Markdown, Strict, Text
from .validation import validate

CALLOUTS = {
    "SAFETY": "Safety",
    "SCOPE": "Scope of practice",
    "EVIDENCE": "How strong is the evidence?",
    "MYTH": "Myth to correct",
    "NOTE": "Note",
    "LIMIT": "Your clinic's depth limit",
}
CITATION = re.compile(r"\[(@[A-Za-z0-9][A-Za-z0-9_.-]*(?:\s*;\s*@[A-Za-z0-9][A-Za-z0-9_.-]*)*)\]")
FIGURE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\(figure:(?P<id>[A-Za-z0-9][A-Za-z0-9_.-]*)\)\s*$")
CALLOUT = re.compile(r"^>\s*\[!(?P<kind>[A-Z]+)\]\s*(?P<rest>.*)$")
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>")


class LessonMeta(Strict):
    id: Id
    title: Text
    module: Id
    objectives: list[Id] = Field(min_length=1)
    minutes: int = Field(ge=1, le=240, description="Estimated reading time.")
    summary: Markdown
    further_reading: list[Id] = Field(default_factory=list)


@dataclass
class Block:
    """A piece of a lesson body: Markdown text, a callout or a figure."""

    kind: str  # "markdown" | "callout" | "figure"
    text: str = ""
    callout: str = ""
    figure: str = ""
    line: int = 0


@dataclass
class Lesson:
    meta: LessonMeta
    path: Path
    blocks: list[Block]
    front: yamlpos.Located
    citations: list[str] = field(default_factory=list)

    def position(self, *path: str | int) -> tuple[int, int]:
        """Position in the file of a front-matter field (the front matter starts on line 2)."""
        line, col = self.front.position(path)
        return line + 1, col

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def figures(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "figure"]


def read_lesson(path: Path, display: str) -> tuple[Lesson | None, list[Problem]]:
    """Parse one lesson file; return it (or None) and every problem found."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(display, 1, 1, f"cannot read lesson: {exc}")]
    # Only newlines end lines: splitlines() also splits on control characters such as the
    # vertical tab that word processors paste, which would shift every position after it.
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].strip() != "---":
        return None, [Problem(display, 1, 1, "a lesson must start with '---' front matter")]
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        return None, [Problem(display, 1, 1, "front matter is not closed with '---'")]
    front = "\n".join(lines[1:end])
    try:
        located = yamlpos.load(front, display)
    except yamlpos.YamlError as exc:
        return None, [_shift(p, 1) for p in exc.problems]
    meta, problems = validate(LessonMeta, located, display)
    problems = [_shift(p, 1) for p in problems]
    body_start = end + 2  # 1-based line number of the first body line
    blocks, body_problems = _blocks(lines[end + 1 :], body_start, display)
    problems += body_problems
    if meta is None or problems:
        # A lesson with a problem is not served: an outside image in it would be fetched
        # by every reader's browser.
        return None, problems
    citations = list(dict.fromkeys(key for b in blocks for key in cited_keys(b.text)))
    lesson = Lesson(meta=meta, path=path, blocks=blocks, front=located, citations=citations)
    return lesson, problems


def cited_keys(text: str) -> list[str]:
    keys: list[str] = []
    for match in CITATION.finditer(text):
        keys.extend(part.strip().lstrip("@") for part in match.group(1).split(";"))
    return keys


def _shift(problem: Problem, lines: int) -> Problem:
    return Problem(problem.path, problem.line + lines, problem.col, problem.message)


def _blocks(lines: list[str], first_line: int, display: str) -> tuple[list[Block], list[Problem]]:
    blocks: list[Block] = []
    problems: list[Problem] = []
    buffer: list[str] = []
    buffer_line = first_line
    in_code = False

    def flush() -> None:
        nonlocal buffer
        if any(line.strip() for line in buffer):
            blocks.append(Block("markdown", text="\n".join(buffer).strip("\n"), line=buffer_line))
        buffer = []

    i = 0
    while i < len(lines):
        line = lines[i]
        number = first_line + i
        if line.lstrip().startswith("```"):
            in_code = not in_code
        if not in_code:
            tag = HTML_TAG.search(line)
            if tag:
                problems.append(
                    Problem(
                        display,
                        number,
                        tag.start() + 1,
                        f"raw HTML ({tag.group(0)!r}) is not allowed; write Markdown instead",
                    )
                )
            media = forbidden_media(line)
            if media:
                problems.append(Problem(display, number, media[0] + 1, media[1]))
        callout = None if in_code else CALLOUT.match(line)
        figure = None if in_code else FIGURE.match(line.strip())
        if callout:
            flush()
            kind = callout.group("kind")
            if kind not in CALLOUTS:
                problems.append(
                    Problem(
                        display,
                        number,
                        1,
                        f"unknown callout [!{kind}]; use one of {', '.join(CALLOUTS)}",
                    )
                )
            content = [callout.group("rest")]
            i += 1
            while i < len(lines) and lines[i].startswith(">"):
                content.append(lines[i][1:].removeprefix(" "))
                i += 1
            text = "\n".join(content).strip()
            blocks.append(Block("callout", text=text, callout=kind, line=number))
            continue
        if figure:
            flush()
            blocks.append(
                Block(
                    "figure",
                    text=figure.group("alt").strip(),
                    figure=figure.group("id"),
                    line=number,
                )
            )
            i += 1
            continue
        if not buffer:
            if not line.strip():
                i += 1
                continue
            buffer_line = number
        buffer.append(line)
        i += 1
    flush()
    return blocks, problems


def objective_texts(lesson: Lesson, objectives: dict[str, Objective]) -> list[str]:
    """What the lesson teaches, as course.yaml words it, in the lesson's own order.

    An id course.yaml does not know is left out here; ``check`` reports it.
    """
    return [objectives[i].text for i in lesson.meta.objectives if i in objectives]


def citation_positions(lesson: Lesson) -> list[tuple[str, int]]:
    """Each cited key with the line it appears on, for pointing at unknown keys."""
    found: list[tuple[str, int]] = []
    for block in lesson.blocks:
        for offset, line in enumerate(block.text.split("\n")):
            found.extend((key, block.line + offset) for key in cited_keys(line))
    return found
