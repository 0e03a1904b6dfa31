"""Reading quiz files: parse, validate, and check what one file can check on its own."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import yamlpos
from ..problems import Problem
from ..validation import validate
from . import blueprint
from .item_checks import item_problems
from .schema import CaseQuestion, LeafQuestion, Quiz

MAX_QUIZ_BYTES = 2_000_000


@dataclass
class LoadedQuiz:
    quiz: Quiz
    path: Path
    display: str
    version: str
    located: yamlpos.Located

    @property
    def id(self) -> str:
        return self.quiz.id

    def position(self, *path: str | int) -> tuple[int, int]:
        return self.located.position(tuple(path))


def version_of(raw: bytes) -> str:
    """A quiz version is the SHA-256 of its file: any edit makes a new version."""
    return hashlib.sha256(raw).hexdigest()


def read_quiz(path: Path, display: str) -> tuple[LoadedQuiz | None, list[Problem]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, 1, 1, f"cannot read quiz file: {exc.strerror}")]
    return parse_quiz(raw, display, path)


def parse_quiz(
    raw: bytes, display: str, path: Path | None = None
) -> tuple[LoadedQuiz | None, list[Problem]]:
    if len(raw) > MAX_QUIZ_BYTES:
        return None, [Problem(display, 1, 1, f"quiz file is larger than {MAX_QUIZ_BYTES} bytes")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(display, line, 1, "quiz file is not UTF-8 text")]
    try:
        located = yamlpos.load(text, display)
    except yamlpos.YamlError as exc:
        return None, exc.problems
    if not isinstance(located.data, dict):
        return None, [Problem(display, 1, 1, "a quiz file must be a mapping with id, title, ...")]
    quiz, problems = validate(Quiz, located, display)
    if quiz is None:
        return None, problems
    loaded = LoadedQuiz(quiz, path or Path(display), display, version_of(raw), located)
    return loaded, own_problems(loaded)


def own_problems(loaded: LoadedQuiz) -> list[Problem]:
    """Errors visible from this file alone: duplicate ids, draws, keys that accept wrong
    answers. Warnings are left to :func:`own_warnings`, so a quiz with only warnings is
    valid everywhere a quiz is loaded."""
    return [p for p in _own(loaded) if not p.warning]


def own_warnings(loaded: LoadedQuiz) -> list[Problem]:
    """What ``check`` and the Quiz studio point out without refusing the quiz."""
    return [p for p in _own(loaded) if p.warning]


def _own(loaded: LoadedQuiz) -> list[Problem]:
    quiz = loaded.quiz
    problems: list[Problem] = []

    def at(path: tuple[str | int, ...], message: str, warning: bool = False) -> None:
        position = loaded.located.position(path)
        problems.append(Problem(loaded.display, *position, message, warning))

    first_seen: dict[str, tuple[int, int]] = {}
    for path, question in question_paths(quiz):
        where = loaded.located.position((*path, "id"))
        if question.id in first_seen:
            line = first_seen[question.id][0]
            at((*path, "id"), f"question id '{question.id}' is already used on line {line}")
        else:
            first_seen[question.id] = where
        if not isinstance(question, CaseQuestion) and not question.objectives:
            at(path, f"question '{question.id}' has no objectives")
    if quiz.draw is not None:
        pool = len(quiz.questions)
        if quiz.draw.count is not None and quiz.draw.count > pool:
            at(("draw", "count"), f"draw of {quiz.draw.count} is larger than the pool of {pool}")
        for objective, wanted in quiz.draw.per_objective.items():
            available = sum(objective in objectives_of(q) for q in quiz.questions)
            if wanted > available:
                at(
                    ("draw", "per_objective", objective),
                    f"draw of {wanted} for '{objective}' but only {available} questions have it",
                )
    for i, objective, wanted, available in blueprint.shortfalls(quiz):
        at(
            ("blueprint", "draw", i, "count"),
            f"blueprint draws {wanted} item(s) for '{objective}' but its pool has only "
            f"{available} ({wanted - available} missing); an item belongs to the pool of its "
            "first objective",
        )
    never = blueprint.outside(quiz)
    if never:
        at(
            ("blueprint",),
            f"{len(never)} question(s) belong to no objective the blueprint draws, so no "
            f"attempt shows them: {', '.join(never)}",
            True,
        )
    if quiz.blueprint is not None and quiz.blueprint.apart:
        _apart_problems(quiz, at)
    item_problems(quiz, at)
    return problems


def _apart_problems(quiz: Quiz, at) -> None:
    """Unknown or repeated ids in apart groups, and a blueprint they make impossible."""
    assert quiz.blueprint is not None
    tops = blueprint.top_ids(quiz)
    for g, group in enumerate(quiz.blueprint.apart):
        seen: dict[str, str] = {}
        for k, member in enumerate(group):
            where = ("blueprint", "apart", g, k)
            if member not in tops:
                at(where, f"apart group {g + 1} lists '{member}', which is no question here")
            elif tops[member] in seen and seen[tops[member]] == member:
                at(where, f"apart group {g + 1} lists '{member}' twice")
            elif tops[member] in seen:
                at(
                    where,
                    f"apart group {g + 1} lists '{member}' and '{seen[tops[member]]}', parts "
                    f"of the same case '{tops[member]}': keep apart whole cases, not parts",
                )
            else:
                seen[tops[member]] = member
    short = False
    for i, (objective, most) in enumerate(blueprint.reachable(quiz).items()):
        wanted = quiz.blueprint.draw[i].count
        if most < wanted:
            short = True
            at(
                ("blueprint", "draw", i, "count"),
                f"blueprint draws {wanted} item(s) for '{objective}' but its apart groups "
                f"let a form hold at most {most}",
            )
    if not short and not blueprint.shortfalls(quiz):
        met = blueprint.met_in_seeded_draws(quiz)
        if met < blueprint.CHECK_SEEDS:
            at(
                ("blueprint", "apart"),
                f"with these apart groups only {met} of {blueprint.CHECK_SEEDS} seeded draws "
                "met the blueprint; loosen the groups or add items",
            )


def question_paths(
    quiz: Quiz,
) -> Iterator[tuple[tuple[str | int, ...], CaseQuestion | LeafQuestion]]:
    """Every question, case and case part with its path in the document, in file order."""
    for i, question in enumerate(quiz.questions):
        yield ("questions", i), question
        if isinstance(question, CaseQuestion):
            for j, part in enumerate(question.questions):
                yield ("questions", i, "questions", j), part


def objectives_of(question) -> set[str]:
    if isinstance(question, CaseQuestion):
        return set(question.objectives).union(*(p.objectives for p in question.questions))
    return set(question.objectives)
