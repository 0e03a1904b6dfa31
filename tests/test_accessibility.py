"""WCAG 2.2 AA in a real browser: axe-core (from the npm registry, pinned in package.json)
runs in Debian Chromium on every page of every role, the set-up, signed-out and
forced-password-change pages, a quiz attempt with all eight question types, a lesson with
figures and a locked lesson. Any critical or serious violation the project controls fails;
the rules that only Streamlit's own markup breaks are listed in ``FRAMEWORK`` with the
reason and the upstream issue.

axe-core comes from ``npm ci`` (run by .ci/run). Without node_modules/axe-core the test
skips, or fails under NEEDLEWISE_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from needlewise import access, accounts, gradebook, item_review
from needlewise.acting import Operator
from needlewise.attempts import save_many, start_or_resume, submit
from needlewise.content import load_content
from needlewise.quiz.scoring import correct_response
from needlewise.store import open_store

from .axe_audit import audit, axe_script
from .browser_harness import running_app, sign_in, visit
from .builders import EIGHT_TYPES, PASSWORD, QUIZ, ROOT, add_user, quizzes_with_all_types

pytestmark = pytest.mark.browser

LESSON_WITH_FIGURES = "m1-skin-and-healing"
LOCKED_LESSON = "m3-skin-of-colour-and-anaesthetic"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    root = tmp_path_factory.mktemp("accessibility")
    quizzes = quizzes_with_all_types(root)
    content = load_content(ROOT / "content", quizzes, base=root)
    assert content.problems == [], content.problems
    loaded = content.quizzes[QUIZ]
    assert {q.type for q in loaded.quiz.questions} | {
        q.type for _, q in loaded.quiz.leaves()
    } >= EIGHT_TYPES
    url = f"sqlite:///{root / 'nw.db'}"
    engine = open_store(url)
    trainee = add_user(engine, "tess", name="Tess Trainee")
    add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    add_user(engine, "ada", roles=("admin",), name="Ada Admin")
    accounts.create_user(
        engine,
        "newt",
        "Newt Newcomer",
        "newt@example.com",
        PASSWORD,
        ["trainee"],
        actor=Operator("setup"),
        must_change_password=True,
    )
    # A submitted attempt draws the progress charts; an open one shows every question type.
    first = start_or_resume(engine, trainee.id, loaded, 80)
    save_many(
        engine,
        first.id,
        trainee.id,
        {q.id: correct_response(q) for _, q in loaded.quiz.leaves() if q.type != "numeric"},
    )
    submit(engine, first.id, trainee.id)
    start_or_resume(engine, trainee.id, loaded, 80)
    with running_app(url, {"NEEDLEWISE_QUIZZES_DIR": str(quizzes)}) as address:
        yield address
    engine.dispose()


TABBED = {
    "cohort": ("gradebook_tab", gradebook.TABS),
    "item_analysis": ("items_tab", item_review.TABS),
}


def addresses(role: str) -> list[str]:
    found = []
    for spec in access.pages_for("signed_in", (role,)):
        if spec.key == "lesson":
            found += [f"lesson?id={LESSON_WITH_FIGURES}", f"lesson?id={LOCKED_LESSON}"]
        elif spec.key == "quiz":
            found.append(f"quiz?id={QUIZ}")
        elif spec.key == "quiz_preview":
            found.append(f"quiz_preview?quiz={QUIZ}")
        else:
            found.append(spec.address)
        # A tab is drawn only once it is open: each further tab by its address.
        key, labels = TABBED.get(spec.address, ("", ()))
        found += [f"{spec.address}?{urlencode({key: label})}" for label in labels[1:]]
    return found


@pytest.mark.parametrize(
    "role,username", [("trainee", "tess"), ("instructor", "ian"), ("admin", "ada")]
)
def test_every_page_of_a_role_passes_axe(page, app, role, username):
    from playwright.sync_api import expect

    axe_script()
    sign_in(page, app, username)
    problems = []
    for address in addresses(role):
        visit(page, f"{app}/{address}")
        # Each page says what it is in the browser tab (WCAG 2.4.2).
        expect(page).to_have_title(re.compile(r"^\S.* · NeedleWise$"))
        for _, label in parse_qsl(urlsplit(address).query):
            if label in TABBED.get(urlsplit(address).path, ("", ()))[1]:
                tab = page.get_by_role("tab", name=label, exact=True)
                expect(tab).to_have_attribute("aria-selected", "true")
        if address.startswith("quiz?"):
            questions_are_named(page)
        if address == "course" and role == "trainee":
            # Locked lessons and quizzes are text marked locked, never dead links (4.1.2).
            expect(page.get_by_text("(locked)").first).to_be_visible()
            assert page.locator("a[aria-disabled='true'], a[disabled]").count() == 0
        problems += audit(page, address)
    assert not problems, "\n".join(problems)


def questions_are_named(page) -> None:
    """Questions are headings; each control is named by its question; a multiple-answer
    question's boxes form a group named by it."""
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", name="Question 1", exact=True)).to_be_visible()
    named = page.get_by_role("radiogroup", name=re.compile(r"^Question \d+: \w"))
    expect(named.nth(1)).to_be_visible()  # at least two, once the page has drawn them
    assert page.get_by_role("radiogroup", name="Choose one answer", exact=True).count() == 0
    groups = page.get_by_role("group", name=re.compile(r"^Question \d+: .*tick every answer"))
    # Waited for, not counted at once: the page's questions arrive one after another.
    expect(groups.first.get_by_role("checkbox").nth(1)).to_be_visible()  # at least two
    text = page.get_by_role("textbox", name=re.compile(r"^Question \d+: "))
    expect(text.first).to_be_visible()
    assert text.count() == page.locator("[data-testid='stTextInput'] input").count()


def test_a_lesson_reflows_at_320_pixels(browser, app):
    """At 320 px (400% zoom) link labels wrap instead of being cut, and a figure keeps a
    readable size, scrolling sideways on its own rather than shrinking its labels."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 320, "height": 800})
    narrow = context.new_page()
    try:
        sign_in(narrow, app, "tess")
        visit(narrow, f"{app}/lesson?id={LESSON_WITH_FIGURES}")
        links = narrow.locator("[data-testid='stPageLink'] p")
        # The page may still be drawing when the run is reported finished.
        expect(links.first).to_be_visible()
        for index in range(links.count()):
            cut = links.nth(index).evaluate(
                "e => getComputedStyle(e).textOverflow === 'ellipsis' "
                "&& e.scrollWidth > e.clientWidth"
            )
            assert not cut, links.nth(index).inner_text()
        figure = narrow.locator("[data-testid='stImage'] img").first
        figure.scroll_into_view_if_needed()
        # Measured once the image has loaded, not while it is still an empty box.
        narrow.wait_for_function(
            "e => e.complete && e.naturalWidth > 0", arg=figure.element_handle()
        )
        assert figure.evaluate("e => e.getBoundingClientRect().width") >= 560
        page_width = narrow.evaluate("() => document.documentElement.scrollWidth")
        assert page_width <= 320 + 1, "the page itself scrolls sideways"
    finally:
        context.close()


def test_the_signed_out_and_password_change_pages_pass_axe(page, app):
    from playwright.sync_api import expect

    axe_script()
    problems = []
    for spec in access.pages_for("signed_out"):
        if "@" not in spec.key:
            visit(page, f"{app}/{spec.address}")
            problems += audit(page, f"signed out: {spec.address}")
    # The sign-in library writes autocomplete="off"; the page script gives the purpose.
    visit(page, app)
    username = page.get_by_role("textbox", name="Username")
    password = page.get_by_role("textbox", name="Password")
    expect(username).to_have_attribute("autocomplete", "username")
    expect(password).to_have_attribute("autocomplete", "current-password")
    username.fill("newt")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("textbox", name="New password", exact=True).wait_for()
    problems += audit(page, "must change password")
    assert not problems, "\n".join(problems)


def test_the_set_up_page_passes_axe(page, tmp_path):
    from playwright.sync_api import expect

    axe_script()
    with running_app(f"sqlite:///{tmp_path / 'empty.db'}") as address:
        visit(page, address)
        page.get_by_role("textbox", name="Username").wait_for()
        for name, purpose in [
            ("Username", "username"),
            ("Full name", "name"),
            ("Email", "email"),
            ("Repeat password", "new-password"),
        ]:
            field = page.get_by_role("textbox", name=name, exact=True)
            expect(field).to_have_attribute("autocomplete", purpose)
        problems = audit(page, "set-up")
    assert not problems, "\n".join(problems)
