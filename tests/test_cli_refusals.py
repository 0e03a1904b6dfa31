"""The command line's refusals follow README's exit codes: a request that cannot be carried
out (a backup path that is taken, missing or unwritable; an unknown role) prints `error:`
and exits 1 without a traceback; a database that is not there exits 2 and is not created
by a command that only reads."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from needlewise import cli, settings, sign_ins
from needlewise.acting import Operator
from needlewise.store import open_store

from .builders import add_user


@pytest.fixture
def database(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "live.db"
    open_store(f"sqlite:///{path}").dispose()
    monkeypatch.setenv("NEEDLEWISE_DATABASE_URL", f"sqlite:///{path}")
    return path


def test_a_backup_over_an_existing_file_is_the_users_mistake(database, tmp_path, capsys):
    taken = tmp_path / "taken.db"
    taken.write_bytes(b"keep me")
    assert cli.main(["backup", str(taken)]) == 1
    assert capsys.readouterr().err == (f"error: {taken} already exists; choose a new file name.\n")
    assert taken.read_bytes() == b"keep me"


def test_a_backup_into_a_missing_folder_is_refused_not_created(database, tmp_path, capsys):
    target = tmp_path / "nonexistent" / "dir" / "x.db"
    assert cli.main(["backup", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: There is no folder {target.parent}, so {target} cannot be")
    assert "mkdir -p" in err
    assert not (tmp_path / "nonexistent").exists()


def test_a_backup_into_a_folder_that_cannot_be_written_is_a_clean_error(database, capsys):
    assert cli.main(["backup", "/proc/x.db"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: /proc/x.db cannot be written (")
    assert "Traceback" not in err


def test_a_backup_into_an_existing_folder_still_works(database, tmp_path, capsys):
    assert cli.main(["backup", str(tmp_path / "copy.db")]) == 0
    assert capsys.readouterr().out == f"wrote {tmp_path / 'copy.db'}\n"


@pytest.mark.parametrize("command", ["add", "set-role"])
def test_an_unknown_role_names_the_roles_and_exits_1(database, command, capsys, monkeypatch):
    add_user(open_store(f"sqlite:///{database}"), "tess")
    monkeypatch.setattr("sys.stdin.readline", lambda: "a long enough password 1\n")
    asked = (
        ["users", "add", "--username", "wiz", "--name", "Wiz", "--email", "wiz@example.com"]
        if command == "add"
        else ["users", "set-role", "tess"]
    )
    assert cli.main([*asked, "--role", "wizard"]) == 1
    assert capsys.readouterr().err == (
        "error: Unknown role 'wizard'; roles are trainee, instructor, admin.\n"
    )


@pytest.mark.parametrize(
    "command",
    [["users", "list"], ["export", "--from-db", "m1", "--format", "yaml", "-o", "m1.yaml"]],
)
def test_a_read_only_command_reports_a_missing_database_file_and_creates_none(
    tmp_path, monkeypatch, capsys, command
):
    missing = tmp_path / "typo" / "needlewise.db"
    monkeypatch.setenv("NEEDLEWISE_DATABASE_URL", f"sqlite:///{missing}")
    monkeypatch.chdir(tmp_path)
    assert cli.main(command) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"database error: the database file {missing} does not exist")
    assert not missing.exists() and not missing.parent.exists()
    assert not (tmp_path / "m1.yaml").exists()


def test_users_list_names_the_zone_of_last_sign_in(database, capsys):
    engine = open_store(f"sqlite:///{database}")
    add_user(engine, "ada", roles=("admin",))
    add_user(engine, "tess")
    sign_ins.record_sign_in(engine, "tess", now=datetime(2026, 12, 1, 18, 58))
    assert cli.main(["users", "list"]) == 0
    assert "2026-12-01 18:58 UTC" in capsys.readouterr().out
    settings.save(engine, {"time_zone": "Pacific/Auckland"}, actor=Operator("ada"))
    assert cli.main(["users", "list"]) == 0
    listed = capsys.readouterr().out
    assert "2026-12-02 07:58 NZDT" in listed
    assert "never" in listed
