"""Browser benchmark: how long a person waits after a click, in Debian's Chromium.

Each figure is the median time from a click to the page settled (the app's script run
finished, as the page reports it), against the same click on one-line Streamlit pages
served and clicked in the same run: a sidebar link between two one-line pages for page
switches, and a radio on a one-line page for answering a question.
"""

from __future__ import annotations

import statistics
import time
from datetime import datetime, timedelta
from pathlib import Path

from bench.scenarios import ARGS, CHROMIUM, READY, ROOT, Result, _chromium, _fill_cohort, _server

# Watches the page's run state: a click is settled when a run it started has finished.
_WATCH = """() => {
  if (window.__nw) return;
  const app = document.querySelector("[data-testid='stApp']");
  window.__nw = {ran: false, done: null, start: 0, last: performance.now()};
  new MutationObserver(() => {
    const state = app.getAttribute("data-test-script-state");
    window.__nw.last = performance.now();
    if (state === "running") window.__nw.ran = true;
    else if (state === "notRunning" && window.__nw.ran && window.__nw.done === null)
      window.__nw.done = performance.now();
  }).observe(app, {attributes: true, attributeFilter: ["data-test-script-state"]});
}"""
_ARM = "() => { Object.assign(window.__nw, {ran: false, done: null, start: performance.now()}); }"

_FLOOR_APP = """import streamlit as st

pages = [st.Page(lambda: st.title("One"), title="One", url_path="one", default=True),
         st.Page(lambda: st.title("Two"), title="Two", url_path="two")]
st.navigation(pages).run()
"""
_FLOOR_RADIO = 'import streamlit as st\n\nst.radio("Choose one answer", ["A", "B", "C"])\n'


def _quiet(page) -> None:
    """Wait until the page has been idle for half a second (components may rerun once)."""
    page.wait_for_selector(READY, timeout=120_000)
    page.evaluate(_WATCH)
    while page.evaluate("() => performance.now() - window.__nw.last") < 500:
        page.wait_for_timeout(100)
    page.wait_for_selector(READY, timeout=120_000)


def _click_to_settled(page, click, ready_text: str | None = None) -> float:
    _quiet(page)
    page.evaluate(_ARM)
    click()
    page.wait_for_function("() => window.__nw.done !== null", timeout=120_000)
    seconds = page.evaluate("() => window.__nw.done - window.__nw.start") / 1000
    if ready_text is not None:
        page.get_by_text(ready_text).first.wait_for(timeout=120_000)
    return seconds


def _nav(page, path: str):
    return lambda: page.locator(f"[data-testid='stSidebarNavLink'][href$='/{path}']").click()


def _median(times: list[float]) -> float:
    return statistics.median(times)


def _floors(browser, folder: Path, repeats: int) -> tuple[float, float]:
    app = folder / "floor_pages.py"
    app.write_text(_FLOOR_APP)
    radio = folder / "floor_radio.py"
    radio.write_text(_FLOOR_RADIO)
    with _server(app, {}) as (address, _, _):
        page = browser.new_page()
        page.goto(address)
        switches = []
        for n in range(repeats):
            target = "two" if n % 2 == 0 else "one"
            switches.append(_click_to_settled(page, _nav(page, target)))
        page.close()
    with _server(radio, {}) as (address, _, _):
        page = browser.new_page()
        page.goto(address)
        labels = page.locator("[data-testid='stRadio'] [role='radiogroup'] label")
        answers = [_click_to_settled(page, labels.nth(n % 3).click) for n in range(1, repeats + 1)]
        page.close()
    return _median(switches), _median(answers)


def _people(url: str, database: Path, trainees: int) -> tuple[str, object]:
    from needlewise import accounts, progress, settings
    from needlewise.content import load_content
    from needlewise.store import open_store

    engine = open_store(url)
    content = load_content(ROOT / "content", ROOT / "quizzes")
    _fill_cohort(database, content, trainees)
    for username, role in (("bench-trainee", "trainee"), ("bench-teacher", "instructor")):
        user = accounts.create_user(
            engine,
            username,
            username.replace("-", " ").title(),
            f"{username}@example.com",
            "bench password 1",
            [role],
            actor="bench",
            must_change_password=False,
        )
        if role == "trainee":
            for lesson in content.course.modules[0].lessons:
                progress.mark_read(engine, user.id, lesson)
    return settings.cookie_key(engine), content


def _signed_in(browser, address: str, key: str, username: str):
    import jwt

    expires = (datetime.now() + timedelta(days=1)).timestamp()
    token = jwt.encode({"username": username, "exp_date": expires}, key, algorithm="HS256")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "needlewise_auth", "value": token, "url": address}])
    page = context.new_page()
    page.goto(address)
    page.get_by_text("Signed in as").first.wait_for(timeout=120_000)
    return page


def clicks(quick: bool, folder: Path) -> list[Result]:
    if _chromium() is None:
        print("  the click benchmark needs Chromium at /usr/bin/chromium; skipped")
        return []
    repeats = 3 if quick else 9
    database = folder / "clicks.db"
    url = f"sqlite:///{database}"
    key, content = _people(url, database, 50 if quick else 500)
    module = content.course.modules[0]
    lesson_title = content.lessons[module.lessons[0]].meta.title
    quiz_title = content.quizzes[module.quiz].quiz.title
    measured: dict[str, list[float]] = {}
    with _chromium() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        switch_floor, answer_floor = _floors(browser, folder, repeats)
        with _server(ROOT / "app.py", {"NEEDLEWISE_DATABASE_URL": url}) as (address, _, _):
            page = _signed_in(browser, address, key, "bench-trainee")
            _click_to_settled(page, _nav(page, "course"))
            page.get_by_role("link", name=f"Quiz: {quiz_title}").first.click()
            page.get_by_role("button", name="Start an attempt").click()
            page.get_by_text("answers are saved as you go").wait_for()
            for _ in range(repeats):
                _click_to_settled(page, _nav(page, "review"))
                measured.setdefault("Course", []).append(
                    _click_to_settled(page, _nav(page, "course"))
                )
                lesson_link = page.get_by_role("link", name=lesson_title).first
                measured.setdefault("a lesson", []).append(
                    _click_to_settled(page, lesson_link.click)
                )
                _click_to_settled(page, _nav(page, "course"))
                quiz_link = page.get_by_role("link", name=f"Quiz: {quiz_title}").first
                measured.setdefault("the quiz page (an open attempt)", []).append(
                    _click_to_settled(page, quiz_link.click)
                )
            options = page.locator("[data-testid='stRadio'] [role='radiogroup'] label")
            answers = [
                _click_to_settled(page, options.nth(n % 3).click) for n in range(1, repeats + 1)
            ]
            page.context.close()
            page = _signed_in(browser, address, key, "bench-teacher")
            for _ in range(repeats):
                _click_to_settled(page, _nav(page, "course"))
                measured.setdefault("Cohort (instructor)", []).append(
                    _click_to_settled(page, _nav(page, "cohort"))
                )
                _click_to_settled(page, _nav(page, "course"))
                measured.setdefault("Item analysis (instructor)", []).append(
                    _click_to_settled(page, _nav(page, "item_analysis"))
                )
            page.context.close()
        browser.close()
    results = [
        Result(f"click to settled: {name} (floor: one-line page)", _median(times), switch_floor)
        for name, times in measured.items()
    ]
    results.append(
        Result(
            "an answer click to settled (floor: radio on a one-line page)",
            _median(answers),
            answer_floor,
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
