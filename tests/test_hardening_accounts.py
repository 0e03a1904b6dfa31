"""Hardening of accounts and sign-in (issue 13: items 3-7, 11, 12, 14, 16; issue 22: item 1).

Each test here failed before its fix: invitations without proof, guessable cookie keys,
Markdown in names, a lock-out any stranger controls, cookies that outlive sign-out, bad
cookies, unbounded free text, database details shown to visitors, a fixed pool size.
"""

from __future__ import annotations

import threading
import time
import warnings
from datetime import datetime, timedelta

import jwt
import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from needlewise import (
    accounts,
    audit,
    cli,
    clock,
    config,
    invitations,
    passwords,
    session_token,
    settings,
    sign_in_guard,
    sign_ins,
)
from needlewise.accounts import AccountError
from needlewise.acting import Operator
from needlewise.certification import records, signoffs
from needlewise.errors import CertificateError, SignOffError
from needlewise.store import PoolLimits, open_store
from needlewise.store.migrate import upgrade
from needlewise.store.schema import audit_log
from needlewise.store.schema import certificates as certificates_table
from needlewise.store.schema import invitations as invitations_table
from needlewise.ui.plain import plain

from .builders import PASSWORD, add_user, load_test_course, make_app, sign_in_as, texts

GOOD_KEY = "k" * 48
POLICY = sign_in_guard.Policy(free=5, longest_wait=timedelta(minutes=15))


@pytest.fixture
def frozen(monkeypatch):
    """The app's clock stopped, so a one-second wait cannot pass while a slow run goes on."""
    moment = [clock.now()]
    monkeypatch.setattr(clock, "now", lambda: moment[0])
    return moment


def sign_in_form(at, username: str, password: str):
    fields = {t.label: t for t in at.text_input}
    fields["Username"].input(username)
    fields["Password"].input(password)
    next(b for b in at.button if b.label == "Sign in").click()
    return at.run()


# --- 13.3 invitations ------------------------------------------------------------------


def test_an_invited_address_alone_cannot_register_even_for_an_admin_invitation(engine):
    ada = add_user(engine, "ada", roles=("admin",))
    _, code = invitations.create_invitation(
        engine, role="admin", email="boss@example.com", actor=ada
    )
    assert code, "every invitation has a code"
    for guess in (None, "", "   "):
        with pytest.raises(AccountError, match="Enter the invitation code"):
            invitations.register(
                engine,
                code=guess,
                username="mallory",
                name="Mallory",
                email="boss@example.com",
                password=PASSWORD,
            )
    assert accounts.get(engine, "mallory") is None
    owner = invitations.register(
        engine,
        code=code,
        username="boss",
        name="Boss",
        email="boss@example.com",
        password=PASSWORD,
    )
    assert owner.roles == ("admin",)


def test_the_upgrade_withdraws_open_invitations_that_had_no_code(sqlite_url):
    engine = create_engine(sqlite_url)
    upgrade(engine, "0003")
    with engine.begin() as connection:
        connection.execute(
            invitations_table.insert().values(
                code_hash=None,
                email="boss@example.com",
                role="admin",
                expires_at=datetime(2099, 1, 1),
                created_at=datetime(2026, 1, 1),
            )
        )
    upgrade(engine)
    [invitation] = invitations.list_invitations(engine)
    assert invitation.status(clock.now()) == "revoked"
    with pytest.raises(AccountError):
        invitations.register(
            engine,
            code="",
            username="mallory",
            name="Mallory",
            email="boss@example.com",
            password=PASSWORD,
        )
    engine.dispose()


def test_the_register_page_asks_for_the_code(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    ada = add_user(engine, "ada", roles=("admin",))
    invitations.create_invitation(engine, role="admin", email="boss@example.com", actor=ada)
    at = make_app(monkeypatch, sqlite_url).run()
    at.switch_page("views/register.py").run()
    assert "You need the invitation code" in texts(at)
    for key, value in {
        "register_email": "boss@example.com",
        "register_username": "mallory",
        "register_name": "Mallory",
        "register_password": PASSWORD,
        "register_repeat": PASSWORD,
    }.items():
        at.text_input(key=key).input(value)
    next(b for b in at.button if b.label == "Create account").click().run()
    assert "Enter the invitation code" in texts(at)
    assert accounts.get(engine, "mallory") is None
    engine.dispose()


# --- 13.4 cookie keys ------------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    ["REPLACE-WITH-A-LONG-RANDOM-STRING", "a long random string", "x", "short-but-not-32-bytes"],
)
def test_placeholder_and_short_cookie_keys_are_refused_with_the_way_to_make_one(key):
    with pytest.raises(config.ConfigError, match="token_urlsafe") as refused:
        config.load({"auth": {"cookie_key": key}}, env={})
    assert "cookie key" in str(refused.value)
    with pytest.raises(config.ConfigError):
        config.load({}, env={"NEEDLEWISE_COOKIE_KEY": key})


def test_every_cookie_key_shown_in_the_documentation_is_refused():
    import re

    from .builders import ROOT

    shown = []
    for path in ("docs/deploy.md", ".streamlit/secrets.toml.example", "README.md"):
        shown += re.findall(r'cookie_key = "([^"]*)"', (ROOT / path).read_text(encoding="utf-8"))
    assert len(shown) >= 2
    for key in shown:
        with pytest.raises(config.ConfigError):
            config.check_cookie_key(key)


def test_a_long_random_cookie_key_is_accepted():
    assert config.load({"auth": {"cookie_key": GOOD_KEY}}, env={}).cookie_key == GOOD_KEY
    assert config.load({}, env={}).cookie_key is None


def test_the_cli_refuses_a_placeholder_cookie_key(monkeypatch, sqlite_url, capsys):
    monkeypatch.setenv("NEEDLEWISE_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("NEEDLEWISE_COOKIE_KEY", "REPLACE-WITH-A-LONG-RANDOM-STRING")
    assert cli.main(["users", "list"]) == 2
    assert "secrets.token_urlsafe(48)" in capsys.readouterr().err


def test_the_app_refuses_a_placeholder_cookie_key_and_tells_only_the_log(
    monkeypatch, sqlite_url, caplog
):
    monkeypatch.setenv("NEEDLEWISE_COOKIE_KEY", "REPLACE-WITH-A-LONG-RANDOM-STRING")
    at = make_app(monkeypatch, sqlite_url).run()
    shown = texts(at)
    assert "unavailable right now" in shown
    assert "Sign in" not in shown and "REPLACE" not in shown
    assert "secrets.token_urlsafe(48)" in caplog.text


# --- 13.14 the cannot-start page ---------------------------------------------------------


def test_the_cannot_start_page_shows_visitors_no_database_details(monkeypatch, caplog):
    url = "postgresql+psycopg://secretuser:secretpw@127.0.0.1:9/secretdb"
    at = make_app(monkeypatch, url).run()
    shown = texts(at)
    assert "unavailable right now" in shown
    for detail in ("secretuser", "secretpw", "secretdb", "127.0.0.1", ":9"):
        assert detail not in shown
    log = caplog.text
    assert "secretdb" in log and "secretuser" in log and "secretpw" not in log


# --- 13.5 names as plain text --------------------------------------------------------

HOSTILE = "**Board-certified** :red[VERIFIED] ![x](http://a.test/p.png) $x$ [link](http://b.test)"


def test_plain_escapes_every_markdown_construct():
    escaped = plain(HOSTILE)
    for construct in ("**", ":red[", "![", "](", "$x$", "[link]"):
        assert construct not in escaped
    assert escaped.replace("\\", "").replace("\u2060", "") == HOSTILE
    assert plain("line one\nline two") == "line one  \nline two"


def test_the_verification_page_shows_the_name_as_issued_and_as_typed(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    gina = add_user(engine, "gina", name=HOSTILE)
    certificate = records.issue(
        engine,
        gina,
        {"trainee": gina.name, "course": "Course", "clinic": "Clinic", "competencies": []},
        clock.now(),
        12,
    )
    accounts.update_profile(engine, "gina", "Someone Else", gina.email, actor=Operator("gina"))
    at = make_app(monkeypatch, sqlite_url)
    at.query_params["verify"] = certificate.code
    at.run()
    [statement] = [m.value for m in at.markdown if "completed" in m.value]
    assert statement.startswith("**" + plain(HOSTILE) + "**")
    assert "Someone Else" not in texts(at)
    assert "when the certificate was issued" in texts(at)
    engine.dispose()


def test_the_sidebar_and_home_show_a_name_as_typed(monkeypatch, sqlite_url):
    engine = open_store(sqlite_url)
    mal = add_user(engine, "mal", name=HOSTILE)
    at = sign_in_as(make_app(monkeypatch, sqlite_url), mal).run()
    assert not at.exception
    assert at.title[0].value == f"Welcome, {plain(HOSTILE)}"
    assert any(c.value.startswith(f"Signed in as {plain(HOSTILE)}") for c in at.caption)
    engine.dispose()


# --- 13.6 progressive delays -----------------------------------------------------------


def test_parallel_guesses_are_counted_before_any_password_is_checked(engine):
    now = clock.now()
    verdicts: list[sign_in_guard.Verdict] = []
    barrier = threading.Barrier(15)

    def guess() -> None:
        barrier.wait()
        verdicts.append(sign_in_guard.begin(engine, "ada", "10.0.0.9", POLICY, now=now))

    threads = [threading.Thread(target=guess) for _ in range(15)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(v.allowed for v in verdicts) == POLICY.free
    assert all(v.wait_seconds >= 1 for v in verdicts if not v.allowed)


def guess_until_allowed(engine, username: str, client: str, now: datetime):
    """Guess as soon as allowed; the waits met on the way, and when the guess was made."""
    waits = []
    verdict = sign_in_guard.begin(engine, username, client, POLICY, now=now)
    while not verdict.allowed:
        waits.append(verdict.wait_seconds)
        now += timedelta(seconds=verdict.wait_seconds)
        verdict = sign_in_guard.begin(engine, username, client, POLICY, now=now)
    sign_in_guard.failed(engine, username, client, "wrong password", now=now)
    return waits, now


def test_the_delay_doubles_for_a_client_up_to_the_longest_wait(engine):
    now, waits = clock.now(), []
    for _ in range(16):
        met, now = guess_until_allowed(engine, "ada", "6.6.6.6", now)
        waits += met
    assert waits[:4] == [1, 2, 4, 8]
    assert max(waits) == 15 * 60


def test_a_stranger_guessing_from_many_places_cannot_lock_the_owner_out(engine):
    add_user(engine, "ada", roles=("admin",))
    now, waits = clock.now(), []
    for client in range(30):
        met, now = guess_until_allowed(engine, "ada", f"10.6.0.{client}", now)
        waits += met
    assert waits and max(waits) == 60
    # The owner, from their own address, gets in after a minute at most.
    owner = sign_in_guard.begin(engine, "ada", "10.1.1.1", POLICY, now=now + timedelta(minutes=1))
    assert owner.allowed


def test_unknown_and_real_accounts_get_the_same_answers_and_the_same_work(
    monkeypatch, sqlite_url, frozen
):
    engine = open_store(sqlite_url)
    add_user(engine, "tess")
    checks = []
    real_check = passwords.bcrypt.checkpw
    monkeypatch.setattr(passwords.bcrypt, "checkpw", lambda *a: checks.append(1) or real_check(*a))
    answers = {}
    for name in ("tess", "nobody"):
        checks.clear()
        at = make_app(monkeypatch, sqlite_url).run()
        seen = []
        for _ in range(6):
            sign_in_form(at, name, "wrong password 123")
            seen.append([e.value for e in at.error])
        answers[name] = (seen, len(checks))
        frozen[0] += timedelta(days=2)  # start the next name afresh
    assert answers["tess"] == answers["nobody"]
    seen, bcrypt_checks = answers["nobody"]
    assert seen[0] == ["That username or password is not right."]
    assert "Too many failed sign-ins" in seen[-1][0]
    assert bcrypt_checks == 5, "a dummy hash is checked for an unknown name"
    failures = audit.entries(engine, actions=["sign_in_failed"])
    assert sum(e.target == "nobody" for e in failures) == 6
    assert any("no such account" in (e.detail or "") for e in failures)
    engine.dispose()


def test_the_longest_wait_setting_still_applies(monkeypatch, sqlite_url):
    monkeypatch.setenv("NEEDLEWISE_LOCKOUT_MINUTES", "0")
    engine = open_store(sqlite_url)
    add_user(engine, "tess")
    at = make_app(monkeypatch, sqlite_url).run()
    for _ in range(8):
        sign_in_form(at, "tess", "wrong password 123")
        assert "Too many failed sign-ins" not in texts(at)
    sign_in_form(at, "tess", PASSWORD)
    assert at.session_state["authentication_status"] is True
    engine.dispose()


def test_an_administrator_can_lift_a_delay(engine):
    add_user(engine, "tess")
    now = clock.now()
    for _ in range(6):
        sign_in_guard.begin(engine, "tess", "6.6.6.6", POLICY, now=now)
    assert "tess" in sign_ins.held_back(engine, ["tess"], now)
    sign_ins.unlock(engine, "tess", actor=Operator("shell"))
    assert "tess" not in sign_ins.held_back(engine, ["tess"], now)


def test_behind_a_local_proxy_the_forwarded_address_names_the_client():
    forwarded = {"X-Forwarded-For": "6.6.6.6, 203.0.113.7"}
    # Through a proxy on the same host or network: the entry the proxy added.
    assert sign_in_guard.client_address(None, forwarded) == "203.0.113.7"
    assert sign_in_guard.client_address("10.0.0.2", forwarded) == "203.0.113.7"
    # Straight from the internet: a visitor cannot pick their address with the header.
    assert sign_in_guard.client_address("93.184.216.34", forwarded) == "93.184.216.34"
    assert sign_in_guard.client_address(None, {}) is None


# --- 13.7 revocable sessions -------------------------------------------------------------


def test_the_session_version_goes_up_with_every_change_that_must_end_sessions(engine):
    add_user(engine, "ada", roles=("admin",))
    add_user(engine, "tess")

    def version() -> int:
        return accounts.get(engine, "tess").session_version

    steps = [
        lambda: sign_ins.end_sessions(engine, "tess"),
        lambda: accounts.store_password_hash(engine, "tess", passwords.hash_password(PASSWORD)),
        lambda: accounts.reset_password(engine, "tess", actor=Operator("ada")),
        lambda: accounts.set_disabled(engine, "tess", True, actor=Operator("ada")),
        lambda: accounts.set_disabled(engine, "tess", False, actor=Operator("ada")),
        lambda: accounts.set_roles(
            engine, "tess", ["trainee", "instructor"], actor=Operator("ada")
        ),
    ]
    for step in steps:
        before = version()
        step()
        assert version() == before + 1
    before = version()
    accounts.update_profile(engine, "tess", "Tess T", "tess@example.com", actor=Operator("tess"))
    assert version() == before


def test_a_signed_in_session_ends_when_an_administrator_resets_the_password(
    monkeypatch, sqlite_url
):
    engine = open_store(sqlite_url)
    add_user(engine, "ada", roles=("admin",))
    add_user(engine, "tess")
    at = sign_in_form(make_app(monkeypatch, sqlite_url).run(), "tess", PASSWORD)
    assert at.session_state["authentication_status"] is True
    accounts.reset_password(engine, "tess", actor=Operator("ada"))
    at.run()
    assert at.session_state["authentication_status"] is not True
    assert "You have been signed out" in texts(at)
    engine.dispose()


def test_rotating_the_cookie_key_signs_everyone_out(monkeypatch, sqlite_url, capsys):
    engine = open_store(sqlite_url)
    add_user(engine, "tess")
    old_key = settings.cookie_key(engine)
    before = accounts.get(engine, "tess").session_version
    monkeypatch.setenv("NEEDLEWISE_DATABASE_URL", sqlite_url)
    monkeypatch.delenv("NEEDLEWISE_COOKIE_KEY", raising=False)
    assert cli.main(["rotate-cookie-key"]) == 0
    assert "sign in again" in capsys.readouterr().out
    assert settings.cookie_key(engine) != old_key
    assert accounts.get(engine, "tess").session_version == before + 1
    assert audit.entries(engine)[0].action == "cookie_key_rotated"
    engine.dispose()


# --- 13.11 malformed cookies -------------------------------------------------------------


def bad_tokens(key: str) -> dict[str, object]:
    future = time.time() + 3600
    with warnings.catch_warnings():  # PyJWT warns that the key is short for HS512
        warnings.simplefilter("ignore")
        hs512 = jwt.encode({"username": "tess", "exp_date": future, "sv": 0}, key, "HS512")
    return {
        "alg none": jwt.encode({"username": "tess", "exp_date": future, "sv": 0}, None, "none"),
        "HS512": hs512,
        "no exp_date": jwt.encode({"username": "tess", "sv": 0}, key, "HS256"),
        "exp_date text": jwt.encode({"username": "tess", "exp_date": "x", "sv": 0}, key),
        "no version": jwt.encode({"username": "tess", "exp_date": future}, key, "HS256"),
        "username list": jwt.encode({"username": ["tess"], "exp_date": future, "sv": 0}, key),
        "garbage": "not-a-token",
        "three dots": "a.b.c",
        "empty": "",
        "huge": "a" * 100_000,
        "not text": 42,
    }


@pytest.mark.parametrize("kind", list(bad_tokens(GOOD_KEY)))
def test_a_malformed_token_reads_as_no_token(kind):
    assert session_token.decode(bad_tokens(GOOD_KEY)[kind], GOOD_KEY, clock.now()) is None


def test_a_good_token_round_trips_and_expires():
    now = clock.now()
    token = session_token.encode("tess", 3, GOOD_KEY, 1, now)
    assert session_token.decode(token, GOOD_KEY, now) == session_token.Claims("tess", 3)
    assert session_token.decode(token, "other" * 10, now) is None
    assert session_token.decode(token, GOOD_KEY, now + timedelta(days=2)) is None


# --- 13.12 free text --------------------------------------------------------------------


def test_a_megabyte_revoke_reason_is_refused_whole_and_nothing_is_written(engine):
    ada = add_user(engine, "ada", roles=("admin",))
    gina = add_user(engine, "gina")
    snapshot = {"trainee": "Gina", "course": "C", "clinic": "K", "competencies": []}
    certificate = records.issue(engine, gina, snapshot, clock.now(), 12)
    with engine.connect() as connection:
        entries_before = connection.execute(select(func.count()).select_from(audit_log)).scalar()
    with pytest.raises(CertificateError, match="1,000,000 characters long; keep it to 1,000"):
        records.revoke(engine, certificate.code, "x" * 1_000_000, ada)
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(audit_log)).scalar() == (
            entries_before
        )
        assert connection.execute(select(certificates_table.c.revoked_at)).scalar() is None
    records.revoke(engine, certificate.code, "y" * 1000, ada)


def test_sign_off_notes_and_reasons_are_capped(engine, tmp_path):
    ian = add_user(engine, "ian", roles=("instructor",))
    tess = add_user(engine, "tess")
    course = load_test_course(tmp_path).course
    with pytest.raises(SignOffError, match="keep it to 2,000"):
        signoffs.sign_off(engine, course, tess, "hygiene", clock.now(), "n" * 2001, ian)
    signoffs.sign_off(engine, course, tess, "hygiene", clock.now(), "Washed hands.", ian)
    [signed] = signoffs.active(engine, tess.id).values()
    with pytest.raises(SignOffError, match="keep it to 1,000"):
        signoffs.revoke(engine, signed.id, "r" * 1001, ian)
    assert list(signoffs.active(engine, tess.id)) == ["hygiene"]


def test_notes_and_reasons_too_short_to_say_anything_are_refused(engine, tmp_path):
    ada = add_user(engine, "ada", roles=("admin",))
    ian = add_user(engine, "ian", roles=("instructor",))
    tess = add_user(engine, "tess")
    course = load_test_course(tmp_path).course
    with pytest.raises(SignOffError, match=r"Give the note on what you observed \(at least 3"):
        signoffs.sign_off(engine, course, tess, "hygiene", clock.now(), " ok ", ian)
    assert signoffs.active(engine, tess.id) == {}
    signoffs.sign_off(engine, course, tess, "hygiene", clock.now(), "Washed hands.", ian)
    [signed] = signoffs.active(engine, tess.id).values()
    with pytest.raises(SignOffError, match=r"reason for revoking this sign-off \(at least 3"):
        signoffs.revoke(engine, signed.id, "no", ian)
    assert list(signoffs.active(engine, tess.id)) == ["hygiene"]
    snapshot = {"trainee": "Tess", "course": "C", "clinic": "K", "competencies": []}
    certificate = records.issue(engine, tess, snapshot, clock.now(), 12)
    with pytest.raises(CertificateError, match=r"revoking this certificate \(at least 3"):
        records.revoke(engine, certificate.code, "  ", ada)
    with engine.connect() as connection:
        assert connection.execute(select(certificates_table.c.revoked_at)).scalar() is None


# --- 13.16 / 22.1 connection budget -----------------------------------------------------


def test_pool_limits_come_from_the_environment_or_the_secrets():
    default = config.load({}, env={})
    assert (default.db_pool_size, default.db_max_overflow, default.db_pool_timeout) == (5, 5, 30)
    from_env = config.load(
        {},
        env={
            "NEEDLEWISE_DB_POOL_SIZE": "2",
            "NEEDLEWISE_DB_MAX_OVERFLOW": "0",
            "NEEDLEWISE_DB_POOL_TIMEOUT": "7",
        },
    )
    assert (from_env.db_pool_size, from_env.db_max_overflow, from_env.db_pool_timeout) == (2, 0, 7)
    block = {"connections": {"needlewise": {"pool_size": 3, "max_overflow": 1}}}
    from_secrets = config.load(block, env={})
    assert (from_secrets.db_pool_size, from_secrets.db_max_overflow) == (3, 1)
    with pytest.raises(config.ConfigError, match="NEEDLEWISE_DB_POOL_SIZE"):
        config.load({}, env={"NEEDLEWISE_DB_POOL_SIZE": "0"})


@pytest.mark.postgres
def test_the_configured_pool_caps_connections_under_concurrent_load(pg_url, pg_admin):
    engine = open_store(pg_url, PoolLimits(size=2, overflow=1, timeout=60))
    engine.dispose()  # count only what the load below opens
    database = make_url(pg_url).database
    peak = 0
    stop = threading.Event()

    def connections() -> int:
        with pg_admin.connect() as connection:
            return connection.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = :name AND backend_type = 'client backend'"
                ),
                {"name": database},
            ).scalar_one()

    # A closed connection's server process takes a moment to go, longer on a busy machine.
    settled = time.monotonic() + 60
    while connections() and time.monotonic() < settled:
        time.sleep(0.05)

    def watch() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, connections())
            time.sleep(0.02)

    def work() -> None:
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_sleep(0.3)"))

    watcher = threading.Thread(target=watch)
    watcher.start()
    workers = [threading.Thread(target=work) for _ in range(12)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    stop.set()
    watcher.join()
    engine.dispose()
    assert peak == 3, f"expected the pool's 2 + 1 connections at the peak, saw {peak}"
