"""Browser benchmark: how long a person waits after a click, in Debian's Chromium.

Each figure is the median time from a click to the page settled (the app's script run
finished, as the page reports it), against the same click on one-line Streamlit pages
served and clicked in the same run: a sidebar link between two one-line pages for page
switches (clicked just before each of the app's own clicks), and a radio on a one-line
page for answering a question. Opening an address (a
reload, a bookmark, a pasted link) is timed from the start of the load, against opening a
one-line page.
"""

from __future__ import annotations

import re
import statistics
import time
from pathlib import Path

from bench.scenarios import (
    ARGS,
    CHROMIUM,
    READY,
    ROOT,
    Result,
    _chromium,
    _server,
    fill_cohort,
    pick,
    stores,
)
from needlewise import display

# Notes when each message from the server arrives and when the person clicks. A click
# is settled when the last message it caused has arrived (the page's run state attribute
# is not enough: a quick run can start and finish within one browser render).
_WATCH = """(() => {
  const Native = window.WebSocket;
  window.__nw = {messages: [performance.now()], click: 0};
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", () => window.__nw.messages.push(performance.now()));
    }
  };
  document.addEventListener("click", () => {
    if (window.__nw.click === null) window.__nw.click = performance.now();
  }, true);
})();"""
_LAST = "() => window.__nw.messages[window.__nw.messages.length - 1]"


_FLOOR_APP = """import streamlit as st

pages = [st.Page(lambda: st.title("One"), title="One", url_path="one", default=True),
         st.Page(lambda: st.title("Two"), title="Two", url_path="two")]
st.navigation(pages).run()
"""
_FLOOR_RADIO = 'import streamlit as st\n\nst.radio("Choose one answer", ["A", "B", "C"])\n'
# Streamlit's own cost of rerunning one fragment, whatever it holds.
_FLOOR_FRAGMENT = """import streamlit as st


@st.fragment
def question():
    st.radio("Choose one answer", ["A", "B", "C"])


question()
"""


def _quiet(page) -> None:
    """Wait until the server has sent nothing for 0.7 s (components may rerun once)."""
    page.wait_for_selector(READY, timeout=120_000)
    while page.evaluate(f"() => performance.now() - ({_LAST})()") < 700:
        page.wait_for_timeout(100)


def _click_to_settled(page, click) -> float:
    _quiet(page)
    page.evaluate("() => { window.__nw.click = null; }")
    click()
    page.wait_for_function(
        f"() => window.__nw.click !== null && ({_LAST})() > window.__nw.click", timeout=120_000
    )
    _quiet(page)
    return page.evaluate(f"() => ({_LAST})() - window.__nw.click") / 1000


def _opened_to_settled(page, url: str) -> float:
    """Open an address as a reload, a bookmark or a pasted link does; time to settled."""
    page.goto(url)
    _quiet(page)
    return page.evaluate(f"() => ({_LAST})()") / 1000


def _nav(page, title: str):
    link = page.locator("[data-testid='stSidebarNavLink']").filter(
        has_text=re.compile(f"{re.escape(title)}$")
    )
    return link.click


def _median(times: list[float]) -> float:
    return statistics.median(times)


def _radio_clicks(browser, script: Path, repeats: int) -> float:
    with _server(script, {}) as (address, _, _):
        page = browser.new_page()
        page.add_init_script(_WATCH)
        page.goto(address)
        labels = page.locator("[data-testid='stRadio'] [role='radiogroup'] label")
        times = [_click_to_settled(page, labels.nth(n % 3).click) for n in range(1, repeats + 1)]
        page.close()
    return _median(times)


def _floors(browser, folder: Path, repeats: int) -> tuple[float, float, float]:
    """The radio, fragment and opened-address floors (the page-switch floor is clicked in
    turn with the app's own clicks: ``_SwitchFloor``)."""
    app = folder / "floor_pages.py"
    app.write_text(_FLOOR_APP)
    with _server(app, {}) as (address, _, _):
        page = browser.new_page()
        page.add_init_script(_WATCH)
        page.goto(address)
        opened = [_opened_to_settled(page, f"{address}/two") for _ in range(repeats)]
        page.close()
    radio = folder / "floor_radio.py"
    radio.write_text(_FLOOR_RADIO)
    fragment = folder / "floor_fragment.py"
    fragment.write_text(_FLOOR_FRAGMENT)
    return (
        _radio_clicks(browser, radio, repeats),
        _radio_clicks(browser, fragment, repeats),
        _median(opened),
    )


class _SwitchFloor:
    """A sidebar link between two one-line pages on a server of their own, clicked just
    before each of the app's measured clicks: a change in the machine's load then falls on
    the floor and the page alike, where a floor timed apart (before or after) swung from
    0.034 s to 0.055 s between runs and moved every ratio with it."""

    def __init__(self, browser, address: str) -> None:
        self.page = browser.new_page()
        self.page.add_init_script(_WATCH)
        self.page.goto(address)
        self.times: list[float] = []

    def click(self) -> None:
        target = "Two" if len(self.times) % 2 == 0 else "One"
        self.times.append(_click_to_settled(self.page, _nav(self.page, target)))


def _people(url: str, trainees: int) -> tuple[str, object]:
    from needlewise import accounts, progress, settings
    from needlewise.acting import Operator
    from needlewise.content import load_content
    from needlewise.store import open_store

    engine = open_store(url)
    content = load_content(ROOT / "content", ROOT / "quizzes")
    fill_cohort(engine, content, trainees)
    for username, role in (("bench-trainee", "trainee"), ("bench-teacher", "instructor")):
        user = accounts.create_user(
            engine,
            username,
            username.replace("-", " ").title(),
            f"{username}@example.com",
            "bench password 1",
            [role],
            actor=Operator("bench"),
            must_change_password=False,
        )
        if role == "trainee":
            for lesson in content.course.modules[0].lessons:
                progress.mark_read(engine, user.id, lesson)
    return settings.cookie_key(engine), content


def _signed_in(browser, address: str, key: str, username: str):
    from needlewise import clock, session_token

    # The sign-in cookie carries the account's session version (0 for a new account).
    token = session_token.encode(username, 0, key, 1, clock.now())
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "needlewise_auth", "value": token, "url": address}])
    page = context.new_page()
    page.add_init_script(_WATCH)
    page.goto(address)
    page.get_by_text("Signed in as").first.wait_for(timeout=120_000)
    return page


def clicks(quick: bool, folder: Path) -> list[Result]:
    """Every click with the app on a SQLite file and, when a server answers, on
    PostgreSQL, against floors clicked in the same browser."""
    if _chromium() is None:
        print("  the click benchmark needs Chromium at /usr/bin/chromium; skipped")
        return []
    # One click of each is enough to show the benchmark still runs (--smoke).
    repeats = pick(quick, 9, 3, 1)
    trainees = pick(quick, 500, 50, 10)
    results = []
    with _chromium() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        floors = _floors(browser, folder, repeats)
        with stores(folder, "clicks") as found:
            for label, url in found:
                results += _app_clicks(browser, folder, url, label, trainees, repeats, floors)
        browser.close()
    return results


def _app_clicks(
    browser,
    folder: Path,
    url: str,
    label: str,
    trainees: int,
    repeats: int,
    floors: tuple[float, float, float],
) -> list[Result]:
    answer_floor, fragment_floor, open_floor = floors
    key, content = _people(url, trainees)
    module = content.course.modules[0]
    lesson_title = content.lessons[module.lessons[0]].meta.title
    # The course page names the quiz as display.quiz_name does.
    quiz_label = display.quiz_name(content.quizzes[module.quiz].quiz.title)
    measured: dict[str, list[float]] = {}
    floor_app = folder / "floor_pages.py"
    with (
        _server(floor_app, {}) as (floor_address, _, _),
        _server(ROOT / "app.py", {"NEEDLEWISE_DATABASE_URL": url}) as (address, _, _),
    ):
        floor = _SwitchFloor(browser, floor_address)
        page = _signed_in(browser, address, key, "bench-trainee")
        _click_to_settled(page, _nav(page, "Course"))
        page.get_by_role("link", name=quiz_label).first.click()
        page.get_by_role("button", name="Start an attempt").click()
        page.get_by_text("answers are saved as you go").wait_for()
        for _ in range(repeats):
            _click_to_settled(page, _nav(page, "Daily review"))
            floor.click()
            measured.setdefault("Course", []).append(_click_to_settled(page, _nav(page, "Course")))
            lesson_link = page.get_by_role("link", name=lesson_title).first
            floor.click()
            measured.setdefault("a lesson", []).append(_click_to_settled(page, lesson_link.click))
            _click_to_settled(page, _nav(page, "Course"))
            quiz_link = page.get_by_role("link", name=quiz_label).first
            floor.click()
            measured.setdefault("the quiz page (an open attempt)", []).append(
                _click_to_settled(page, quiz_link.click)
            )
        options = page.locator("[data-testid='stRadio'] [role='radiogroup'] label")
        answers = [_click_to_settled(page, options.nth(n % 3).click) for n in range(1, repeats + 1)]
        for _ in range(repeats):
            floor.click()
            measured.setdefault("the quiz's next page", []).append(
                _click_to_settled(page, page.get_by_role("button", name="Next page").click)
            )
            _click_to_settled(page, page.get_by_role("button", name="Previous page").click)
        lesson_address = f"{address}/lesson?id={module.lessons[0]}"
        opened = {
            "Course": [_opened_to_settled(page, f"{address}/course") for _ in range(repeats)],
            "a lesson": [_opened_to_settled(page, lesson_address) for _ in range(repeats)],
        }
        page.context.close()
        page = _signed_in(browser, address, key, "bench-teacher")
        for _ in range(repeats):
            # Each measured click comes from another page: a link to the page already
            # open may not rerun anything.
            _click_to_settled(page, _nav(page, "Depth explorer"))
            floor.click()
            measured.setdefault("Gradebook (instructor)", []).append(
                _click_to_settled(page, _nav(page, "Gradebook"))
            )
            _click_to_settled(page, _nav(page, "Depth explorer"))
            floor.click()
            measured.setdefault("Item analysis (instructor)", []).append(
                _click_to_settled(page, _nav(page, "Item analysis"))
            )
        page.context.close()
        floor.page.close()
    switch_floor = _median(floor.times)
    results = [
        Result(
            f"click to settled: {name}, {label} (floor: one-line page)",
            _median(times),
            switch_floor,
        )
        for name, times in measured.items()
    ]
    results += [
        Result(
            f"open the address: {name}, {label} (floor: a one-line page)", _median(t), open_floor
        )
        for name, t in opened.items()
    ]
    answer = _median(answers)
    results.append(
        Result(
            f"an answer click to settled, {label} (floor: radio on a one-line page)",
            answer,
            answer_floor,
        )
    )
    results.append(
        Result(
            f"an answer click to settled, {label} (floor: that radio in a fragment)",
            answer,
            fragment_floor,
        )
    )
    return results


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        for result in clicks(True, Path(scratch)):
            print(result.line())
        print(f"({time.perf_counter() - started:.0f} s)")
