"""The script that writes the sign-in cookie, run by Chromium on an HTTPS and an HTTP page:
Secure only over HTTPS, SameSite=Strict, the whole site, until the time given; deleting it
removes it."""

from __future__ import annotations

import calendar
from datetime import UTC, datetime, timedelta

import pytest

from needlewise.ui import browser_cookie

pytestmark = pytest.mark.browser

# Chromium keeps a cookie 400 days at most; a month is what NeedleWise asks by default.
UNTIL = datetime.now(UTC).replace(tzinfo=None, microsecond=0) + timedelta(days=30)


def scripts(monkeypatch, draw) -> list[str]:
    drawn: list[str] = []
    monkeypatch.setattr(
        browser_cookie.st, "html", lambda html, unsafe_allow_javascript: drawn.append(html)
    )
    draw()
    return [html.removeprefix("<script>").removesuffix("</script>") for html in drawn]


def page_at(page, address: str):
    page.route(f"{address}/**", lambda route: route.fulfill(body="<html><body></body></html>"))
    page.goto(f"{address}/course")
    return page


@pytest.mark.parametrize("scheme", ["https", "http"])
def test_the_cookie_is_written_for_the_whole_site_and_secure_over_https(page, monkeypatch, scheme):
    (write,) = scripts(monkeypatch, lambda: browser_cookie.write("nw_auth", "a.b-c_d", UNTIL))
    page_at(page, f"{scheme}://clinic.example").add_script_tag(content=write)

    (cookie,) = page.context.cookies()
    assert (cookie["name"], cookie["value"]) == ("nw_auth", "a.b-c_d")
    assert cookie["path"] == "/" and cookie["sameSite"] == "Strict"
    assert cookie["secure"] is (scheme == "https")
    assert cookie["expires"] == calendar.timegm(UNTIL.timetuple())


def test_deleting_the_cookie_removes_it(page, monkeypatch):
    write, delete = scripts(
        monkeypatch,
        lambda: (browser_cookie.write("nw_auth", "token", UNTIL), browser_cookie.delete("nw_auth")),
    )
    site = page_at(page, "https://clinic.example")
    site.add_script_tag(content=write)
    assert [c["name"] for c in page.context.cookies()] == ["nw_auth"]
    site.add_script_tag(content=delete)
    assert page.context.cookies() == []


def test_a_value_cannot_end_the_script_it_is_written_in(monkeypatch):
    (write,) = scripts(monkeypatch, lambda: browser_cookie.write("nw", "</script><b>", UNTIL))
    assert "</script>" not in write and "<b>" not in write
