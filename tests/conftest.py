"""Shared fixtures: real SQLite files, a real PostgreSQL server, and AppTest helpers.

PostgreSQL tests need a server that accepts NEEDLEWISE_TEST_POSTGRES_URL (default: role
``needlewise``, password ``needlewise``, on localhost). Without one they skip with the
reason, unless NEEDLEWISE_REQUIRE_POSTGRES=1 (set by .ci/run), where they fail instead.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Cheap bcrypt and no sign-in pause keep the suite fast; production keeps the defaults.
# The pause applies to AppTest only: browser_harness runs the server without it, since it
# changes when a cookie sign-in lands and once hid that deep links were lost.
os.environ["NEEDLEWISE_BCRYPT_ROUNDS"] = "4"
os.environ["NEEDLEWISE_LOGIN_SLEEP_TIME"] = "0"

from sqlalchemy import create_engine, text
from streamlit.testing.v1 import AppTest

from needlewise import clock
from needlewise.store import open_store

from . import browser_harness, builders, pg_databases

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get(
    "NEEDLEWISE_TEST_POSTGRES_URL",
    "postgresql+psycopg://needlewise:needlewise@localhost:5432/postgres",
)


@pytest.fixture(autouse=True)
def _pages_never_raise(monkeypatch):
    """Every AppTest run of every test asserts the page raised nothing."""
    monkeypatch.setattr(AppTest, "_run", builders.run_without_exception)


@pytest.fixture(autouse=True)
def _reset_clock():
    yield
    clock.reset()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'needlewise.db'}"


@pytest.fixture(scope="session")
def pg_admin():
    """An engine on the PostgreSQL server's maintenance database."""
    engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # any failure to connect means "no server here"
        engine.dispose()
        reason = f"no PostgreSQL server at {PG_ADMIN_URL.split('@')[-1]} ({type(exc).__name__})"
        if os.environ.get("NEEDLEWISE_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required here but {reason}")
        pytest.skip(reason + "; run .ci/run or set NEEDLEWISE_TEST_POSTGRES_URL")
    yield engine
    engine.dispose()


@pytest.fixture
def pg_url(pg_admin):
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    name = pg_databases.create_database(pg_admin)
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    pg_databases.drop_database(pg_admin, name)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request, tmp_path: Path) -> str:
    """Each store test runs on a SQLite file and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'needlewise.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A SQLite file brought to the current schema once per test process."""
    path = tmp_path_factory.mktemp("migrated") / "needlewise.db"
    open_store(f"sqlite:///{path}").dispose()
    return path


def migrated(request, url: str) -> str:
    """``url``, a new SQLite file made a copy of the migrated one first: migrating every
    test's file took about a second each, and the migrations have tests of their own. A
    PostgreSQL database is migrated as it is: copying a template there saved little and
    fails while anyone (autovacuum) is connected to the template."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        assert not path.exists(), path
        shutil.copyfile(request.getfixturevalue("migrated_sqlite"), path)
    return url


@pytest.fixture
def engine(request, store_url: str):
    engine = open_store(migrated(request, store_url))
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_engine(request, sqlite_url: str):
    engine = open_store(migrated(request, sqlite_url))
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, launched once per test session (see browser_harness.py)."""
    yield from browser_harness.launch_browser()


@pytest.fixture
def page(browser, request):
    """A fresh browser context and page; a screenshot is kept when the test fails."""
    yield from browser_harness.open_page(browser, request)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Let fixtures see whether the test failed (browser tests save a screenshot then)."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)
