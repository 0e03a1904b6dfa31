"""In Chromium, an administrator meets the Settings, Getting started, Import questions,
Groups and Audit log pages as fixed: a depth limit that would be stored as 0 and a server's
"localtime" are refused with reasons, an untouched jurisdiction is not ticked off, an
unknown file format is explained in the page's own words, a group is renamed and (after a
confirmation) deleted, and the audit log's dates are the clinic's."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from needlewise import audit, settings
from needlewise.acting import Operator
from needlewise.store import open_store

from .browser_harness import choose, leave, open_from_menu, running_app, settle, sign_in, visit
from .builders import add_user

pytestmark = pytest.mark.browser

EXCEPTION = "[data-testid='stException']"
# A zone whose date differs from UTC's now, so a filter on UTC dates shows the wrong day:
# UTC+14 from 10:00 UTC to midnight, UTC-11 from midnight to 11:00 UTC.
ZONE = "Pacific/Kiritimati" if datetime.now(UTC).hour >= 10 else "Pacific/Pago_Pago"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("admin_fixes")
    url = f"sqlite:///{folder / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "ada", roles=("admin", "instructor"), name="Ada Admin")
    settings.save(engine, {"time_zone": ZONE}, actor=Operator("ada"))
    with running_app(url) as address:
        yield address, folder
    engine.dispose()


def main(page):
    return page.locator("[data-testid='stMain']")


def test_settings_refuse_values_that_would_be_stored_wrong_and_steps_tick_truly(page, app):
    from playwright.sync_api import expect

    address, _ = app
    sign_in(page, address, "ada")
    open_from_menu(page, "Settings")
    depth = page.get_by_role("spinbutton", name=settings.form_label("depth_limit_mm"))
    zone = page.get_by_role("textbox", name="Time zone", exact=True)
    depth.fill("0.004")
    zone.fill("localtime")
    page.get_by_role("button", name="Save settings").click()
    settle(page)
    expect(main(page)).to_contain_text("Nothing was saved")
    expect(main(page)).to_contain_text("below 0.01 mm, the smallest step the limit is kept in")
    expect(main(page)).to_contain_text("'localtime' is a file of the server's time zone folder")
    expect(zone).to_have_value("localtime")  # what was typed stays to be corrected
    depth.fill("1")
    zone.fill(ZONE)
    page.get_by_role("button", name="Save settings").click()
    settle(page)
    expect(main(page)).to_contain_text("Settings saved.")
    visit(page, f"{address}/getting_started")  # not in the menu, kept at its address
    expect(
        page.get_by_role("link", name="Set the needle-depth limit", exact=False)
    ).to_contain_text("(done)")
    for step in ("Set your jurisdiction", "Set your clinic name"):
        expect(page.get_by_role("link", name=step, exact=False)).not_to_contain_text("(done)")
    assert page.locator(EXCEPTION).count() == 0
    leave(page)


def test_an_unknown_format_is_named_as_the_import_page_names_it(page, app):
    from playwright.sync_api import expect

    address, folder = app
    unknown = folder / "notes.txt"
    unknown.write_text("Just some notes, no questions here.\n", encoding="utf-8")
    sign_in(page, address, "ada")
    open_from_menu(page, "Import questions")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(unknown))
    settle(page)
    expect(main(page)).to_contain_text(
        "notes.txt cannot be imported: NeedleWise cannot tell whether it is GIFT, Moodle XML "
        "or Aiken; choose its format in the Format list above"
    )
    assert "moodle-xml" not in main(page).inner_text()
    leave(page)


def test_a_group_is_renamed_refused_as_a_case_twin_and_deleted_after_asking(page, app):
    from playwright.sync_api import expect

    address, _ = app
    sign_in(page, address, "ada")
    open_from_menu(page, "Groups")
    page.get_by_label("New group").fill("March 2027 intak")
    page.get_by_role("button", name="Create group").click()
    settle(page)
    expect(main(page)).to_contain_text("Group 'March 2027 intak' created.")
    page.get_by_label("Name", exact=True).fill("March 2027 intake")
    page.get_by_role("button", name="Rename group").click()
    settle(page)
    expect(main(page)).to_contain_text("Group renamed to 'March 2027 intake'.")
    page.get_by_label("New group").fill("march 2027 INTAKE")
    page.get_by_role("button", name="Create group").click()
    settle(page)
    expect(main(page)).to_contain_text("There is already a group called 'March 2027 intake'")
    page.get_by_role("button", name="Delete this group").click()
    settle(page)
    expect(main(page)).to_contain_text("Delete the group 'March 2027 intake'?")
    page.get_by_role("button", name="Delete 'March 2027 intake'").click()
    settle(page)
    expect(main(page)).to_contain_text("Group 'March 2027 intake' deleted; its members are kept.")
    expect(main(page)).to_contain_text("No groups yet.")

    open_from_menu(page, "Audit log")
    until = page.get_by_test_id("stDateInput").filter(has_text="To").locator("input")
    expect(until).to_have_value(f"{audit.today(ZONE):%Y-%m-%d}")
    choose(page, "stMultiSelect", "Actions", "Group deleted")
    settle(page)
    expect(main(page)).to_contain_text("1 entry")
    assert page.locator(EXCEPTION).count() == 0
