"""INSERT ... ON CONFLICT DO UPDATE for the two supported databases."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Connection, Executable, Table
from sqlalchemy.dialects import postgresql, sqlite


def upsert(
    connection: Connection,
    table: Table,
    values: dict[str, Any] | list[dict[str, Any]],
    keys: list[str],
    update: list[str] | None = None,
) -> None:
    """Insert rows, or update ``update`` columns (or do nothing) where ``keys`` clash."""
    # The rows go as parameters, not into the statement: a statement with its values built
    # in is compiled anew for every call, which cost more than the database work itself.
    connection.execute(
        _statement(connection.dialect.name, table, tuple(keys), tuple(update or ())), values
    )


@cache
def _statement(
    dialect_name: str, table: Table, keys: tuple[str, ...], update: tuple[str, ...]
) -> Executable:
    """The statement for one table, key and update list, built once: building it (its
    ``excluded`` columns above all) cost more than a submit's database work."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    statement = dialect.insert(table)
    if update:
        return statement.on_conflict_do_update(
            index_elements=list(keys), set_={name: statement.excluded[name] for name in update}
        )
    return statement.on_conflict_do_nothing(index_elements=list(keys))
