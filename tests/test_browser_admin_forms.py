"""People's and Groups' forms in Debian's Chromium, signed in through the real form.

A refused form keeps everything typed and says why beside it; a successful one starts
empty again. A new group is the one Manage shows. An administrator is not offered to
disable their own account. An invitation's validity out of range is refused with a
message, and the earlier message with its code goes. With self-registration off, the
Register address says registration is closed and how to get an account, and a new
invitation says what must happen before it can be used.
"""

from __future__ import annotations

import pytest

from needlewise import cohorts, settings
from needlewise.store import open_store

from .browser_harness import choose, running_app, settle, sign_in, visit
from .builders import Operator, add_user

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser-admin-forms")
    url = f"sqlite:///{folder / 'nw.db'}"
    engine = open_store(url)
    ada = add_user(engine, "ada", roles=("admin",), name="Ada Admin")
    add_user(engine, "ivy", name="Ivy Trainee")
    cohorts.create(engine, "Autumn intake", actor=ada)
    with running_app(url) as address:
        yield address
    engine.dispose()


@pytest.fixture(scope="module")
def closed_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser-admin-forms-closed")
    url = f"sqlite:///{folder / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "ada", roles=("admin",), name="Ada Admin")
    settings.save(engine, {"self_registration": False}, actor=Operator("ada"))
    with running_app(url) as address:
        yield address
    engine.dispose()


def people_tab(page, address: str, name: str):
    """Sign in as ada, open People's tab ``name`` and return its panel."""
    sign_in(page, address, "ada")
    visit(page, f"{address}/people")
    return open_tab(page, name)


def open_tab(page, name: str):
    from playwright.sync_api import expect

    tab = page.get_by_test_id("stMain").get_by_role("tab", name=name)
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    return page.get_by_role("tabpanel").filter(visible=True)


def test_a_refused_account_keeps_what_was_typed_and_a_created_one_empties_the_form(page, app):
    from playwright.sync_api import expect

    panel = people_tab(page, app, "Add an account")
    username = panel.get_by_role("textbox", name="Username")
    full_name = panel.get_by_role("textbox", name="Full name")
    email = panel.get_by_role("textbox", name="Email", exact=True)
    username.fill("ivy")
    full_name.fill("Ivan Second")
    email.fill("ivan@example.com")
    roles = panel.get_by_role("combobox", name="Roles")
    roles.click()
    roles.fill("instructor")
    roles.press("Enter")
    page.keyboard.press("Escape")
    expect(panel.get_by_test_id("stMultiSelect")).to_contain_text("instructor")
    panel.get_by_role("button", name="Create account").click()
    settle(page)
    expect(panel.get_by_text("That username is already in use; choose another.")).to_be_visible()
    expect(username).to_have_value("ivy")
    expect(full_name).to_have_value("Ivan Second")
    expect(email).to_have_value("ivan@example.com")
    expect(panel.get_by_test_id("stMultiSelect")).to_contain_text("instructor")

    username.fill("ivan")
    panel.get_by_role("button", name="Create account").click()
    settle(page)
    expect(page.get_by_text("Account 'ivan' created.")).to_be_visible()
    panel = open_tab(page, "Add an account")
    for field in ("Username", "Full name"):
        expect(panel.get_by_role("textbox", name=field)).to_have_value("")
    expect(panel.get_by_role("textbox", name="Email", exact=True)).to_have_value("")
    expect(panel.get_by_test_id("stMultiSelect")).not_to_contain_text("instructor")


def test_a_refused_invitation_keeps_the_address_and_a_created_one_empties_the_form(page, app):
    from playwright.sync_api import expect

    panel = people_tab(page, app, "Invitations")
    email = panel.get_by_role("textbox", name="Email (optional: only this address may use")
    days = panel.get_by_role("spinbutton", name="Valid for (days)")
    email.fill("not-an-email")
    days.fill("7")
    panel.get_by_role("button", name="Create invitation").click()
    settle(page)
    expect(panel.get_by_text("'not-an-email' is not a valid email address.")).to_be_visible()
    expect(email).to_have_value("not-an-email")
    expect(days).to_have_value("7")

    email.fill("new@example.com")
    panel.get_by_role("button", name="Create invitation").click()
    settle(page)
    expect(page.get_by_text("Invitation code (trainee), shown only now:")).to_be_visible()
    open_tab(page, "Invitations")
    expect(email).to_have_value("")
    expect(days).to_have_value("14")


def test_an_invitation_for_0_days_says_why_and_the_earlier_code_goes(page, app):
    from playwright.sync_api import expect

    panel = people_tab(page, app, "Invitations")
    panel.get_by_role("button", name="Create invitation").click()
    settle(page)
    made = page.get_by_text("Invitation code (trainee), shown only now:")
    expect(made).to_be_visible()
    panel = open_tab(page, "Invitations")
    days = panel.get_by_role("spinbutton", name="Valid for (days)")
    days.fill("0")
    panel.get_by_role("button", name="Create invitation").click()
    settle(page)
    expect(
        panel.get_by_text("Valid for (days): an invitation lasts 1 to 365 days, not 0.")
    ).to_be_visible()
    expect(made).to_have_count(0)
    expect(days).to_have_value("0")


def test_your_own_account_offers_no_disable_and_says_why(page, app):
    from playwright.sync_api import expect

    panel = people_tab(page, app, "Change an account")
    choose(page, "stSelectbox", "Account", "ada")
    expect(panel.get_by_text("ada@example.com")).to_be_visible()
    settle(page)
    expect(panel.get_by_text("You cannot disable your own account")).to_be_visible()
    expect(panel.get_by_role("button", name="Disable account")).to_have_count(0)
    expect(panel.get_by_role("button", name="Reset password")).to_be_visible()
    choose(page, "stSelectbox", "Account", "ivy")
    expect(panel.get_by_text("ivy@example.com")).to_be_visible()
    expect(panel.get_by_role("button", name="Disable account")).to_be_visible()


def test_a_new_group_is_the_one_managed_next_and_the_form_empties(page, app):
    from playwright.sync_api import expect

    sign_in(page, app, "ada")
    visit(page, f"{app}/cohorts")
    main = page.get_by_test_id("stMain")
    name = main.get_by_role("textbox", name="New group")
    expect(main.get_by_role("button", name="Add to Autumn intake").first).to_be_visible()
    name.fill("Spring intake")
    main.get_by_role("button", name="Create group").click()
    settle(page)
    expect(page.get_by_text("Group 'Spring intake' created.")).to_be_visible()
    expect(main.get_by_role("button", name="Add to Spring intake").first).to_be_visible()
    expect(main.get_by_role("button", name="Add to Autumn intake")).to_have_count(0)
    expect(name).to_have_value("")


def test_a_refused_group_name_is_kept_with_the_reason(page, app):
    from playwright.sync_api import expect

    sign_in(page, app, "ada")
    visit(page, f"{app}/cohorts")
    main = page.get_by_test_id("stMain")
    name = main.get_by_role("textbox", name="New group")
    name.fill("autumn intake")
    main.get_by_role("button", name="Create group").click()
    settle(page)
    expect(main.get_by_text("There is already a group called 'Autumn intake'")).to_be_visible()
    expect(name).to_have_value("autumn intake")


def test_with_registration_off_register_says_it_is_closed(page, closed_app):
    from playwright.sync_api import expect

    visit(page, f"{closed_app}/register")
    expect(page.get_by_text("Registration is closed here")).to_be_visible()
    expect(page.get_by_text("ask your clinic's administrator")).to_be_visible()
    expect(page.get_by_role("textbox", name="Invitation code")).to_have_count(0)


def test_with_registration_off_a_new_invitation_says_what_must_happen_first(page, closed_app):
    from playwright.sync_api import expect

    panel = people_tab(page, closed_app, "Invitations")
    expect(panel.get_by_text("Self-registration is switched off in Settings")).to_be_visible()
    panel.get_by_role("button", name="Create invitation").click()
    settle(page)
    expect(page.get_by_text("The invitee cannot use it yet")).to_be_visible()
    expect(page.get_by_text("Switch it on, then they open Register")).to_be_visible()
