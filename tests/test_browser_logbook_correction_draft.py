"""My logbook's corrections in a real browser, on one app: a returned entry's correction
survives a trip through the sidebar (the picker still on the entry, the edits as typed)
and is saved as typed; a correction typed over an entry that changed since (corrected in
another tab and returned again, or corrected while the form was open) is dropped with
why and never saved over the newer entry."""

from __future__ import annotations

import pytest

from needlewise.logbook import entries
from needlewise.store import open_store

from .browser_harness import choose, leave, open_from_menu, running_app, settle, sign_in
from .builders import add_user, correct_treatment, log_treatment, never_needled

pytestmark = pytest.mark.browser
NOT_KEPT = "Your unsaved edits to it were not kept."


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('logbook_correction') / 'nw.db'}"
    engine = open_store(url)
    ian = add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    trainees = {}
    for username in ("rita", "rosa"):
        trainee = add_user(engine, username)
        entry_id = log_treatment(engine, trainee)
        entries.review(
            engine,
            entry_id,
            ian,
            accept=False,
            comment="Passes missing",
            not_treated=never_needled(),
        )
        trainees[username] = (trainee, entry_id)
    with running_app(url) as address:
        yield address, engine, ian, trainees
    engine.dispose()


def label(engine, entry_id: int, status: str) -> str:
    day = entries.get(engine, entry_id).treated_on.date().isoformat()
    return f"Entry {entry_id} · {day} · {status}"


def pick(page, option: str) -> None:
    choose(page, "stSelectbox", "Record or correct", option)
    settle(page)


def expect_the_form(page, engine, entry_id: int, status: str, passes: str, device: str) -> None:
    from playwright.sync_api import expect

    picker = page.get_by_test_id("stSelectbox").filter(has_text="Record or correct")
    expect(picker.locator("input")).to_have_value(label(engine, entry_id, status))
    expect(page.get_by_role("spinbutton", name="Passes")).to_have_value(passes)
    expect(page.get_by_role("textbox", name="Device")).to_have_value(device)


def away_and_back(page) -> None:
    open_from_menu(page, "Course")
    open_from_menu(page, "My logbook")


def test_a_correction_survives_the_sidebar_and_is_saved_as_typed(app, page):
    from playwright.sync_api import expect

    address, engine, _, trainees = app
    _, entry_id = trainees["rita"]
    sign_in(page, address, "rita")
    open_from_menu(page, "My logbook")
    pick(page, label(engine, entry_id, "returned"))
    expect(page.get_by_text("Returned by Ian Instructor: Passes missing")).to_be_visible()
    page.get_by_role("spinbutton", name="Passes").fill("3")
    page.keyboard.press("Tab")
    settle(page)
    page.get_by_role("textbox", name="Device").fill("SkinPen Precision")
    # The device's change reaches the server with the click that leaves the page.
    away_and_back(page)
    expect_the_form(page, engine, entry_id, "returned", "3", "SkinPen Precision")
    expect(page.get_by_text("Returned by Ian Instructor: Passes missing")).to_be_visible()
    assert entries.get(engine, entry_id).details["passes"] == 2  # nothing saved yet

    page.get_by_role("button", name="Save entry").click()
    settle(page)
    expect(page.get_by_text(f"Entry {entry_id} updated")).to_be_visible()
    saved = entries.get(engine, entry_id)
    assert saved.status == "submitted"
    assert saved.details["passes"] == 3 and saved.details["device"] == "SkinPen Precision"
    expect(page.get_by_text(NOT_KEPT)).to_have_count(0)
    away_and_back(page)
    expect_the_form(page, engine, entry_id, "waiting", "3", "SkinPen Precision")
    expect(page.get_by_text("changed since you started")).to_have_count(0)
    leave(page)


def test_a_correction_typed_over_a_changed_entry_is_dropped_with_why(app, page):
    from playwright.sync_api import expect

    address, engine, ian, trainees = app
    rosa, entry_id = trainees["rosa"]
    sign_in(page, address, "rosa")
    open_from_menu(page, "My logbook")
    pick(page, label(engine, entry_id, "returned"))
    page.get_by_role("spinbutton", name="Passes").fill("4")
    page.get_by_role("textbox", name="Device").fill("Dermapen 4")
    open_from_menu(page, "Course")
    # Meanwhile the entry is corrected in another tab and returned again.
    correct_treatment(engine, rosa, entry_id, passes=6)
    entries.review(
        engine, entry_id, ian, accept=False, comment="Depth too low", not_treated=never_needled()
    )
    open_from_menu(page, "My logbook")
    expect(
        page.get_by_text(f"Entry {entry_id} changed since you started correcting")
    ).to_be_visible()
    expect(page.get_by_text(NOT_KEPT, exact=False)).to_be_visible()
    expect(page.get_by_text("Returned by Ian Instructor: Depth too low")).to_be_visible()
    expect_the_form(page, engine, entry_id, "returned", "6", "")
    stored = entries.get(engine, entry_id)
    assert stored.details["passes"] == 6 and stored.details["device"] == ""

    # Changed while the form is open: the Save saves nothing over the newer entry.
    page.get_by_role("spinbutton", name="Passes").fill("7")
    correct_treatment(engine, rosa, entry_id, passes=8)
    page.get_by_role("button", name="Save entry").click()
    settle(page)
    expect(page.get_by_text(NOT_KEPT, exact=False)).to_be_visible()
    expect(page.get_by_role("spinbutton", name="Passes")).to_have_value("8")
    expect(page.get_by_text(f"Entry {entry_id} updated")).to_have_count(0)
    assert entries.get(engine, entry_id).details["passes"] == 8
    leave(page)
