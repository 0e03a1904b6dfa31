"""A secrets file that exists but cannot be read stops the app and the command line with a
clear message, instead of running on the local SQLite default (which a host such as
Streamlit Community Cloud wipes at its next reboot)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from needlewise import config

from .browser_harness import running_app, visit
from .builders import ROOT

BROKEN = '[connections.needlewise]\nurl = "postgresql://db.example/nw\n'


def secrets_home(root: Path, text: str | None = BROKEN) -> Path:
    """A home folder whose ~/.streamlit/secrets.toml holds ``text`` (None: a dead link)."""
    folder = root / "home" / ".streamlit"
    folder.mkdir(parents=True)
    if text is None:
        (folder / "secrets.toml").symlink_to(root / "gone.toml")
    else:
        (folder / "secrets.toml").write_text(text)
    return root / "home"


def test_a_malformed_secrets_file_is_an_error_naming_the_file_and_line(tmp_path):
    path = secrets_home(tmp_path) / ".streamlit" / "secrets.toml"
    with pytest.raises(config.ConfigError) as caught:
        config.read_secrets_files([tmp_path / "missing.toml", path])
    assert str(path) in str(caught.value) and "line 2" in str(caught.value)


def test_a_secrets_file_that_cannot_be_opened_is_an_error(tmp_path):
    path = secrets_home(tmp_path, None) / ".streamlit" / "secrets.toml"
    with pytest.raises(config.ConfigError, match="cannot be read"):
        config.read_secrets_files([path])


def test_no_secrets_file_means_the_defaults(tmp_path):
    assert config.read_secrets_files([tmp_path / "secrets.toml", tmp_path]) == {}


def test_the_command_line_refuses_a_secrets_file_it_cannot_open(tmp_path):
    home = secrets_home(tmp_path, None)
    result = subprocess.run(
        [sys.executable, "-m", "needlewise", "check"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT), "HOME": str(home)},
    )
    assert result.returncode == 2
    assert "configuration error: the secrets file" in result.stderr
    assert "cannot be read" in result.stderr


@pytest.mark.browser
def test_the_app_stops_on_a_malformed_secrets_file_and_logs_why(page, tmp_path):
    from playwright.sync_api import expect

    home = secrets_home(tmp_path)
    database = tmp_path / "nw.db"
    with running_app(f"sqlite:///{database}", {"HOME": str(home)}) as address:
        visit(page, address)
        expect(page.get_by_text("NeedleWise is unavailable right now")).to_be_visible()
        assert page.get_by_role("textbox", name="Username").count() == 0
        # Visitors are not shown the file or its contents; the server log names both.
        assert "secrets.toml" not in page.locator("[data-testid='stApp']").inner_text()
    log = database.with_suffix(".log").read_text()
    assert "is not valid TOML" in log and str(home / ".streamlit" / "secrets.toml") in log
    assert not database.exists()
