"""`streamlit run app.py` on a desktop never stops to ask for an e-mail address and sends
no usage statistics.

Streamlit asks for an e-mail on the first run of a machine (no ~/.streamlit/credentials.toml)
unless it is headless; on Linux it counts as a desktop when DISPLAY is set. This test
recreates that: an empty HOME, DISPLAY set, standard input an open pipe with nothing in
it (a prompt there waits for ever), and a stand-in `xdg-open` that records the browser
Streamlit opens instead of opening one.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

from .browser_harness import free_port
from .builders import ROOT

PROMPT = "Email:"
WELCOME = "Welcome to Streamlit"


def test_the_project_turns_off_usage_statistics_and_the_email_prompt():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["showEmailPrompt"] is False


def test_a_first_desktop_run_starts_without_asking_anything(tmp_path: Path):
    home = tmp_path / "home"
    home.mkdir()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    opened = tmp_path / "opened.txt"
    (bin_dir / "xdg-open").write_text(f'#!/bin/sh\necho "$@" >> {opened}\n')
    (bin_dir / "xdg-open").chmod(0o755)
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("STREAMLIT_", "NEEDLEWISE_"))
    }
    env.update(
        HOME=str(home),
        DISPLAY=":0",
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        NEEDLEWISE_DATABASE_URL=f"sqlite:///{tmp_path / 'nw.db'}",
    )
    log = tmp_path / "server.log"
    with open(log, "w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            healthy = False
            # A guard against a hang, not a speed limit: a prompt that is never printed
            # would otherwise keep this loop waiting.
            deadline = time.monotonic() + 90
            while server.poll() is None and not healthy and time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(
                        f"http://localhost:{port}/_stcore/health", timeout=2
                    ) as reply:
                        healthy = reply.status == 200
                except OSError:
                    if PROMPT in log.read_text():
                        break
                    time.sleep(0.3)
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    printed = log.read_text()
    assert PROMPT not in printed and WELCOME not in printed, printed
    assert healthy, printed
    # Still a desktop run: Streamlit opened the browser, so nothing was hidden by headless.
    assert f"localhost:{port}" in opened.read_text()
    assert not (home / ".streamlit" / "credentials.toml").exists()
