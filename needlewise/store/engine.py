"""Creating the SQLAlchemy engine for SQLite or PostgreSQL, with clear errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from ..errors import OperatorError

SUPPORTED = "sqlite:///PATH or postgresql+psycopg://USER:PASSWORD@HOST/DB"
SQLITE_BUSY_TIMEOUT_MS = 30_000


class StoreError(OperatorError):
    """The database cannot be used; the message says which one and why."""


@dataclass(frozen=True)
class PoolLimits:
    """PostgreSQL connections one process may hold: ``size`` kept open, ``overflow`` more
    at peaks, and how long a request waits for one before failing.

    The defaults suit small hosted plans: every copy of the app, every command and every
    backup shares the server's ``max_connections`` (see docs/deploy.md).
    """

    size: int = 5
    overflow: int = 5
    timeout: float = 30.0


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url.split("@")[-1] if "@" in url else url


def normalise_url(url: str) -> str:
    """Accept the postgres:// and postgresql:// spellings hosts hand out."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def create(url: str, pool: PoolLimits | None = None) -> Engine:
    """An engine for ``url``; raises StoreError for unsupported or malformed URLs."""
    url = normalise_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            f"The database URL {safe_url(url)!r} is not valid; use {SUPPORTED}."
        ) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite(url, parsed.database)
    if backend == "postgresql":
        if parsed.get_driver_name() != "psycopg":
            raise StoreError(
                f"The database URL {safe_url(url)!r} names driver "
                f"'{parsed.get_driver_name()}'; use postgresql+psycopg://."
            )
        try:
            limits = pool or PoolLimits()
            return create_engine(
                url,
                pool_pre_ping=True,
                pool_size=limits.size,
                max_overflow=limits.overflow,
                pool_timeout=limits.timeout,
            )
        except (NoSuchModuleError, ArgumentError) as exc:
            raise StoreError(f"Cannot use {safe_url(url)!r}: {exc}") from None
    raise StoreError(
        f"The database URL {safe_url(url)!r} uses '{parsed.drivername}', which NeedleWise does "
        f"not support; use {SUPPORTED}."
    )


def _sqlite(url: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        folder = Path(database).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"Cannot create the folder {folder} for the database {database}: {exc.strerror}."
            ) from None
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:
        # Let SQLAlchemy issue BEGIN itself, so writers can take the lock up front.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # A writer that starts with a plain BEGIN can fail at once with "database is
        # locked" when it upgrades its lock; BEGIN IMMEDIATE waits its turn instead.
        immediate = connection.get_execution_options().get("write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    """A write transaction: committed when the block ends, rolled back on any error."""
    with engine.connect() as connection:
        connection = connection.execution_options(write=True)
        with connection.begin():
            yield connection


@contextmanager
def reading(source: Engine | Connection) -> Iterator[Connection]:
    """A connection to read through: the caller's own, so several reads share one (on
    PostgreSQL each connection taken from the pool costs a ping and a rollback), or a new
    one from the engine."""
    if isinstance(source, Connection):
        yield source
    else:
        with source.connect() as connection:
            yield connection


def check_connection(engine: Engine) -> None:
    """Open one connection; turn driver errors into a StoreError naming the database."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except DBAPIError as exc:
        raise StoreError(
            f"Cannot open the database {engine.url.render_as_string(hide_password=True)}: "
            f"{_reason(exc)}"
        ) from None


def _reason(exc: SQLAlchemyError) -> str:
    original = getattr(exc, "orig", None)
    message = str(original or exc).strip().splitlines()
    return message[0] if message else exc.__class__.__name__


def open_store(url: str, pool: PoolLimits | None = None) -> Engine:
    """Create the engine, check it opens, and bring its schema up to date."""
    from .migrate import upgrade

    engine = create(url, pool)
    check_connection(engine)
    upgrade(engine)
    return engine


def open_migrated(url: str, pool: PoolLimits | None = None) -> Engine:
    """Create the engine and check it opens, refusing (StoreError, nothing changed) a
    database whose schema is not this code's: creating or upgrading it is ``migrate``'s
    job, done once per release, not a side effect of whichever command runs first."""
    from .migrate import status

    engine = create(url, pool)
    check_connection(engine)
    found = status(engine)
    if found.state != "current":
        engine.dispose()
        raise StoreError(f"{safe_url(url)}: {found.reason()} (nothing was changed)")
    return engine


class _Savepoints:
    """The shared connection, handed to code that asked the engine for one: its
    ``begin()`` opens a savepoint inside the outer transaction instead of a transaction."""

    def __init__(self, connection: Connection):
        self._connection = connection

    def execution_options(self, **_options) -> _Savepoints:
        return self

    def begin(self):
        return self._connection.begin_nested()

    def __getattr__(self, name: str):
        return getattr(self._connection, name)


class _OneConnection:
    """Stands in for an Engine so that library functions written for one commit nothing
    of their own: every ``connect()`` yields the same connection."""

    def __init__(self, connection: Connection):
        self._connection = connection

    @contextmanager
    def connect(self) -> Iterator[_Savepoints]:
        yield _Savepoints(self._connection)

    def __getattr__(self, name: str):
        return getattr(self._connection.engine, name)


@contextmanager
def one_transaction(engine: Engine) -> Iterator[Engine]:
    """Run many library calls as one transaction: all of their writes are committed when
    the block ends, or none (an error, or the process killed half-way).

    On SQLite this holds the write lock for the whole block, so other writers wait; use it
    for batch jobs such as the demo, not in the app.
    """
    with transaction(engine) as connection:
        yield _OneConnection(connection)  # type: ignore[misc]  # quacks like an Engine
