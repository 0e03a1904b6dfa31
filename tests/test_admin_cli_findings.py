"""A clinic admin's findings following README on a fresh clone (2 Dec 2026): `users unlock`
lets the person in again, `users enable`/`disable` leave an account already so alone, only
`migrate` and `demo` create a schema, the example public address is refused, configuration
errors name the variable that was set, and the demo's usage and hints are right."""

from __future__ import annotations

import sqlite3
import subprocess
import tomllib
from datetime import datetime
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, func, inspect, select

from needlewise import accounts, audit, cli, clock, config, sign_in_guard
from needlewise.demo import DemoAccount, DemoResult
from needlewise.store import open_store
from needlewise.store.migrate import alembic_config, current, head, upgrade
from needlewise.store.schema import sign_in_throttle

from .builders import ROOT, add_user

POLICY = sign_in_guard.Policy(free=5)
OFFICE = None  # no address known: every attempt counts against the client "local"
STRANGER = "203.0.113.9"


@pytest.fixture
def configured(store_url, monkeypatch, tmp_path):
    """``store_url`` migrated, and the commands pointed at it (no secrets file)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("NEEDLEWISE_DATABASE_URL", store_url)
    engine = open_store(store_url)
    yield engine
    engine.dispose()


def fail_until_refused(engine, username: str, client: str | None) -> datetime:
    """Wrong passwords, as the sign-in form counts them, until the next one must wait;
    the moment they were made (the clock stands still for them)."""
    now = clock.now()
    for _ in range(20):
        if not sign_in_guard.begin(engine, username, client, POLICY, now=now).allowed:
            return now
        sign_in_guard.failed(engine, username, client, "wrong password", now=now)
    raise AssertionError("never refused")


# --- M1: unlock lets the person sign in again -------------------------------------------


def test_unlock_clears_the_office_address_that_held_the_person_back(configured, capsys):
    engine = configured
    add_user(engine, "bea")
    add_user(engine, "zed")
    then = fail_until_refused(engine, "bea", OFFICE)
    fail_until_refused(engine, "zed", STRANGER)

    assert cli.main(["users", "unlock", "bea"]) == 0

    assert sign_in_guard.begin(engine, "bea", OFFICE, POLICY, now=then).allowed
    # A client that only guessed at another account keeps its wait.
    assert not sign_in_guard.begin(engine, "zed", STRANGER, POLICY, now=then).allowed
    assert capsys.readouterr().out == (
        "bea unlocked: cleared the account's failed sign-ins and those from 1 client it "
        "was tried from (local)\n"
    )
    (entry,) = audit.entries(engine, actions=["unlocked"])
    assert (entry.target, "local" in (entry.detail or "")) == ("bea", True)


def test_unlock_of_an_account_nothing_holds_back_says_so(configured, capsys):
    add_user(configured, "bea")
    assert cli.main(["users", "unlock", "bea"]) == 0
    assert capsys.readouterr().out == ("bea unlocked: no failed sign-ins were counted against it\n")


def test_unlock_on_the_people_page_clears_the_same_clients(configured):
    from needlewise import sign_ins
    from needlewise.acting import Operator

    add_user(configured, "bea")
    fail_until_refused(configured, "bea", OFFICE)
    done = sign_ins.unlock(configured, "bea", actor=Operator("ada"))
    assert (done.account, done.clients) == (True, ("local",))
    with configured.connect() as connection:
        left = connection.execute(select(func.count()).select_from(sign_in_throttle))
        assert left.scalar_one() == 0


# --- M5: enable/disable an account already so -------------------------------------------


@pytest.mark.parametrize("state", ["disabled", "enabled"])
def test_enable_or_disable_of_an_account_already_so_changes_nothing(configured, state, capsys):
    add_user(configured, "tina")
    if state == "disabled":
        assert cli.main(["users", "disable", "tina"]) == 0
    capsys.readouterr()
    before = accounts.get(configured, "tina")
    entries = len(audit.entries(configured))

    assert cli.main(["users", state.removesuffix("d"), "tina"]) == 0

    assert capsys.readouterr().out == f"tina is already {state}; nothing was changed\n"
    after = accounts.get(configured, "tina")
    assert (after.disabled, after.session_version) == (before.disabled, before.session_version)
    assert len(audit.entries(configured)) == entries


def test_the_people_page_function_leaves_an_account_already_so_alone(configured):
    from needlewise.acting import Operator

    tina = add_user(configured, "tina")
    again = accounts.set_disabled(configured, "tina", False, actor=Operator("ada"))
    assert (again.disabled, again.session_version) == (False, tina.session_version)
    assert audit.entries(configured, actions=["account_enabled"]) == []


# --- M4: the example public address -----------------------------------------------------

EXAMPLE_URL = "https://your-clinic.streamlit.app"


def test_the_example_public_url_is_refused_naming_where_it_was_set():
    with pytest.raises(config.ConfigError) as from_secrets:
        config.load({"public_url": EXAMPLE_URL}, env={})
    assert "public_url in the secrets" in str(from_secrets.value)
    with pytest.raises(config.ConfigError) as from_env:
        config.load({}, env={"NEEDLEWISE_PUBLIC_URL": EXAMPLE_URL + "/"})
    assert "NEEDLEWISE_PUBLIC_URL" in str(from_env.value)
    real = "https://training.clinic.example.org"
    assert config.load({"public_url": real}, env={}).public_url == real


def test_the_secrets_example_sets_no_public_url_until_a_real_one_is_put_in():
    example = ROOT / ".streamlit" / "secrets.toml.example"
    text = example.read_text(encoding="utf-8")
    as_copied = tomllib.loads(text)
    assert "public_url" not in as_copied
    assert "public_url" not in as_copied.get("auth", {})
    assert config.load(as_copied, env={}).public_url is None
    # Uncommented as it stands, it is a top-level setting, and refused.
    uncommented = text.replace(f'# public_url = "{EXAMPLE_URL}"', f'public_url = "{EXAMPLE_URL}"')
    assert tomllib.loads(uncommented)["public_url"] == EXAMPLE_URL
    with pytest.raises(config.ConfigError, match="public_url"):
        config.load(tomllib.loads(uncommented), env={})


# --- M6: backups are not committed ------------------------------------------------------


def test_backups_in_the_checkout_are_ignored_by_git():
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "--no-index", "backups/needlewise.db"], cwd=ROOT
    )
    assert ignored.returncode == 0


# --- L7: only migrate and demo create a schema ------------------------------------------


def _tables(url: str) -> list[str]:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        return inspect(engine).get_table_names()
    finally:
        engine.dispose()


@pytest.fixture
def empty_url(store_url, monkeypatch, tmp_path) -> str:
    """An empty database (a SQLite file with no tables, or a fresh PostgreSQL database)."""
    if store_url.startswith("sqlite"):
        sqlite3.connect(store_url.removeprefix("sqlite:///")).close()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("NEEDLEWISE_DATABASE_URL", store_url)
    return store_url


@pytest.mark.parametrize(
    "command",
    [
        ["users", "list"],
        ["users", "unlock", "bea"],
        ["users", "set-role", "bea", "--role", "trainee"],
        ["rotate-cookie-key"],
    ],
)
def test_a_command_refuses_an_empty_database_and_creates_nothing(empty_url, command, capsys):
    assert cli.main(command) == 2
    err = capsys.readouterr().err
    assert err.startswith("database error: ")
    assert "no NeedleWise schema yet; run `python -m needlewise migrate`" in err
    assert _tables(empty_url) == []


def test_users_add_refuses_an_empty_database_too(empty_url, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin.readline", lambda: "a long enough password 1\n")
    made = ["--username", "wiz", "--name", "Wiz", "--email", "wiz@example.com"]
    assert cli.main(["users", "add", *made, "--role", "admin"]) == 2
    assert "python -m needlewise migrate" in capsys.readouterr().err
    assert _tables(empty_url) == []


def test_after_migrate_the_same_command_works(empty_url, capsys):
    assert cli.main(["migrate"]) == 0
    assert cli.main(["users", "list"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("USERNAME")


def test_a_command_refuses_an_older_schema_without_upgrading_it(empty_url, capsys):
    script = ScriptDirectory.from_config(alembic_config())
    older = script.get_revision(head()).down_revision
    assert isinstance(older, str)
    engine = create_engine(empty_url.replace("postgresql://", "postgresql+psycopg://", 1))
    upgrade(engine, older)
    assert cli.main(["users", "list"]) == 2
    assert f"({older}) is older than this code" in capsys.readouterr().err
    assert current(engine) == older
    engine.dispose()


def test_ready_still_reports_an_empty_database_as_not_migrated(empty_url, capsys):
    assert cli.main(["ready"]) == 1
    assert "not ready: the database has no NeedleWise schema yet" in capsys.readouterr().out
    assert _tables(empty_url) == []


# --- L12: configuration errors name what was set ----------------------------------------


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("NEEDLEWISE_DB_POOL_SIZE", "x"),
        ("NEEDLEWISE_COOKIE_EXPIRY_DAYS", "abc"),
        ("NEEDLEWISE_LOCKOUT_MINUTES", "-1"),
        ("NEEDLEWISE_DB_POOL_TIMEOUT", "0"),
    ],
)
def test_a_bad_environment_variable_is_named(variable, value):
    with pytest.raises(config.ConfigError) as refused:
        config.load({}, env={variable: value})
    assert str(refused.value).startswith(f"{variable} must be ")
    assert repr(value) in str(refused.value) or value.lstrip("-") in str(refused.value)


def test_a_bad_secret_is_named_as_its_secrets_key():
    with pytest.raises(config.ConfigError) as refused:
        config.load({"connections": {"needlewise": {"pool_size": "x"}}}, env={})
    assert str(refused.value) == (
        "[connections.needlewise] pool_size in the secrets must be a number, not 'x'"
    )
    with pytest.raises(config.ConfigError) as refused:
        config.load({"auth": {"cookie_expiry_days": -3}}, env={})
    assert str(refused.value).startswith("[auth] cookie_expiry_days in the secrets must be")


def test_a_cookie_key_from_the_environment_names_that_variable_only():
    with pytest.raises(config.ConfigError) as refused:
        config.load({}, env={"NEEDLEWISE_COOKIE_KEY": "short"})
    message = str(refused.value)
    assert "(NEEDLEWISE_COOKIE_KEY)" in message and "[auth]" not in message


# --- L13: the demo's usage and hints ----------------------------------------------------


@pytest.mark.parametrize("learners", ["-2", "many"])
def test_demo_refuses_a_learner_count_that_is_not_0_or_more(
    learners, tmp_path, monkeypatch, capsys
):
    database = tmp_path / "demo.db"
    monkeypatch.setenv("NEEDLEWISE_DATABASE_URL", f"sqlite:///{database}")
    with pytest.raises(SystemExit) as usage:
        cli.main(["demo", "--learners", learners])
    assert usage.value.code == 2
    err = capsys.readouterr().err
    assert "argument --learners:" in err
    assert ("give 0 or more" if learners == "-2" else "'many' is not a whole number") in err
    assert not database.exists()


def _result() -> DemoResult:
    result = DemoResult(learners=1, asked=1)
    result.accounts.append(DemoAccount("trainee", "demo-t1", "Tia", "pw-1234"))
    return result


def test_the_demo_summary_names_no_guessed_port_and_the_command_as_run():
    plain = _result().summary()
    assert "8501" not in plain and "localhost" not in plain
    assert "open the address it prints" in plain
    installed = _result().summary("needlewise", "https://training.clinic.example.org")
    assert "open https://training.clinic.example.org" in installed
    assert "`needlewise users reset-password USERNAME`" in installed
    assert "python -m" not in installed


@pytest.mark.parametrize("made", ["missing", "empty"])
def test_the_installed_script_names_itself_in_its_hints(made, tmp_path, monkeypatch, capsys):
    database = tmp_path / "needlewise.db"
    if made == "empty":
        sqlite3.connect(database).close()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("NEEDLEWISE_DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.setattr("sys.argv", [str(Path("/usr/local/bin/needlewise"))])
    assert cli.main(["users", "list"]) == 2
    err = capsys.readouterr().err
    assert "`needlewise migrate`" in err
    assert "python -m needlewise" not in err
