"""Reading quiz files: parse, validate, and check what one file can check on its own."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from .. import yamlpos
from ..problems import Problem
from ..validation import validate
from . import blueprint
from .item_checks import item_problems
from .schema import UNASSIGNED_OBJECTIVE, CaseQuestion, Id, LeafQuestion, Quiz

MAX_QUIZ_BYTES = 2_000_000
LEAF_TYPES = {"single", "multiple", "true_false", "numeric", "matching", "ordering", "short_text"}
DataPath = tuple[str | int, ...]
_ID = TypeAdapter(Id)


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
        return None, problems + half_parsed_own(located, display)
    loaded = LoadedQuiz(quiz, path or Path(display), display, version_of(raw), located)
    return loaded, own_problems(loaded)


@dataclass(frozen=True)
class Known:
    """The names a quiz may use from the course; None where the file holding them is broken
    (that file is reported instead of every name)."""

    objectives: set[str] | None
    modules: set[str] | None
    references: set[str] | None


def half_parsed(raw: bytes, display: str) -> yamlpos.Located | None:
    """The data of a quiz file that is YAML but fails validation; None for any other file.

    Check reports a file's problems all at once, so what can be told from such a file's
    raw data is reported beside its validation problems rather than after they are fixed.
    """
    if len(raw) > MAX_QUIZ_BYTES:
        return None
    try:
        located = yamlpos.load(raw.decode("utf-8"), display)
    except (UnicodeDecodeError, yamlpos.YamlError):
        return None
    if not isinstance(located.data, dict) or validate(Quiz, located, display)[0] is not None:
        return None
    return located


def half_parsed_own(located: yamlpos.Located, display: str) -> list[Problem]:
    """:func:`own_problems`' ids used twice and questions without objectives, from the raw
    data of a file that fails validation. Only well-formed ids, objectives lists and
    question types are judged: validation reports the others, and a problem is said once."""
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for path, question, case in _raw_questions(located.data):
        question_id = question.get("id")
        if not isinstance(question_id, str) or not _is_id(question_id):
            continue
        where = located.position((*path, "id"))
        if question_id in first_line:
            line = first_line[question_id]
            message = f"question id '{question_id}' is already used on line {line}"
            problems.append(Problem(display, *where, message))
        else:
            first_line[question_id] = where[0]
        inherited = case.get("objectives") if case is not None else None
        if question.get("type") in LEAF_TYPES and not question.get("objectives") and not inherited:
            message = f"question '{question_id}' has no objectives"
            problems.append(Problem(display, *located.position(path), message))
    return problems


def half_parsed_unknowns(located: yamlpos.Located, display: str, known: Known) -> list[Problem]:
    """The course's checks of the names a quiz uses (its module, objectives, references), on
    the raw data of a file that fails validation; a name that is not a well-formed id is
    left to validation."""
    data = located.data
    objectives = known.objectives
    found: list[tuple[DataPath, str, object, set[str] | None]] = [
        (("module",), "module", data.get("module"), known.modules)
    ]
    draw = data.get("draw")
    if isinstance(draw, dict) and isinstance(draw.get("per_objective"), dict):
        found += [
            (("draw", "per_objective", name), "objective", name, objectives)
            for name in draw["per_objective"]
        ]
    plan = data.get("blueprint")
    if isinstance(plan, dict) and isinstance(plan.get("draw"), list):
        found += [
            (("blueprint", "draw", i, "objective"), "objective", entry.get("objective"), objectives)
            for i, entry in enumerate(plan["draw"])
            if isinstance(entry, dict)
        ]
    for path, question, _ in _raw_questions(data):
        for field, kind, names in (
            ("objectives", "objective", objectives),
            ("references", "reference", known.references),
        ):
            listed = question.get(field)
            if isinstance(listed, list):
                found += [((*path, field, i), kind, name, names) for i, name in enumerate(listed)]
    return [
        Problem(display, *located.position(path), f"unknown {kind} '{name}'")
        for path, kind, name, names in found
        if names is not None and _is_id(name) and name not in names and name != UNASSIGNED_OBJECTIVE
    ]


def _is_id(value: object) -> bool:
    try:
        _ID.validate_python(value)
    except ValidationError:
        return False
    return True


def _raw_questions(data: Any) -> Iterator[tuple[DataPath, dict, dict | None]]:
    """Every question, case and case part that is a mapping, with its path and its case."""
    questions = data.get("questions") if isinstance(data, dict) else None
    if not isinstance(questions, list):
        return
    for i, question in enumerate(questions):
        if not isinstance(question, dict):
            continue
        yield ("questions", i), question, None
        parts = question.get("questions")
        if question.get("type") == "case" and isinstance(parts, list):
            for j, part in enumerate(parts):
                if isinstance(part, dict):
                    yield ("questions", i, "questions", j), part, question


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
