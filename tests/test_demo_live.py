"""`python -m needlewise demo`: a live-looking cohort, every account printed, all or nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import datetime, timedelta

import bcrypt
from sqlalchemy import func, select

from needlewise import accounts, demo, gradebook
from needlewise.store import open_store
from needlewise.store.schema import users

from .builders import ROOT, shipped_content

CONTENT = shipped_content()


def test_the_demo_looks_like_a_live_cohort_today(store_url):
    engine = open_store(store_url)
    now = datetime(2031, 5, 17, 12, 0)  # any day: the demo is relative to the clock it is given
    result = demo.fill(engine, CONTENT, learners=24, seed=5, now=now)
    table = gradebook.overview(
        engine, CONTENT, None, now, inactive_days=14, mastery_threshold=70
    ).table
    assert len(table) == 24
    last = table["last_activity"]
    assert (last <= now).all()
    recent = ((now - last) <= timedelta(days=3)).sum()
    inactive = table["flags"].str.contains("inactive").sum()
    assert recent >= 24 * 0.6, table[["username", "last_activity"]]
    assert 1 <= inactive <= 24 * 0.3
    # Activity is spread over recent days, not bunched on one.
    assert last.dt.date.nunique() >= 3
    summary = result.summary()
    for role in ("administrator", "instructor", "trainee"):
        assert role in summary
    assert "streamlit run app.py" in summary
    engine.dispose()


def test_every_printed_account_signs_in_with_its_printed_password(sqlite_url):
    engine = open_store(sqlite_url)
    result = demo.fill(engine, CONTENT, learners=3, seed=2)
    roles = {a.role for a in result.accounts}
    assert roles == {"administrator", "instructor", "trainee"}
    assert len(result.accounts) == 5  # admin, instructor and the three learners
    for account in result.accounts:
        assert account.username in result.summary() and account.password in result.summary()
        stored = accounts.password_hash(engine, account.username)
        assert bcrypt.checkpw(account.password.encode(), stored.encode())
        assert not accounts.get(engine, account.username).must_change_password
    # A second run adds nothing and says the existing accounts keep their passwords.
    again = demo.fill(engine, CONTENT, learners=3, seed=2)
    assert again.learners == 0
    assert "existed already" in again.summary()
    engine.dispose()


def test_a_demo_killed_half_way_leaves_nothing_and_can_run_again(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    env = {**os.environ, "NEEDLEWISE_DATABASE_URL": url, "HOME": str(tmp_path)}
    command = [sys.executable, "-m", "needlewise", "demo", "--learners", "12"]
    running = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    for line in running.stdout:
        if "made demo-learner-004" in line:
            break
    assert running.poll() is None, "the demo finished before it could be interrupted"
    running.send_signal(signal.SIGKILL)
    running.wait()
    running.stdout.close()
    engine = open_store(url)
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(users)).scalar_one() == 0
    engine.dispose()
    finished = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert "Added 12 demo learners" in finished.stdout
