"""What every page needs for one script run: configuration, engine, content, settings, user.

The engine (and its migrations) is created once per process and database URL; parsed
content is cached per process and reloaded when a file under content/ or quizzes/
changes, or a quiz is published or placed from the Quiz studio, so an instructor's edit
shows up on the next click.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from sqlalchemy import Connection, Engine
from streamlit import config as st_config

from .. import config as config_module
from .. import quiz_bank, quiz_placement, readiness
from ..accounts import User
from ..attempts import recorded_versions
from ..check import with_half_parsed
from ..config import Config
from ..content import Content, keep_recorded, load_content
from ..quiz_placement import with_bank
from ..settings import ClinicSettings, read_all
from ..store import PoolLimits, StoreError, open_store
from ..store.engine import safe_url
from ..store.migrate import status, upgrade

_CONTEXT = "_nw_context"
_LOG = logging.getLogger("needlewise")
_USER = "_nw_user"
# How often a running copy looks again at the schema: another copy's `migrate` during a
# rolling upgrade must take an old copy out of service within seconds, not at its restart.
SCHEMA_RECHECK_SECONDS = 10


@dataclass(frozen=True)
class Context:
    config: Config
    engine: Engine
    content: Content
    settings: ClinicSettings


def _secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except Exception:  # every failure is diagnosed below
        # Streamlit raises the same FileNotFoundError subclass when there is no secrets file
        # and when it cannot parse one. Only the first may run on the defaults, so the files
        # are read again here, where one that exists but cannot be read raises ConfigError.
        paths = [Path(p) for p in st_config.get_option("secrets.files")]
        return config_module.read_secrets_files(paths)


@st.cache_resource(show_spinner=False, max_entries=4)
def _engine(url: str, pool: PoolLimits) -> Engine:
    return open_store(url, pool)


@st.cache_data(show_spinner=False, ttl=SCHEMA_RECHECK_SECONDS, max_entries=4)
def _schema_checked(url: str, _engine: Engine) -> str:
    """The schema revision, when it is the one this code expects (raised errors are not
    cached, so a copy facing a newer schema keeps refusing until it is replaced)."""
    found = status(_engine)
    if found.state == "newer":
        raise StoreError(f"The database {safe_url(url)} cannot be used: {found.reason()}.")
    if found.state != "current":
        # The database was replaced under a running copy (a restore): upgrade it as at start.
        upgrade(_engine)
    return found.expected


@st.cache_data(show_spinner=False, max_entries=4)
def _content_version(content_dir: str, quizzes_dir: str, fingerprint: str) -> str:
    return readiness.content_version(Path(content_dir), Path(quizzes_dir))


def content_version() -> str:
    """The digest of the content this copy serves, as `python -m needlewise ready` prints it."""
    config = current().config
    return _content_version(
        str(config.content_dir),
        str(config.quizzes_dir),
        fingerprint(config.content_dir, config.quizzes_dir),
    )


@st.cache_resource(show_spinner=False, max_entries=2)
def _content(
    content_dir: str,
    quizzes_dir: str,
    fingerprint: str,
    database_url: str,
    bank: str,
    _engine: Engine,
) -> Content:
    # The engine is left out of the cache key (leading underscore); the URL stands for it,
    # and ``bank`` for the quizzes published and placed from the Quiz studio.
    base = Path(content_dir).parent
    content = load_content(Path(content_dir), Path(quizzes_dir), base=base)
    # Every problem `python -m needlewise check` says, for the studio's list.
    content.problems = with_half_parsed(content, base)
    if content.duplicates:
        recorded = recorded_versions(_engine, list(content.duplicates))
        content = keep_recorded(content, recorded)
    return with_bank(content, _engine)


def bank_revision(source: Engine | Connection) -> str:
    """What changes when a bank quiz is saved, published, withdrawn or placed."""
    return quiz_bank.revision(source) + "/" + quiz_placement.revision(source)


def fingerprint(*folders: Path) -> str:
    """A digest of the names, sizes and modification times of every content file: cheap to
    compute, and a short string is cheap for the cache to compare."""
    found = []
    for folder in folders:
        for root, _dirs, files in os.walk(folder):
            for name in files:
                path = os.path.join(root, name)
                try:
                    info = os.stat(path)
                except OSError:
                    continue
                found.append(f"{path}\0{info.st_size}\0{info.st_mtime_ns}")
    return hashlib.sha1("\n".join(sorted(found)).encode()).hexdigest()


def load() -> Context:
    """Build this run's context, or show one clear message and stop."""
    try:
        config = config_module.load(_secrets())
        pool = PoolLimits(config.db_pool_size, config.db_max_overflow, config.db_pool_timeout)
        engine = _engine(config.database_url, pool)
        _schema_checked(config.database_url, engine)
    except (config_module.ConfigError, StoreError) as exc:
        # Nobody can be signed in without a working configuration, so the reason goes to the
        # server log only: it can name hosts and files a visitor has no business seeing.
        _LOG.error("NeedleWise cannot start: %s", exc)
        st.error(
            "NeedleWise is unavailable right now. The administrator can find the reason in "
            "the server log."
        )
        st.stop()
    # Every run reads these: through one connection, not one each.
    with engine.connect() as connection:
        revision = bank_revision(connection)
        clinic = read_all(connection)
    content = _content(
        str(config.content_dir),
        str(config.quizzes_dir),
        fingerprint(config.content_dir, config.quizzes_dir),
        config.database_url,
        revision,
        engine,
    )
    context = Context(config=config, engine=engine, content=content, settings=clinic)
    st.session_state[_CONTEXT] = context
    return context


def current() -> Context:
    """The context app.py built for this run."""
    return st.session_state[_CONTEXT]


def set_user(user: User | None) -> None:
    st.session_state[_USER] = user


def user() -> User:
    """The signed-in user; pages are only reachable when there is one."""
    found = st.session_state.get(_USER)
    if found is None:
        st.error("Please sign in.")
        st.stop()
    return found
