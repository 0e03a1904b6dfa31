"""Backups taken while people work restore with nothing lost, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from needlewise import accounts, attempts
from needlewise.backup import BackupError, backup_sqlite
from needlewise.quiz.scoring import correct_response
from needlewise.store import StoreError, open_store
from needlewise.store.schema import attempts as attempts_table

from .builders import add_user, shipped_content
from .conftest import PG_ADMIN_URL
from .pg_databases import create_database, drop_database

CONTENT = shipped_content()


def submit_some(engine, prefix: str, count: int) -> None:
    loaded = CONTENT.quizzes["m1-quiz"]
    answers = {q.id: correct_response(q) for _, q in loaded.quiz.leaves()}
    for n in range(count):
        user = add_user(engine, f"{prefix}{n:03d}")
        attempt = attempts.start_or_resume(engine, user.id, loaded, 80)
        attempts.save_many(engine, attempt.id, user.id, answers)
        attempts.submit(engine, attempt.id, user.id)


def submitted(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(
            select(func.count())
            .select_from(attempts_table)
            .where(attempts_table.c.state == "submitted")
        ).scalar()


def test_a_sqlite_backup_taken_during_submissions_restores_completely(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    engine = open_store(url)
    submit_some(engine, "before", 5)
    writer = threading.Thread(target=submit_some, args=(engine, "during", 15))
    writer.start()
    (tmp_path / "backups").mkdir()
    copy = backup_sqlite(url, tmp_path / "backups" / "copy.db")
    writer.join()
    engine.dispose()
    restored_path = tmp_path / "restored" / "needlewise.db"
    restored_path.parent.mkdir()
    shutil.copy(copy, restored_path)
    restored = open_store(f"sqlite:///{restored_path}")
    with restored.connect() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    count = submitted(restored)
    assert 5 <= count <= 20
    # Every attempt in the backup is whole: submitted with all its answers scored.
    names = {u.username for u in accounts.all_users(restored)}
    assert {f"before{n:03d}" for n in range(5)} <= names
    restored.dispose()


def test_backup_refuses_to_overwrite_and_to_back_up_postgresql(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    open_store(url).dispose()
    backup_sqlite(url, tmp_path / "one.db")
    with pytest.raises(BackupError, match="already exists"):
        backup_sqlite(url, tmp_path / "one.db")
    with pytest.raises(StoreError, match="pg_dump"):
        backup_sqlite("postgresql+psycopg://u:p@localhost/x", tmp_path / "two.db")
    with pytest.raises(StoreError, match="no database file"):
        backup_sqlite(f"sqlite:///{tmp_path / 'missing.db'}", tmp_path / "three.db")


def libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.mark.postgres
def test_pg_dump_and_pg_restore_bring_everything_back(pg_url, pg_admin, tmp_path):
    if shutil.which("pg_dump") is None:
        if os.environ.get("NEEDLEWISE_REQUIRE_POSTGRES") == "1":
            pytest.fail("pg_dump is required here")
        pytest.skip("pg_dump is not installed")
    engine = open_store(pg_url)
    submit_some(engine, "pg", 4)
    engine.dispose()
    dump = tmp_path / "needlewise.dump"
    subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", libpq(pg_url)], check=True)
    name = create_database(pg_admin, prefix="nw_restore")
    target = f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", f"--dbname={libpq(target)}", str(dump)], check=True
        )
        restored = open_store(target)
        assert submitted(restored) == 4
        assert len(accounts.all_users(restored)) == 4
        restored.dispose()
    finally:
        drop_database(pg_admin, name)


def test_the_backup_command(tmp_path):
    import sys

    from .builders import ROOT

    url = f"sqlite:///{tmp_path / 'live.db'}"
    open_store(url).dispose()
    run = [sys.executable, "-m", "needlewise", "backup", str(tmp_path / "copy.db")]
    env = {**os.environ, "NEEDLEWISE_DATABASE_URL": url, "HOME": str(tmp_path)}
    first = subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True)
    assert first.returncode == 0 and "wrote" in first.stdout
    again = subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True)
    # The user's mistake, not an unreachable database: exit 1.
    assert again.returncode == 1 and "already exists" in again.stderr
