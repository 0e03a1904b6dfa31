"""Journeys in a real browser, the way people click, on production sign-in defaults:
every page of every role at desktop and phone width, the first run to a working team,
and reloads and deep links that keep their page.

Screenshots of every page visited are written to tests/screenshots/ (kept out of git),
so anyone can look at what each role sees.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from needlewise import accounts
from needlewise.access import PageSpec, pages_for
from needlewise.store import open_store

from .browser_harness import auth_cookie, running_app, settle, visit
from .builders import PASSWORD, add_user, shipped_content

CONTENT = shipped_content()

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).parent / "screenshots"
WIDTHS = {"desktop": 1400, "phone": 390}
ROLES = {"admin": "ada", "instructor": "ian", "trainee": "tess"}
ERROR_TEXT = re.compile("This app has encountered an error|Traceback")
# Hidden pages open from a link that names what they show.
QUERIES = {
    "lesson": {"id": CONTENT.course.lesson_order[1]},
    "quiz": {"id": CONTENT.course.modules[0].quiz},
}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """One server for the module, on a fresh database with one person per role."""
    folder = tmp_path_factory.mktemp("journeys")
    url = f"sqlite:///{folder / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "ada", roles=("admin",), name="Ada Admin")
    add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    add_user(engine, "tess", name="Tess Trainee")
    with running_app(url) as address:
        yield address, engine
    engine.dispose()


def new_page(browser, width: int = WIDTHS["desktop"]):
    context = browser.new_context(viewport={"width": width, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(30_000)
    return opened


def url_for(address: str, spec: PageSpec, default: bool) -> str:
    path = "" if default else spec.address
    query = "&".join(f"{k}={v}" for k, v in QUERIES.get(spec.key, {}).items())
    return f"{address}/{path}" + (f"?{query}" if query else "")


def assert_no_error(page, where: str) -> None:
    assert page.locator("[data-testid='stException']").count() == 0, where
    body = page.locator("[data-testid='stApp']").inner_text()
    assert not ERROR_TEXT.search(body), f"{where}: {body[:500]}"


def assert_at(page, expected: str) -> None:
    """The address shows the expected page and query, once it has stopped changing."""
    want = urlsplit(expected)
    for _ in range(20):
        settle(page)
        before = page.url
        page.wait_for_timeout(300)
        settle(page)
        if page.url == before:
            break
    got = urlsplit(page.url)
    assert (got.path.rstrip("/"), parse_qs(got.query)) == (
        want.path.rstrip("/"),
        parse_qs(want.query),
    ), f"expected {expected}, landed on {page.url}"


def wait_signed_in(page) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_text("Signed in as").first).to_be_visible()
    settle(page)
    # Let anything the first run started finish before the next click.
    page.wait_for_timeout(300)
    settle(page)


def fill_sign_in(page, username: str, password: str = PASSWORD) -> None:
    page.get_by_role("textbox", name="Username").fill(username)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def wait_for_cookie(page) -> None:
    for _ in range(100):  # the cookie is written by a script in the page
        if auth_cookie(page):
            return
        page.wait_for_timeout(100)
    raise AssertionError("no sign-in cookie was set")


def sign_in_at(page, address: str, username: str, password: str = PASSWORD) -> None:
    visit(page, address)
    fill_sign_in(page, username, password)
    wait_signed_in(page)
    wait_for_cookie(page)


def click_nav(page, address: str, spec: PageSpec, default: bool) -> None:
    """Open a page from the sidebar, as a person does (unfolding it on a phone)."""
    from playwright.sync_api import expect

    sidebar = page.get_by_test_id("stSidebar")
    if sidebar.bounding_box()["x"] < 0:
        # On a phone the menu is folded away until asked for.
        page.get_by_test_id("stExpandSidebarButton").click()
        expect(sidebar).to_be_in_viewport()
        page.wait_for_function(
            "() => document.querySelector(\"[data-testid='stSidebar']\")"
            ".getBoundingClientRect().x >= 0"
        )
    more = page.get_by_test_id("stSidebarNavViewButton")
    if more.is_visible() and "more" in more.inner_text():
        more.click()
    href = f"{address}/" if default else f"{address}/{spec.address}"
    page.locator(f"[data-testid='stSidebarNav'] a[href='{href}']").click()
    page.wait_for_url(href)
    settle(page)


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def every_tab(page, where: str) -> None:
    """Open each further tab of the page (a tab may be drawn only once it is open), with
    the same checks and a screenshot of each."""
    from playwright.sync_api import expect

    tabs = page.get_by_test_id("stMain").get_by_role("tab")
    sidebar = page.get_by_test_id("stSidebar")
    # On a phone the menu, unfolded to reach this page, covers it until folded away.
    phone = page.viewport_size["width"] < WIDTHS["desktop"]
    if tabs.count() > 1 and phone and sidebar.get_attribute("data-collapsed") == "false":
        page.get_by_test_id("stSidebarCollapseButton").get_by_role("button").click()
        expect(sidebar).not_to_be_in_viewport()
    for index in range(1, tabs.count()):
        tab = tabs.nth(index)
        name = tab.inner_text().strip()
        tab.click()
        expect(tab).to_have_attribute("aria-selected", "true")
        settle(page)
        assert_no_error(page, f"{where} ({name})")
        shoot(page, f"{where}-{re.sub(r'[^a-z]+', '-', name.lower())}")


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_of_every_role_opens_without_an_error(browser, app, role):
    address, _ = app
    specs = pages_for("signed_in", (role,))
    page = new_page(browser)
    try:
        sign_in_at(page, address, ROLES[role])
        for label, width in WIDTHS.items():
            # A second tab of the same browser, as wide as the device, stays signed in.
            tab = page.context.new_page()
            tab.set_default_timeout(30_000)
            tab.set_viewport_size({"width": width, "height": 900})
            visit(tab, address)
            wait_signed_in(tab)
            # Menu pages first, clicked; then the hidden ones, opened by their address.
            for spec in sorted(specs, key=lambda s: s.hidden):
                default = spec is specs[0]
                if spec.hidden:
                    visit(tab, url_for(address, spec, default))
                    wait_signed_in(tab)
                else:
                    click_nav(tab, address, spec, default)
                assert_at(tab, url_for(address, spec, default))
                where = f"{role}-{label}-{spec.key}"
                assert_no_error(tab, where)
                shoot(tab, where)
                every_tab(tab, where)
            tab.close()
    finally:
        page.context.close()


@pytest.mark.parametrize("role", ["admin", "trainee"])
def test_a_deep_link_or_reload_keeps_every_page_and_its_query(browser, app, role):
    """Every page of the role (the instructor's are a subset of the admin's), opened by
    typing its address, lands there with its query; a reload stays."""
    address, _ = app
    page = new_page(browser)
    try:
        sign_in_at(page, address, ROLES[role])
        specs = pages_for("signed_in", (role,))
        for index, spec in enumerate(specs):
            target = url_for(address, spec, index == 0)
            visit(page, target)
            wait_signed_in(page)
            assert_at(page, target)
        lesson = next(s for s in specs if s.key == "lesson")
        visit(page, url_for(address, lesson, False))
        wait_signed_in(page)
        page.reload()
        wait_signed_in(page)
        assert_at(page, url_for(address, lesson, False))
        assert_no_error(page, "reloaded lesson")
    finally:
        page.context.close()


def test_a_signed_out_deep_link_lands_there_after_sign_in(browser, app):
    from playwright.sync_api import expect

    address, _ = app
    lesson_url = f"{address}/lesson?id={QUERIES['lesson']['id']}"
    page = new_page(browser)
    try:
        visit(page, lesson_url)
        expect(page.get_by_role("button", name="Sign in")).to_be_visible()
        fill_sign_in(page, "tess")
        wait_signed_in(page)
        assert_at(page, lesson_url)
        assert_no_error(page, lesson_url)
    finally:
        page.context.close()
    # A detour to another signed-out page neither pulls the visitor back nor loses the link.
    page = new_page(browser)
    try:
        visit(page, f"{address}/settings")
        page.get_by_role("link", name=re.compile("Have an invitation")).click()
        expect(page.get_by_role("heading", name="Create your account")).to_be_visible()
        assert_at(page, f"{address}/register")
        page.get_by_role("link", name=re.compile("Back to sign in")).click()
        # The register page (which has a Username field too) stays drawn until the sign-in
        # page replaces it: type only once it has, as a person reading the page does.
        expect(page.get_by_role("heading", name="Create your account")).to_have_count(0)
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
        settle(page)
        fill_sign_in(page, "ada")
        wait_signed_in(page)
        assert_at(page, f"{address}/settings")
        assert_no_error(page, "settings after a detour")
    finally:
        page.context.close()
    page = new_page(browser)
    try:
        visit(page, f"{address}/people")
        fill_sign_in(page, "tess")
        wait_signed_in(page)
        assert_at(page, f"{address}/")
        expect(page.get_by_text("is not open to your account")).to_be_visible()
        assert page.get_by_role("heading", name="People").count() == 0
    finally:
        page.context.close()


def field_error_below(page, label: str, message: str) -> None:
    """The error sits right under its field, above the next one."""
    from playwright.sync_api import expect

    field = page.get_by_role("textbox", name=label, exact=True)
    error = page.locator("[data-testid='stAlertContentError']", has_text=message)
    expect(error).to_be_visible()
    field_box, error_box = field.bounding_box(), error.bounding_box()
    assert 0 <= error_box["y"] - (field_box["y"] + field_box["height"]) < 120, (label, message)


def choose(page, label: str, option: str, then_shown: str) -> None:
    """Pick an option of a selectbox and wait for the page to show ``then_shown``."""
    from playwright.sync_api import expect

    page.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()
    expect(page.get_by_text(then_shown)).to_be_visible()
    settle(page)


def shown_code(page, pattern: str) -> str:
    text = page.locator("[data-testid='stApp']").inner_text()
    found = re.search(pattern, text)
    assert found, text[:800]
    return found.group(1)


def test_first_run_to_a_team_of_three_through_the_ui(browser, tmp_path):
    """From an empty database: set up, land signed in with next steps, then add people,
    change a role, disable and re-enable, reset a password, invite and register."""
    from playwright.sync_api import expect

    url = f"sqlite:///{tmp_path / 'first.db'}"
    with running_app(url) as address:
        page = new_page(browser)
        visit(page, address)
        expect(page.get_by_role("heading", name="Set up NeedleWise")).to_be_visible()
        page.get_by_role("textbox", name="Username").fill("O wner")
        page.get_by_role("textbox", name="Email").fill("not an address")
        page.get_by_role("textbox", name="Password", exact=True).fill("short")
        page.get_by_role("textbox", name="Repeat password").fill("shorter")
        page.get_by_role("button", name="Create the administrator account").click()
        settle(page)
        field_error_below(page, "Username", "A username is 2-64 characters")
        field_error_below(page, "Full name", "A name is 1-200 characters")
        field_error_below(page, "Email", "is not a valid email address")
        field_error_below(page, "Password", "use at least 10 characters")
        field_error_below(page, "Repeat password", "The two passwords are not the same")
        assert_no_error(page, "setup errors")

        page.get_by_role("textbox", name="Username").fill("owner")
        page.get_by_role("textbox", name="Full name").fill("Olu Owner")
        page.get_by_role("textbox", name="Email").fill("owner@example.com")
        page.get_by_role("textbox", name="Password", exact=True).fill(PASSWORD)
        page.get_by_role("textbox", name="Repeat password").fill(PASSWORD)
        page.get_by_role("button", name="Create the administrator account").click()
        wait_signed_in(page)
        expect(page.get_by_text("Signed in as Olu Owner").first).to_be_visible()
        expect(page.get_by_role("heading", name="Next steps")).to_be_visible()
        for step in ("clinic name", "jurisdiction", "depth limit", "Add the people"):
            expect(page.get_by_text(step).first).to_be_visible()
        shoot(page, "first-run-next-steps")
        wait_for_cookie(page)
        page.reload()
        wait_signed_in(page)
        expect(page.get_by_text("Signed in as Olu Owner").first).to_be_visible()

        visit(page, f"{address}/people")
        wait_signed_in(page)
        assert_no_error(page, "people")
        temporary = {}
        for username, name in (("ian", "Ian Instructor"), ("tess", "Tess Trainee")):
            page.get_by_role("tab", name="Add an account").click()
            page.get_by_role("textbox", name="Username").fill(username)
            page.get_by_role("textbox", name="Full name").fill(name)
            page.get_by_role("textbox", name="Email", exact=True).fill(f"{username}@example.com")
            page.get_by_role("button", name="Create account").click()
            expect(page.get_by_text(f"Account '{username}' created.")).to_be_visible()
            temporary[username] = shown_code(page, r"shown only now: (\S+)")
            assert_no_error(page, f"add {username}")

        page.get_by_role("tab", name="Change an account").click()
        choose(page, "Account", "ian", "Ian Instructor · ian@example.com")
        roles = page.get_by_role("combobox", name="Roles")
        roles.click()
        roles.press("Backspace")  # takes off the last role chosen, "trainee"
        roles.fill("instructor")
        roles.press("Enter")
        page.keyboard.press("Escape")
        chosen = page.get_by_test_id("stMultiSelect").filter(has=roles)
        expect(chosen).to_contain_text("instructor")
        expect(chosen).not_to_contain_text("trainee")
        page.get_by_role("button", name="Save roles").click()
        expect(page.get_by_text("Roles of 'ian' saved.")).to_be_visible()

        page.get_by_role("tab", name="Change an account").click()
        choose(page, "Account", "tess", "Tess Trainee · tess@example.com")
        page.get_by_role("button", name="Disable account").click()
        page.get_by_role("button", name="Disable 'tess'").click()
        expect(page.get_by_text("'tess' disabled")).to_be_visible()
        page.get_by_role("tab", name="Change an account").click()
        choose(page, "Account", "tess", "Tess Trainee · tess@example.com")
        page.get_by_role("button", name="Enable account").click()
        expect(page.get_by_text("'tess' enabled")).to_be_visible()
        page.get_by_role("tab", name="Change an account").click()
        choose(page, "Account", "ian", "Ian Instructor · ian@example.com")
        page.get_by_role("button", name="Reset password").click()
        page.get_by_role("button", name="Reset 'ian''s password").click()
        expect(page.get_by_text("New temporary password for 'ian'")).to_be_visible()
        temporary["ian"] = shown_code(page, r"shown only now: (\S+?)\.")

        page.get_by_role("tab", name="Invitations").click()
        page.get_by_role("button", name="Create invitation").click()
        expect(
            page.get_by_text(re.compile(r"Invitation code \(\w+\), shown only now"))
        ).to_be_visible()
        code = shown_code(page, r"Invitation code \(\w+\), shown only now: (\S+)")
        assert_no_error(page, "invitation")
        shoot(page, "first-run-people")

        visitor = new_page(browser)
        try:
            visit(visitor, address)
            visitor.get_by_role("link", name=re.compile("Have an invitation")).click()
            settle(visitor)
            visitor.get_by_role("textbox", name="Invitation code").fill(code)
            visitor.get_by_role("textbox", name="Email").fill("nina@example.com")
            visitor.get_by_role("textbox", name="Username").fill("nina")
            visitor.get_by_role("textbox", name="Full name").fill("Nina New")
            visitor.get_by_role("textbox", name="Password", exact=True).fill(PASSWORD)
            visitor.get_by_role("textbox", name="Repeat password").fill(PASSWORD)
            visitor.get_by_role("button", name="Create account").click()
            expect(visitor.get_by_text("Your account is ready")).to_be_visible()
            fill_sign_in(visitor, "nina")
            wait_signed_in(visitor)
            expect(visitor.get_by_text("Signed in as Nina New").first).to_be_visible()
        finally:
            visitor.context.close()

        changer = new_page(browser)
        try:
            visit(changer, address)
            fill_sign_in(changer, "ian", temporary["ian"])
            expect(changer.get_by_role("heading", name="Choose a new password")).to_be_visible()
            settle(changer)
            assert changer.get_by_role("textbox", name="Current password").count() == 0
            changer.get_by_role("textbox", name="New password", exact=True).fill("short")
            changer.get_by_role("textbox", name="Repeat new password").fill("short")
            settle(changer)  # the sign-in cookie is written by a run just after sign-in
            changer.get_by_role("button", name="Change password").click()
            expect(changer.get_by_text("use at least 10 characters")).to_be_visible()
            errors = changer.locator("[data-testid='stAlertContentError']").all_inner_texts()
            text = " ".join(errors)
            assert "use at least 10 characters" in text
            assert text.count("Choose another password") <= 1, text
            changer.get_by_role("textbox", name="New password", exact=True).fill("my own words 42")
            changer.get_by_role("textbox", name="Repeat new password").fill("my own words 42")
            changer.get_by_role("button", name="Change password").click()
            wait_signed_in(changer)
            expect(changer.get_by_role("heading", name="Choose a new password")).to_have_count(0)
            assert_no_error(changer, "after password change")
        finally:
            changer.context.close()
        page.context.close()

    engine = open_store(url)
    try:
        people = {u.username: u for u in accounts.all_users(engine)}
        assert set(people) == {"owner", "ian", "tess", "nina"}
        assert people["ian"].roles == ("instructor",) and not people["ian"].must_change_password
        assert people["tess"].roles == ("trainee",) and not people["tess"].disabled
        assert people["nina"].roles == ("trainee",)
    finally:
        engine.dispose()
