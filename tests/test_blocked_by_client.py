"""An account is shown as held back when the next sign-in as that person must wait: by
the account's own failed sign-ins, or by those of a client that failed to sign in as them
in the last day (behind one office address everyone shares that client's count). `users
list` and the People page say which, and an unlock lifts every hold they show."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from needlewise import cli, clock, sign_in_guard, sign_ins
from needlewise.acting import Operator
from needlewise.store import open_store

from .builders import add_user

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


def later() -> datetime:
    """When the failed sign-ins below are counted: ahead of the clock, so their one-second
    waits still hold when the command or the check reads them."""
    return clock.now() + timedelta(minutes=10)


def fail(engine, username: str, client: str | None, at: datetime) -> bool:
    """One wrong password as the sign-in form counts it; whether it was let through."""
    if not sign_in_guard.begin(engine, username, client, POLICY, now=at).allowed:
        return False
    sign_in_guard.failed(engine, username, client, "wrong password", now=at)
    return True


def office_blocked_by_others(engine, at: datetime) -> None:
    """bea mistypes her password once at the office; colleagues' mistakes there make the
    office's count wait, while bea's own account is far from it."""
    assert fail(engine, "bea", OFFICE, at)
    for colleague in ("cy", "di", "ed", "flo"):
        assert fail(engine, colleague, OFFICE, at)
    assert not sign_in_guard.begin(engine, "bea", OFFICE, POLICY, now=at).allowed


def until(at: datetime) -> str:
    """The time a wait started at ``at`` ends, as `users list` writes it (UTC here)."""
    return f"{at + timedelta(seconds=1):%Y-%m-%d %H:%M} UTC"


def listed(capsys) -> dict[str, str]:
    """`users list`, each account's line by username."""
    assert cli.main(["users", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()[1:]
    return {line.split()[0]: line for line in lines}


def test_users_list_says_a_client_that_failed_as_them_holds_them_back(configured, capsys):
    for username in ("bea", "dan"):
        add_user(configured, username)
    at = later()
    office_blocked_by_others(configured, at)

    lines = listed(capsys)

    assert (
        f"locked: 5 failed sign-ins from a client it was tried from (local), until {until(at)}"
    ) in lines["bea"]
    # No client ever failed to sign in as dan: nothing says where he signs in from.
    assert " active " in lines["dan"] and "locked" not in lines["dan"]


def test_users_list_says_the_account_itself_holds_them_back(configured, capsys):
    add_user(configured, "cara")
    at = later()
    # Guesses from five places: the account's count waits, no single client's does.
    for n in range(1, 6):
        assert fail(configured, "cara", f"198.51.100.{n}", at)

    lines = listed(capsys)

    assert f"locked: 5 failed sign-ins on this account, until {until(at)}" in lines["cara"]
    assert "client" not in lines["cara"]


def test_a_disabled_account_is_listed_as_disabled_whatever_holds_it(configured, capsys):
    add_user(configured, "bea")
    office_blocked_by_others(configured, later())
    assert cli.main(["users", "disable", "bea"]) == 0

    lines = listed(capsys)

    assert " disabled " in lines["bea"] and "locked" not in lines["bea"]


def test_the_account_and_each_client_holding_the_person_back_are_named(configured):
    add_user(configured, "bea")
    at = later()
    office_blocked_by_others(configured, at)
    # Four more tries from elsewhere make the account's own count wait; one at another
    # name there makes that client's wait too.
    for _ in range(4):
        assert fail(configured, "bea", STRANGER, at)
    assert fail(configured, "zed", STRANGER, at)

    held = sign_ins.held_back(configured, ["bea"])["bea"]

    assert [(hold.client, hold.failures) for hold in held.holds] == [
        (None, 5),
        ("203.0.113.9", 5),
        ("local", 5),
    ]
    assert held.summary(lambda _: "then") == (
        "5 failed sign-ins on this account, until then; "
        "5 failed sign-ins from a client it was tried from (203.0.113.9), until then; "
        "5 failed sign-ins from a client it was tried from (local), until then"
    )


def test_unlock_lifts_every_hold_shown(configured, capsys):
    for username in ("bea", "zed"):
        add_user(configured, username)
    at = later()
    office_blocked_by_others(configured, at)
    for _ in range(5):
        assert fail(configured, "zed", STRANGER, at)
    assert set(sign_ins.held_back(configured, ["bea", "zed"])) == {"bea", "zed"}

    sign_ins.unlock(configured, "bea", actor=Operator("ada"))

    assert set(sign_ins.held_back(configured, ["bea", "zed"])) == {"zed"}
    assert sign_in_guard.begin(configured, "bea", OFFICE, POLICY, now=at).allowed
    assert " active " in listed(capsys)["bea"]


def test_a_wait_that_is_over_holds_no_one(configured):
    add_user(configured, "bea")
    at = clock.now()
    office_blocked_by_others(configured, at)
    assert "bea" in sign_ins.held_back(configured, ["bea"], now=at)

    assert sign_ins.held_back(configured, ["bea"], now=at + timedelta(seconds=1)) == {}


def test_a_client_that_failed_as_them_over_a_day_ago_is_not_theirs(configured):
    """The same clients an unlock would clear: a day-old failure names no client."""
    add_user(configured, "bea")
    at = clock.now()
    assert fail(configured, "bea", OFFICE, at - timedelta(days=1, minutes=1))
    for colleague in ("cy", "di", "ed", "flo", "gus"):
        assert fail(configured, colleague, OFFICE, at)
    assert not sign_in_guard.begin(configured, "cy", OFFICE, POLICY, now=at).allowed

    assert sign_ins.held_back(configured, ["bea"], now=at) == {}
