"""Throwaway PostgreSQL databases for tests: made fresh, dropped afterwards.

The tests' role is not a superuser. `DROP DATABASE ... WITH (FORCE)` would try to end every
session in the database, autovacuum workers included, and a non-superuser may not end those,
so a drop ends only the role's own sessions and leaves autovacuum to the server, which asks
its workers to stop when a database is dropped.
"""

from __future__ import annotations

import time
import uuid

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

BUSY = "is being accessed by other users"


def create_database(admin, prefix: str = "nw_test") -> str:
    """A new empty database's name. CREATE DATABASE copies template1 and fails while another
    session (a parallel test run) is copying it; it succeeds a moment later."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    _retry_while_busy(admin, f'CREATE DATABASE "{name}"')
    return name


def drop_database(admin, name: str) -> None:
    with admin.connect() as connection:
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND usename = current_user AND pid <> pg_backend_pid()"
            ),
            {"name": name},
        )
    _retry_while_busy(admin, f'DROP DATABASE IF EXISTS "{name}"')


def _retry_while_busy(admin, statement: str) -> None:
    for attempt in range(20):
        try:
            with admin.connect() as connection:
                connection.execute(text(statement))
            return
        except DBAPIError as exc:
            if BUSY not in str(exc) or attempt == 19:
                raise
            time.sleep(0.25)
