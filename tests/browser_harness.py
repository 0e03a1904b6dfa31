"""Shared harness for browser tests: Debian's Chromium driven by Playwright against
`streamlit run app.py` on a free port and a given database.

Without /usr/bin/chromium the browser fixture skips, unless NEEDLEWISE_REQUIRE_BROWSER=1
(set by .ci/run), where it fails. A failing test leaves a screenshot in tests/artifacts/.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from .builders import PASSWORD, ROOT

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
# Elements inside the page that scroll sideways, and the page's own width against the
# screen's. A hidden element is left out: its box is not on screen.
SIDEWAYS = """() => [...document.querySelectorAll("[data-testid='stMain'] *")]
  .filter(e => e.checkVisibility() && e.scrollWidth > e.clientWidth + 1 &&
               ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
  .map(e => (e.getAttribute('data-testid') || e.className || e.tagName) +
            ` ${e.scrollWidth} > ${e.clientWidth}`)"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_app(
    database_url: str,
    extra_env: dict[str, str] | None = None,
    log_path: Path | None = None,
    base_path: str = "",
    public_url: bool = True,
):
    """`streamlit run app.py` on a free port; yields its address once /_stcore/health is ok.

    The server's log goes to ``log_path``, by default next to a SQLite database. With
    ``base_path`` the app is served under it (Streamlit's server.baseUrlPath); without
    ``public_url`` NEEDLEWISE_PUBLIC_URL is left unset, as a clinic's default install has it."""
    port = free_port()
    # The server signs people in on production defaults: the pause before the sign-in
    # form changes when the cookie sign-in lands, and a test-only shortcut once hid that
    # deep links were lost. Only bcrypt's cost stays low, which changes no step.
    dropped = {"NEEDLEWISE_LOGIN_SLEEP_TIME", *(() if public_url else ("NEEDLEWISE_PUBLIC_URL",))}
    address = f"http://localhost:{port}" + (f"/{base_path}" if base_path else "")
    env = {
        **{k: v for k, v in os.environ.items() if k not in dropped},
        "NEEDLEWISE_DATABASE_URL": database_url,
        **({"NEEDLEWISE_PUBLIC_URL": address} if public_url else {}),
        **(extra_env or {}),
    }
    log_path = log_path or Path(database_url.removeprefix("sqlite:///")).with_suffix(".log")
    log = open(log_path, "w")  # noqa: SIM115
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.port",
            str(port),
            *(("--server.baseUrlPath", base_path) if base_path else ()),
            "--server.headless",
            "true",
            "--server.fileWatcherType",
            "none",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{address}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the app did not start; see the server log") from None
                time.sleep(0.3)
        yield address
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def launch_browser():
    """The Chromium fixture's body, shared through conftest.py."""
    if not Path(CHROMIUM).exists():
        reason = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("NEEDLEWISE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests are required here but there is {reason}")
        pytest.skip(reason)
    from playwright.sync_api import expect, sync_playwright

    # On a loaded two-core machine a rerun can take longer than Playwright's 5 s default.
    expect.set_options(timeout=30_000)

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield launched
        launched.close()


def open_page(browser, request):
    """The page fixture's body, shared through conftest.py."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(30_000)
    yield opened
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        opened.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def settle(page) -> None:
    page.wait_for_selector(READY)


def visit(page, url: str) -> None:
    page.goto(url)
    settle(page)


def leave(page) -> None:
    """Close the app's page, so its cookie script cannot write the cookie again."""
    page.goto("about:blank")


def auth_cookie(page) -> str | None:
    return next(
        (c["value"] for c in page.context.cookies() if c["name"] == "needlewise_auth"), None
    )


def sign_in(page, address: str, username: str, password: str = PASSWORD) -> None:
    from playwright.sync_api import expect

    visit(page, address)
    page.get_by_role("textbox", name="Username").fill(username)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as").first).to_be_visible()
    settle(page)
    for _ in range(80):  # the cookie is written by a script in the page
        if auth_cookie(page):
            return
        page.wait_for_timeout(100)
    raise AssertionError("no sign-in cookie was set")


def open_from_menu(page, title: str) -> None:
    """Click a page in the sidebar menu, opening its "View N more" fold when needed."""
    menu = page.locator("[data-testid='stSidebarNav']")
    link = menu.get_by_role("link", name=title, exact=True)
    if link.count() == 0:
        menu.get_by_text(re.compile(r"^View \d+ more$")).click()
    link.click()
    settle(page)


def choose(page, test_id: str, label: str, option: str) -> None:
    """Pick an option of a Streamlit selectbox or multiselect, as a person taps it."""
    from playwright.sync_api import expect

    settle(page)
    widget = page.get_by_test_id(test_id).filter(has_text=label)
    field = widget.locator("input")
    field.scroll_into_view_if_needed()
    field.click()
    field.press_sequentially(option)
    page.get_by_role("option", name=option, exact=True).click()
    if test_id == "stMultiSelect":
        page.keyboard.press("Escape")  # close the list, which stays open for more choices
        expect(widget).to_contain_text(option)
    else:
        expect(field).to_have_value(option)
