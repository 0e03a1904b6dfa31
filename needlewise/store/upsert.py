"""INSERT ... ON CONFLICT DO UPDATE for the two supported databases."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def upsert(
    connection: Connection,
    table: Table,
    values: dict[str, Any] | list[dict[str, Any]],
    keys: list[str],
    update: list[str] | None = None,
) -> None:
    """Insert rows, or update ``update`` columns (or do nothing) where ``keys`` clash."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    # The rows go as parameters, not into the statement: a statement with its values built
    # in is compiled anew for every call, which cost more than the database work itself.
    statement = dialect.insert(table)
    if update:
        statement = statement.on_conflict_do_update(
            index_elements=keys, set_={name: statement.excluded[name] for name in update}
        )
    else:
        statement = statement.on_conflict_do_nothing(index_elements=keys)
    connection.execute(statement, values)
