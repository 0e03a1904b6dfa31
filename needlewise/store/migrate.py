"""Versioned schema migrations (Alembic), applied when the app starts, by `migrate` and by
the demo; other commands refuse a database whose schema is not this code's."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, text

from .engine import StoreError, safe_url, transaction

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any constant works; it only has to be the same in every replica.
_PG_LOCK_KEY = 7_305_524_901


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@functools.cache
def head() -> str:
    found = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if found is None:
        raise StoreError(f"No schema migrations found in {MIGRATIONS}; the install is incomplete.")
    return found


def current(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@dataclass(frozen=True)
class SchemaStatus:
    """How the database's schema compares with the one this code expects."""

    found: str | None
    expected: str
    state: Literal["current", "missing", "older", "newer"]

    def reason(self) -> str:
        """One line for an operator; empty when the schema is the expected one."""
        if self.state == "missing":
            return "the database has no NeedleWise schema yet; run `python -m needlewise migrate`"
        if self.state == "older":
            return (
                f"the database schema ({self.found}) is older than this code ({self.expected}); "
                "run `python -m needlewise migrate`"
            )
        if self.state == "newer":
            return (
                f"the database schema ({self.found}) is newer than this code ({self.expected}); "
                "upgrade this copy of NeedleWise"
            )
        return ""


def status(engine: Engine) -> SchemaStatus:
    """Compare the database's Alembic revision with this code's head, changing nothing."""
    expected = head()
    found = current(engine)
    if found is None:
        return SchemaStatus(found, expected, "missing")
    if found == expected:
        return SchemaStatus(found, expected, "current")
    known = {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    return SchemaStatus(found, expected, "older" if found in known else "newer")


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` in one transaction; safe to run from many replicas."""
    config = alembic_config()
    known = {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
    found = current(engine)
    if found is not None and found not in known:
        raise StoreError(
            f"The database {safe_url(str(engine.url))} was written by a newer NeedleWise "
            f"(schema {found}); upgrade this installation before using it."
        )
    if found == head() and revision == "head":
        return
    try:
        with transaction(engine) as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY}
                )
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except CommandError as exc:
        raise StoreError(f"Cannot upgrade the database schema: {exc}") from None
