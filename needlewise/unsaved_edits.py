"""Quiz text an author typed in the Quiz studio's editor and has not saved as a version yet,
kept in the database each time the editor reports it, so that going to another page,
reloading the tab or a session ending loses none of it.

Invariants this module protects:
- At most one kept text per quiz and author; each report from the editor replaces it.
- A kept text differs from the quiz's newest version: text equal to it is not kept (typing
  back to the saved text clears what was kept), and a kept text that a later save made
  equal is dropped instead of being offered back.
- A kept text names the version it was based on, so an author who comes back after someone
  saved or published a newer version is told, and does not overwrite it unknowingly.
- Saving a draft or publishing clears the saver's kept text (the studio calls ``discard``);
  other authors' kept texts for the quiz stay, and say they are based on an older version.

Kept text is scratch work, not a record: it is not versioned and not in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, delete, select

from . import clock
from .acting import TEACHING, Actor, require
from .quiz_bank import BankError
from .store.engine import transaction
from .store.schema import bank_versions, unsaved_edits
from .store.upsert import upsert


@dataclass(frozen=True)
class Unsaved:
    """An author's kept text for a quiz, as read with the quiz's newest version number."""

    quiz_id: str
    username: str
    based_on: int
    text: str
    kept_at: datetime
    newest: int

    @property
    def outdated(self) -> bool:
        """A newer version was saved or published after the one this text started from."""
        return self.based_on < self.newest


def _newest(connection: Connection, quiz_id: str) -> tuple[int, str]:
    """The number and text of the quiz's newest version; BankError when it has none."""
    row = connection.execute(
        select(bank_versions.c.number, bank_versions.c.yaml)
        .where(bank_versions.c.quiz_id == quiz_id)
        .order_by(bank_versions.c.number.desc())
        .limit(1)
    ).first()
    if row is None:
        raise BankError(f"there is no quiz '{quiz_id}' in the database")
    return row.number, row.yaml


def _forget(connection: Connection, quiz_id: str, username: str) -> None:
    connection.execute(
        delete(unsaved_edits).where(
            unsaved_edits.c.quiz_id == quiz_id, unsaved_edits.c.username == username
        )
    )


def keep(
    engine: Engine,
    quiz_id: str,
    text: str,
    *,
    based_on: int,
    author: Actor,
    now: datetime | None = None,
) -> Unsaved | None:
    """Keep ``text``, what the author's editor holds, started from version ``based_on``.
    Text equal to the newest version clears what was kept instead; returns what is kept."""
    require(author, TEACHING, "write quizzes")
    with transaction(engine) as connection:
        newest, saved = _newest(connection, quiz_id)
        if not 1 <= based_on <= newest:
            raise BankError(
                f"quiz '{quiz_id}' has no version {based_on} (it has 1 to {newest}); "
                "open the quiz again in the Quiz studio"
            )
        if text == saved:
            _forget(connection, quiz_id, author.username)
            return None
        kept = Unsaved(quiz_id, author.username, based_on, text, now or clock.now(), newest)
        upsert(
            connection,
            unsaved_edits,
            {
                "quiz_id": quiz_id,
                "username": author.username,
                "based_on": based_on,
                "text": text,
                "kept_at": kept.kept_at,
            },
            keys=["quiz_id", "username"],
            update=["based_on", "text", "kept_at"],
        )
    return kept


def to_restore(engine: Engine, quiz_id: str, *, author: Actor) -> Unsaved | None:
    """The author's kept text for the quiz, to open the editor with; None when there is none
    or it equals the newest version (then it is dropped: a save made it the same)."""
    require(author, TEACHING, "write quizzes")
    with transaction(engine) as connection:
        row = connection.execute(
            select(unsaved_edits).where(
                unsaved_edits.c.quiz_id == quiz_id,
                unsaved_edits.c.username == author.username,
            )
        ).first()
        if row is None:
            return None
        newest, saved = _newest(connection, quiz_id)
        if row.text == saved:
            _forget(connection, quiz_id, author.username)
            return None
        return Unsaved(**row._mapping, newest=newest)


def discard(engine: Engine, quiz_id: str, *, author: Actor) -> None:
    """Forget the author's kept text for the quiz (after a save, or when they discard it)."""
    require(author, TEACHING, "write quizzes")
    with transaction(engine) as connection:
        _forget(connection, quiz_id, author.username)
