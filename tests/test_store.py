"""Storage: migrations, atomic writes, and the same behaviour on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, inspect, select, text

from needlewise.store import StoreError, open_store, transaction
from needlewise.store.engine import create
from needlewise.store.migrate import current, head, upgrade
from needlewise.store.schema import attempts, metadata, quiz_versions, responses, users

from .builders import add_user


def test_migrations_from_empty_to_head_twice(store_url):
    first = open_store(store_url)
    assert current(first) == head()
    tables = set(inspect(first).get_table_names())
    first.dispose()
    second = open_store(store_url)
    assert current(second) == head()
    assert set(inspect(second).get_table_names()) == tables
    assert {"users", "attempts", "responses", "certificates", "review_cards"} <= tables
    second.dispose()


# SQLite's reflection cannot read an index on an expression, so the comparison skips the
# groups' index on lower(name) there (PostgreSQL compares it); the test checks it is there.
@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_migrated_schema_matches_the_tables_the_code_uses(engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
        if engine.dialect.name == "sqlite":
            index = connection.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE name = 'uq_cohorts_lower_name'"
            ).scalar()
            assert index == "CREATE UNIQUE INDEX uq_cohorts_lower_name ON cohorts (lower(name))"
    assert differences == []


def test_an_old_database_upgrades_without_losing_rows(store_url):
    engine = create(store_url)
    upgrade(engine, "0001")
    with transaction(engine) as connection:
        connection.execute(
            users.insert().values(
                username="early",
                name="Early",
                email="early@example.com",
                password_hash="$2b$04$" + "x" * 53,
                created_at=func.now(),
            )
        )
    upgrade(engine)
    assert current(engine) == head()
    with engine.connect() as connection:
        assert connection.execute(select(users.c.username)).scalars().all() == ["early"]
    engine.dispose()


def test_attempt_and_responses_commit_together_or_not_at_all(engine):
    user = add_user(engine, "tess")
    with transaction(engine) as connection:
        connection.execute(
            quiz_versions.insert().values(
                quiz_id="q", version="v1", definition={}, first_seen_at=func.now()
            )
        )

    def write(fail: bool) -> None:
        with transaction(engine) as connection:
            attempt_id = connection.execute(
                attempts.insert()
                .values(
                    user_id=user.id,
                    quiz_id="q",
                    quiz_version="v1",
                    number=1,
                    layout=[],
                    state="submitted",
                    started_at=func.now(),
                    max_points=2,
                    pass_mark=50,
                )
                .returning(attempts.c.id)
            ).scalar_one()
            connection.execute(
                responses.insert().values(
                    attempt_id=attempt_id, question_id="one", saved_at=func.now(), max_points=1
                )
            )
            if fail:
                raise RuntimeError("the server fell over between two writes")
            connection.execute(
                responses.insert().values(
                    attempt_id=attempt_id, question_id="two", saved_at=func.now(), max_points=1
                )
            )

    with pytest.raises(RuntimeError):
        write(fail=True)
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(attempts)).scalar() == 0
        assert connection.execute(select(func.count()).select_from(responses)).scalar() == 0
    write(fail=False)
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(responses)).scalar() == 2


def test_sqlite_is_opened_with_wal_foreign_keys_and_a_busy_timeout(sqlite_engine):
    with sqlite_engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_the_default_sqlite_file_and_its_folder_are_created(tmp_path):
    url = f"sqlite:///{tmp_path / 'new' / 'folder' / 'nw.db'}"
    engine = open_store(url)
    assert (tmp_path / "new" / "folder" / "nw.db").is_file()
    engine.dispose()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("mysql://user:secret@db/nw", "uses 'mysql'"),
        ("not a url", "is not valid"),
        ("postgresql+psycopg2://u:secret@localhost/x", "names driver 'psycopg2'"),
    ],
)
def test_unsupported_database_urls_get_one_clear_message(url, expected):
    with pytest.raises(StoreError) as raised:
        open_store(url)
    assert expected in str(raised.value)
    assert "secret" not in str(raised.value)


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError) as raised:
        open_store(f"sqlite:///{path}")
    assert "Cannot open the database" in str(raised.value)
    assert path.read_bytes() == before


def test_an_unreachable_server_is_named_without_its_password():
    with pytest.raises(StoreError) as raised:
        open_store("postgresql+psycopg://nw:hunter2@127.0.0.1:1/nw?connect_timeout=2")
    assert "Cannot open the database" in str(raised.value)
    assert "hunter2" not in str(raised.value)


def test_a_database_from_a_newer_version_is_not_touched(sqlite_url):
    engine = open_store(sqlite_url)
    with transaction(engine) as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreError) as raised:
        upgrade(engine)
    assert "newer NeedleWise" in str(raised.value)
    engine.dispose()


def test_postgres_style_urls_are_accepted(pg_url):
    plain = pg_url.replace("postgresql+psycopg://", "postgres://")
    engine = open_store(plain)
    assert engine.dialect.name == "postgresql"
    engine.dispose()
