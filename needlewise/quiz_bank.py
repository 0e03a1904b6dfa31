"""Quizzes written in the app, kept in the database as numbered versions of their YAML.

Invariants this module protects:
- Every save is a new version (draft); nothing is ever overwritten, so any two versions
  can be compared and an attempt's quiz can always be found again.
- A save names the version its text was based on, and is refused (``StaleVersion``) when a
  newer one was saved since: nobody silently undoes a colleague's version. Saving over it
  anyway is a separate, explicit choice, and the audit log says which versions it replaced.
- At most one version of a quiz is published; publishing another retires it. A version is
  published only when it passes the same checks as ``python -m needlewise check``.
- A quiz id used by a file under quizzes/ cannot be taken by a bank quiz. Should both exist
  anyway (a file committed later with a bank quiz's id), the file wins: git is the record a
  clinic reviewed, and the bank quiz is reported and not served until it gets another id.
- Every change names its author and is written to the audit log in the same transaction.
"""

from __future__ import annotations

import difflib
import json
import re
import tempfile
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Literal

from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import IntegrityError

from . import audit, clock
from .acting import TEACHING, Actor, require
from .check import half_parsed_problems
from .content import UNASSIGNED_PROBLEM, Content, cross_problems, shared_question_problems
from .display import plural
from .errors import UserError
from .problems import Problem
from .quiz.duplicates import secure_leaks
from .quiz.formats import ExportResult, ImportResult, export_quiz, import_bytes
from .quiz.loading import LoadedQuiz, own_warnings, parse_quiz
from .quiz.schema import ID_PATTERN
from .store.engine import reading, transaction
from .store.schema import bank_files, bank_versions

State = Literal["draft", "published", "retired"]
# Problems of a bank quiz name it like this instead of a file path.
PREFIX = "db/"


class BankError(UserError):
    """A bank change or look-up was refused; the message says why and what to do."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = problems or []


class StaleVersion(BankError):
    """A save was refused: versions were saved after the one its text was based on."""

    def __init__(self, quiz_id: str, based_on: int, newer: list[Version]):
        self.quiz_id = quiz_id
        self.based_on = based_on
        self.newer = newer  # newest first
        newest = newer[0]
        super().__init__(
            f"v{newest.number} of '{quiz_id}' ({newest.state}, by {newest.author}) was saved "
            f"after v{based_on}, which this text is based on; saving it would undo what "
            f"{names(newer)} changed. Compare the versions, then save over "
            f"v{newest.number} on purpose or start again from it"
        )

    @property
    def newest(self) -> Version:
        return self.newer[0]


def names(found: list[Version]) -> str:
    """The versions as a person reads them, oldest first: "v7", "v7 and v8"."""
    names = [f"v{v.number}" for v in sorted(found, key=lambda v: v.number)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True)
class Version:
    id: int
    quiz_id: str
    number: int
    yaml: str
    state: State
    author: str
    created_at: datetime
    changed_by: str | None
    changed_at: datetime | None

    @property
    def display(self) -> str:
        return display_name(self.quiz_id, self.number)


def display_name(quiz_id: str, number: int) -> str:
    """How problems and the studio name a version (``db/ID@vN``), where a file has a path."""
    return f"{PREFIX}{quiz_id}@v{number}"


def is_bank(loaded: LoadedQuiz) -> bool:
    return loaded.display.startswith(PREFIX)


def number_of(loaded: LoadedQuiz) -> int | None:
    """The version number of a bank quiz as loaded (named ``db/ID@vN``); None for a file."""
    if not is_bank(loaded):
        return None
    return int(loaded.display.rsplit("@v", 1)[1])


def may_publish(actor: Actor, instructors_publish: bool) -> bool:
    """Admins publish; instructors too when the clinic's setting allows it."""
    return actor.has("admin") or (instructors_publish and actor.has("instructor"))


def template(quiz_id: str, title: str, module: str, objective: str) -> str:
    """A new quiz that passes the checks, to be edited into a real one."""
    return f"""id: {quiz_id}
title: {json.dumps(title, ensure_ascii=False)}
module: {module}
pass_mark: 80
attempts: unlimited
grading: highest
shuffle: {{questions: false, options: true}}
review: {{when: always}}

questions:
  - id: {quiz_id}-q1
    type: single
    prompt: Write the question a trainee reads here.
    objectives: [{objective}]
    options:
      - text: The correct answer
        correct: true
      - text: A plausible wrong answer
        feedback: Why this answer is wrong.
      - text: Another plausible wrong answer
        feedback: Why this answer is wrong.
    explanation: >-
      What a trainee reads at review: why the correct answer is correct.
"""


def _version(row) -> Version:
    return Version(**row._mapping)


def versions(engine: Engine, quiz_id: str) -> list[Version]:
    """Every version of a bank quiz, newest first."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(bank_versions)
            .where(bank_versions.c.quiz_id == quiz_id)
            .order_by(bank_versions.c.number.desc())
        )
        return [_version(row) for row in rows]


def get_version(engine: Engine, quiz_id: str, number: int | None = None) -> Version:
    """One version; the newest when ``number`` is None. BankError when there is none."""
    found = versions(engine, quiz_id)
    if not found:
        raise BankError(f"there is no quiz '{quiz_id}' in the database")
    if number is None:
        return found[0]
    for candidate in found:
        if candidate.number == number:
            return candidate
    raise BankError(f"quiz '{quiz_id}' has no version {number} (it has 1 to {found[0].number})")


def quiz_ids(engine: Engine) -> list[str]:
    """Every quiz in the bank, by id."""
    with engine.connect() as connection:
        return list(
            connection.execute(
                select(bank_versions.c.quiz_id).distinct().order_by(bank_versions.c.quiz_id)
            ).scalars()
        )


def revision(source: Engine | Connection) -> str:
    """Changes whenever what is published changes (drafts do not): a cache key for the course."""
    with reading(source) as connection:
        ids = connection.execute(
            select(bank_versions.c.id)
            .where(bank_versions.c.state == "published")
            .order_by(bank_versions.c.id)
        ).scalars()
        return ",".join(str(i) for i in ids)


def save_draft(
    engine: Engine,
    quiz_id: str,
    text: str,
    *,
    author: Actor,
    file_ids: set[str],
    based_on: int | None = None,
    over: int | None = None,
) -> Version:
    """Store ``text`` as the next version of ``quiz_id``, a draft. A draft may have problems
    (the author saves work in progress); only publishing needs a clean check. Saving the
    text of the newest version again stores nothing new.

    ``based_on`` is the version the text was started from (0 for a quiz that has none yet):
    StaleVersion when a newer one was saved since. ``over`` saves over the versions up to
    that one on purpose, after the author saw them (still StaleVersion if one came after
    it); the audit log names the versions replaced. None skips the check (command line,
    imports of a new quiz check themselves)."""
    require(author, TEACHING, "write quizzes")
    if not re.fullmatch(ID_PATTERN, quiz_id) or len(quiz_id) > 80:
        raise BankError(
            f"'{quiz_id}' cannot be a quiz id: use up to 80 letters, digits, '-', '_' and '.', "
            "starting with a letter or digit"
        )
    if quiz_id in file_ids:
        raise BankError(
            f"the quiz id '{quiz_id}' is used by a file under quizzes/; a quiz written in the "
            "app needs an id of its own"
        )
    try:
        with transaction(engine) as connection:
            return _insert_draft(connection, quiz_id, text, author, based_on, over)
    except IntegrityError:
        # Another save of this quiz took the same number at the same moment (PostgreSQL
        # lets both read the same newest version; the unique number refuses the second).
        if based_on is None:
            raise BankError(
                f"another version of '{quiz_id}' was saved at the same moment; save again"
            ) from None
        with engine.connect() as connection:
            newer = _newer(connection, quiz_id, over if over is not None else based_on)
        if based_on == 0 or not newer:
            raise BankError(
                f"'{quiz_id}' was saved by someone else at the same moment; open it again "
                "in the Quiz studio"
            ) from None
        raise StaleVersion(quiz_id, based_on, newer) from None


def _newer(connection: Connection, quiz_id: str, than: int) -> list[Version]:
    rows = connection.execute(
        select(bank_versions)
        .where(bank_versions.c.quiz_id == quiz_id, bank_versions.c.number > than)
        .order_by(bank_versions.c.number.desc())
    )
    return [_version(row) for row in rows]


def _insert_draft(
    connection: Connection,
    quiz_id: str,
    text: str,
    author: Actor,
    based_on: int | None,
    over: int | None,
) -> Version:
    newest = connection.execute(
        select(bank_versions)
        .where(bank_versions.c.quiz_id == quiz_id)
        .order_by(bank_versions.c.number.desc())
        .limit(1)
    ).first()
    if based_on == 0 and newest is not None:
        raise BankError(
            f"a quiz with the id '{quiz_id}' is already in the database (v{newest.number}, by "
            f"{newest.author}); choose another id, or open that quiz in the Quiz studio"
        )
    if newest is not None and newest.yaml == text:
        return _version(newest)
    number = (newest.number if newest is not None else 0) + 1
    detail = f"version {number}"
    if based_on is not None:
        accepted = over if over is not None else based_on
        newer = _newer(connection, quiz_id, accepted)
        if newer:
            raise StaleVersion(quiz_id, based_on, newer)
        replaced = _newer(connection, quiz_id, based_on)
        if replaced:
            authors = ", ".join(sorted({v.author for v in replaced}))
            detail += (
                f", based on version {based_on}: saved over what "
                f"{names(replaced)} (by {authors}) changed"
            )
    now = clock.now()
    connection.execute(
        bank_versions.insert().values(
            quiz_id=quiz_id,
            number=number,
            yaml=text,
            state="draft",
            author=author.username,
            created_at=now,
        )
    )
    audit.record(
        connection,
        "quiz_draft_saved",
        actor=author.username,
        target=quiz_id,
        detail=detail,
        now=now,
    )
    saved = connection.execute(
        select(bank_versions).where(
            bank_versions.c.quiz_id == quiz_id, bank_versions.c.number == number
        )
    ).one()
    return _version(saved)


def parse_version(found: Version) -> LoadedQuiz:
    """A version as the file loader gives a quiz; BankError with the problems if it cannot
    be read as a quiz at all."""
    loaded, problems = parse_quiz(found.yaml.encode("utf-8"), found.display)
    if loaded is None:
        raise BankError(
            f"version {found.number} of quiz '{found.quiz_id}' is not a valid quiz", problems
        )
    return loaded


def load_version(store: Engine, quiz_id: str, version: int | None = None) -> LoadedQuiz:
    """A bank quiz's version as the file loader gives it (the newest, usually the draft
    being written, when None): what the preview page shows. Raises BankError when there is
    no such version or it is not a quiz."""
    return parse_version(get_version(store, quiz_id, version))


def check_text(content: Content, quiz_id: str, text: str, display: str) -> list[Problem]:
    """Every problem ``python -m needlewise check`` would report for this text as a quiz
    file beside the course's files (warnings included), plus the bank's own rules."""
    raw = text.encode("utf-8")
    loaded, problems = parse_quiz(raw, display)
    if loaded is None:
        # The names it uses and the questions that validate are checked all the same.
        return sorted(set(problems + half_parsed_problems(content, raw, display)))
    problems = problems + own_warnings(loaded)
    if loaded.id != quiz_id:
        problems.append(
            Problem(
                display,
                *loaded.position("id"),
                f"the id is '{loaded.id}' but this is the quiz '{quiz_id}'; ids do not change "
                "(start a new quiz for a new id)",
            )
        )
    files = {q: f for q, f in content.quizzes.items() if not is_bank(f)}
    if quiz_id in files or quiz_id in content.duplicates:
        problems.append(
            Problem(
                display,
                *loaded.position("id"),
                f"the quiz id '{quiz_id}' is used by a file under quizzes/, and the file wins; "
                "give this quiz another id",
            )
        )
    others = {q: f for q, f in content.quizzes.items() if q != quiz_id}
    trial = replace(content, quizzes={**others, loaded.id: loaded})
    found = cross_problems(trial, content.content_dir.parent)
    found += shared_question_problems(trial)
    found += secure_leaks(list(trial.quizzes.values()))
    problems += [p for p in found if p.path == display]
    return sorted(set(problems))


def blocking(problems: list[Problem]) -> list[Problem]:
    """What stops a version being published: the errors, and questions not yet mapped to
    a learning objective (a warning for a file, so an imported file checks)."""
    return [p for p in problems if not p.warning or p.message == UNASSIGNED_PROBLEM]


def publish(
    engine: Engine,
    content: Content,
    quiz_id: str,
    number: int,
    *,
    actor: Actor,
    instructors_publish: bool,
) -> Version:
    """Make version ``number`` the one trainees get; the one published before is retired.
    Refused (BankError with the problems) unless the version checks clean."""
    if not may_publish(actor, instructors_publish):
        raise BankError(
            "only an admin may publish quizzes (an admin can let instructors publish in Settings)"
        )
    chosen = get_version(engine, quiz_id, number)
    if chosen.state == "published":
        return chosen
    problems = blocking(check_text(content, quiz_id, chosen.yaml, chosen.display))
    if problems:
        raise BankError(
            f"version {number} of '{quiz_id}' has {plural(len(problems), 'problem')} to fix "
            "before it can be published",
            problems,
        )
    now = clock.now()
    with transaction(engine) as connection:
        _set_state(connection, quiz_id, "published", "retired", actor.username, now)
        connection.execute(
            bank_versions.update()
            .where(bank_versions.c.id == chosen.id)
            .values(state="published", changed_by=actor.username, changed_at=now)
        )
        audit.record(
            connection,
            "quiz_published",
            actor=actor.username,
            target=quiz_id,
            detail=f"version {number}",
            now=now,
        )
    return get_version(engine, quiz_id, number)


def retire(
    engine: Engine,
    quiz_id: str,
    *,
    actor: Actor,
    instructors_publish: bool,
) -> None:
    """Withdraw the published version: trainees no longer get the quiz (their attempts and
    grades stay). BankError when nothing is published."""
    if not may_publish(actor, instructors_publish):
        raise BankError("only an admin may withdraw a published quiz")
    now = clock.now()
    with transaction(engine) as connection:
        changed = _set_state(connection, quiz_id, "published", "retired", actor.username, now)
        if not changed:
            raise BankError(f"no version of '{quiz_id}' is published")
        audit.record(connection, "quiz_retired", actor=actor.username, target=quiz_id, now=now)


def _set_state(
    connection: Connection, quiz_id: str, old: State, new: State, actor: str, now: datetime
) -> int:
    return connection.execute(
        bank_versions.update()
        .where(bank_versions.c.quiz_id == quiz_id, bank_versions.c.state == old)
        .values(state=new, changed_by=actor, changed_at=now)
    ).rowcount


def published(engine: Engine) -> list[Version]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(bank_versions)
            .where(bank_versions.c.state == "published")
            .order_by(bank_versions.c.quiz_id)
        )
        return [_version(row) for row in rows]


def diff(old: Version, new: Version) -> str:
    """A unified diff of two versions' YAML, as ``git diff`` shows a quiz file."""
    return diff_text(old.yaml, new.yaml, old.display, new.display)


def diff_text(old: str, new: str, old_name: str, new_name: str) -> str:
    """A unified diff of two quiz texts (a version and the editor's text, say)."""
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=old_name,
            tofile=new_name,
        )
    )


def files(engine: Engine, quiz_id: str) -> dict[str, bytes]:
    """The images a bank quiz shows, by the name its Markdown uses."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(bank_files.c.name, bank_files.c.content).where(bank_files.c.quiz_id == quiz_id)
        )
        return {name: bytes(data) for name, data in rows}


def import_draft(
    engine: Engine,
    raw: bytes,
    fmt: str | None,
    *,
    filename: str,
    author: Actor,
    file_ids: set[str],
    quiz_id: str | None = None,
    title: str | None = None,
) -> tuple[Version, ImportResult]:
    """Convert a GIFT, Moodle XML or Aiken file and store it as a new bank quiz (a draft),
    with the images Moodle XML embeds. FormatError when the file cannot be read; BankError
    when its quiz id is taken."""
    with tempfile.TemporaryDirectory() as folder:
        result = import_bytes(
            raw, fmt, filename=filename, quiz_id=quiz_id, title=title, assets_dir=Path(folder)
        )
        images = {p.name: p.read_bytes() for p in Path(folder).iterdir() if p.is_file()}
    new_id = result.data["id"]
    if versions(engine, new_id):
        raise BankError(
            f"a quiz with the id '{new_id}' is already in the database; choose another id"
        )
    saved = save_draft(engine, new_id, result.yaml(), author=author, file_ids=file_ids, based_on=0)
    if images:
        with transaction(engine) as connection:
            connection.execute(
                bank_files.insert(),
                [{"quiz_id": new_id, "name": n, "content": c} for n, c in images.items()],
            )
    return saved, result


def export(engine: Engine, quiz_id: str, fmt: str, number: int | None = None) -> ExportResult:
    """A bank quiz's version (the newest when None) as YAML, GIFT or Moodle XML; Moodle XML
    embeds the quiz's images."""
    chosen = get_version(engine, quiz_id, number)
    if fmt == "yaml":
        return ExportResult(chosen.yaml, [])
    loaded = parse_version(chosen)
    with tempfile.TemporaryDirectory() as folder:
        for name, data in files(engine, quiz_id).items():
            (Path(folder) / name).write_bytes(data)
        return export_quiz(loaded.quiz, fmt, assets_dir=Path(folder))
