"""Where published bank quizzes sit in the course, and the course as trainees get it.

A published bank quiz reaches trainees only once it is placed in a module: as the module's
quiz when course.yaml gives the module none (it then gates the module's completion and the
modules that name it as a prerequisite, as a file quiz does), or as an extra practice quiz
(open once the module's prerequisites are passed; it never counts towards completion).
``with_bank`` adds the published quizzes and their places to the content loaded from the
files, checking each one as ``check`` would; one that fails is reported and left out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from sqlalchemy import Connection, Engine, select

from . import audit, clock
from .acting import Actor
from .content import Content
from .problems import Problem, errors
from .quiz_bank import BankError, check_text, may_publish, parse_version, published
from .store.engine import reading, transaction
from .store.schema import bank_placements
from .store.upsert import upsert

Kind = Literal["module", "practice"]
KIND_NAMES: dict[str, str] = {"module": "the module's quiz", "practice": "an extra practice quiz"}


@dataclass(frozen=True)
class Placement:
    quiz_id: str
    module_id: str
    kind: Kind
    placed_by: str
    placed_at: datetime


def placements(source: Engine | Connection) -> list[Placement]:
    with reading(source) as connection:
        rows = connection.execute(select(bank_placements).order_by(bank_placements.c.quiz_id))
        return [Placement(**row._mapping) for row in rows]


def place(
    engine: Engine,
    content: Content,
    quiz_id: str,
    module_id: str,
    kind: Kind,
    *,
    actor: Actor,
    instructors_publish: bool,
) -> None:
    """Put a published bank quiz in a module (moving it if it was elsewhere)."""
    if not may_publish(actor, instructors_publish):
        raise BankError(
            "only an admin may place quizzes in the course (an admin can let instructors do "
            "it in Settings)"
        )
    if quiz_id not in {v.quiz_id for v in published(engine)}:
        raise BankError(f"'{quiz_id}' has no published version; publish it first")
    modules = {m.id: m for m in content.course.modules}
    if module_id not in modules:
        raise BankError(f"the course has no module '{module_id}'")
    if kind == "module":
        current = modules[module_id].quiz
        if current is not None and current != quiz_id:
            raise BankError(
                f"module '{module_id}' already has the quiz '{current}'; add this one as an "
                "extra practice quiz instead"
            )
    now = clock.now()
    with transaction(engine) as connection:
        upsert(
            connection,
            bank_placements,
            {
                "quiz_id": quiz_id,
                "module_id": module_id,
                "kind": kind,
                "placed_by": actor.username,
                "placed_at": now,
            },
            keys=["quiz_id"],
        )
        audit.record(
            connection,
            "quiz_placed",
            actor=actor.username,
            target=quiz_id,
            detail=f"module {module_id}, {KIND_NAMES[kind]}",
            now=now,
        )


def unplace(
    engine: Engine,
    quiz_id: str,
    *,
    actor: Actor,
    instructors_publish: bool,
) -> None:
    """Take a quiz out of the course; attempts and grades stay."""
    if not may_publish(actor, instructors_publish):
        raise BankError("only an admin may take quizzes out of the course")
    with transaction(engine) as connection:
        gone = connection.execute(
            bank_placements.delete().where(bank_placements.c.quiz_id == quiz_id)
        ).rowcount
        if not gone:
            raise BankError(f"'{quiz_id}' is not placed in the course")
        audit.record(connection, "quiz_unplaced", actor=actor.username, target=quiz_id)


def revision(source: Engine | Connection) -> str:
    """Changes whenever a placement does: part of the course's cache key."""
    return "|".join(f"{p.quiz_id}:{p.module_id}:{p.kind}:{p.placed_at}" for p in placements(source))


def with_bank(content: Content, engine: Engine) -> Content:
    """The files' content plus the published bank quizzes and their places in the course.

    A file and a bank quiz with one id: the file wins, and the bank quiz is reported.
    """
    quizzes = dict(content.quizzes)
    problems = list(content.problems)
    broken = dict(content.broken_quizzes)
    taken = set(content.quizzes) | set(content.duplicates)
    for found in published(engine):
        if found.quiz_id in taken:
            problems.append(
                Problem(
                    found.display,
                    1,
                    1,
                    f"quiz id '{found.quiz_id}' is also used by a file under quizzes/; the file "
                    "is served and this database quiz is not, until it gets another id",
                )
            )
            broken[found.display] = [problems[-1]]
            continue
        checked = check_text(
            replace(content, quizzes=quizzes), found.quiz_id, found.yaml, found.display
        )
        problems += checked
        if errors(checked):
            broken[found.display] = errors(checked)
            continue
        quizzes[found.quiz_id] = parse_version(found)
    course = content.course
    practice: dict[str, list[str]] = {}
    if content.course_available:
        modules = {m.id: m for m in course.modules}
        for placement in placements(engine):
            loaded = quizzes.get(placement.quiz_id)
            module = modules.get(placement.module_id)
            if loaded is None or loaded is content.quizzes.get(placement.quiz_id):
                continue  # not published, failing, or a file's quiz: nothing of the bank's
            if module is None:
                problems.append(
                    Problem(
                        loaded.display,
                        1,
                        1,
                        f"placed in module '{placement.module_id}', which the course no longer "
                        "has; place it again",
                    )
                )
                continue
            if placement.kind == "module" and module.quiz in (None, placement.quiz_id):
                modules[module.id] = module.model_copy(update={"quiz": placement.quiz_id})
            else:
                practice.setdefault(module.id, []).append(placement.quiz_id)
        course = course.model_copy(update={"modules": [modules[m.id] for m in course.modules]})
    return replace(
        content,
        course=course,
        quizzes=quizzes,
        practice=practice,
        problems=sorted(set(problems)),
        broken_quizzes=broken,
    )
