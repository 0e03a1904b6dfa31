"""The throwaway databases the PostgreSQL tests run on are made and dropped cleanly."""

import pytest
from sqlalchemy import create_engine, text

from .conftest import PG_ADMIN_URL
from .pg_databases import create_database, drop_database

pytestmark = pytest.mark.postgres


def exists(admin, name: str) -> bool:
    with admin.connect() as connection:
        found = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        )
        return found.first() is not None


def test_a_database_still_in_use_by_the_tests_role_is_dropped(pg_admin):
    name = create_database(pg_admin)
    assert exists(pg_admin, name)
    engine = create_engine(f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}")
    left_open = engine.connect()
    left_open.execute(text("SELECT 1"))

    drop_database(pg_admin, name)

    assert not exists(pg_admin, name)
    left_open.invalidate()
    engine.dispose()


def test_dropping_a_database_that_is_gone_is_quiet(pg_admin):
    name = create_database(pg_admin)
    drop_database(pg_admin, name)
    drop_database(pg_admin, name)
    assert not exists(pg_admin, name)
