"""Online backups of the SQLite database (PostgreSQL has pg_dump for this)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import make_url

from .store.engine import StoreError, normalise_url


def backup_sqlite(database_url: str, target: Path) -> Path:
    """Copy a live SQLite database to ``target`` consistently, while the app keeps running."""
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
        raise StoreError(f"{target} already exists; choose a new file name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as reader,
        closing(sqlite3.connect(target)) as writer,
    ):
        reader.backup(writer)
    return target
