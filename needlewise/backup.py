"""Online backups of the SQLite database (PostgreSQL has pg_dump for this).

A backup is only ever written as a new file in a folder that already exists: an existing
file is never replaced, and a missing folder is never created, since a mistyped path would
otherwise put the backup somewhere nobody looks. A copy that fails leaves no file behind.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import make_url

from .errors import UserError
from .store.engine import StoreError, normalise_url


class BackupError(UserError):
    """The backup cannot be written where asked; the message says why and what to do."""


def backup_sqlite(database_url: str, target: Path) -> Path:
    """Copy a live SQLite database to ``target`` consistently, while the app keeps running.

    Raises BackupError for a target that exists, a folder that does not, or a file that
    cannot be written; StoreError when the database itself cannot be read.
    """
    url = make_url(normalise_url(database_url))
    if url.get_backend_name() != "sqlite":
        raise StoreError(
            "This command backs up the SQLite file; for PostgreSQL use pg_dump "
            "(see docs/deploy.md)."
        )
    source = Path(url.database or "")
    if not source.is_file():
        raise StoreError(f"There is no database file at {source}.")
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file name.")
    if not target.parent.is_dir():
        raise BackupError(
            f"There is no folder {target.parent}, so {target} cannot be written; check the "
            f"path, or create the folder first (mkdir -p {target.parent})."
        )
    try:
        reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        reader.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        raise StoreError(f"The database file {source} cannot be read ({exc}).") from None
    with closing(reader):
        try:
            # Exclusive creation: a file that appeared since the check above is kept.
            target.open("xb").close()
        except FileExistsError:
            raise BackupError(f"{target} already exists; choose a new file name.") from None
        except OSError as exc:
            raise BackupError(
                f"{target} cannot be written ({exc.strerror}); choose a folder you may write to."
            ) from None
        try:
            with closing(sqlite3.connect(target)) as writer:
                reader.backup(writer)
        except sqlite3.Error as exc:
            target.unlink(missing_ok=True)
            raise BackupError(f"The copy to {target} failed ({exc}); nothing was kept.") from None
    return target
