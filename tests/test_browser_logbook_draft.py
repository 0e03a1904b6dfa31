"""My logbook in a real browser, on one app: a half-written new entry survives the lesson
link its adverse-event steps offer (Back and the sidebar both return to it) and starts
empty after a save; a trainee for whom that lesson is locked is shown its name and why,
not a link to a locked page; a saved correction's picker label says "waiting" at once."""

from __future__ import annotations

import re

import pytest

from needlewise.logbook import entries
from needlewise.store import open_store

from .browser_harness import (
    ARTIFACTS,
    choose,
    leave,
    open_from_menu,
    running_app,
    settle,
    sign_in,
    visit,
)
from .builders import add_user, log_treatment, never_needled, pass_module_quiz

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
CLIENT = "Client reference (pseudonymous code)"
LESSON = "Complications and emergencies: red flags, first actions and reporting"
STEPS = "Fainting or near-fainting: what to do now."
REACTION = "Pale and dizzy after 2 passes"
NOTE = "Laid flat, recovered in 5 minutes; no further treatment"
CHEEKS = "Cheeks (over the cheekbone, the zygoma) (mm)"
LOCKED_WHY = "Pass the module quiz for 'Needle depth selection and technique' first."


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('logbook_draft') / 'nw.db'}"
    engine = open_store(url)
    ian = add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    # Module 6, with the emergencies lesson, opens once module 4's quiz is passed.
    tess = add_user(engine, "tess", name="Tess Trainee")
    pass_module_quiz(engine, tess, "m4-quiz")
    add_user(engine, "tom", name="Tom Trainee")
    returned = log_treatment(engine, add_user(engine, "rita", name="Rita Trainee"))
    entries.review(
        engine, returned, ian, accept=False, comment="Passes missing", not_treated=never_needled()
    )
    with running_app(url) as address:
        yield address, engine, tess, returned
    engine.dispose()


def phone_page(browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def from_the_menu(page, title: str) -> None:
    """A page from the phone's sidebar menu, as a trainee reaches it."""
    page.get_by_test_id("stExpandSidebarButton").click()
    open_from_menu(page, title)


def choose_fainting(page) -> None:
    choose(page, "stMultiSelect", "Adverse events", "Fainting or near-fainting")
    settle(page)


def expect_the_draft(page) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_role("textbox", name=CLIENT)).to_have_value("C-0142")
    skin = page.get_by_test_id("stSelectbox").filter(has_text="Fitzpatrick skin type")
    expect(skin.locator("input")).to_have_value("II")
    expect(page.get_by_role("textbox", name="Device")).to_have_value("SkinPen Precision")
    expect(page.get_by_role("textbox", name="Immediate reaction")).to_have_value(REACTION)
    events = page.get_by_test_id("stMultiSelect").filter(has_text="Adverse events")
    expect(events).to_contain_text("Fainting or near-fainting")
    expect(page.get_by_text(STEPS)).to_be_visible()


def test_a_half_written_entry_survives_the_lesson_link_and_is_gone_after_a_save(app, browser):
    from playwright.sync_api import expect

    address, engine, tess, _ = app
    context, page = phone_page(browser)
    try:
        sign_in(page, address, "tess")
        from_the_menu(page, "My logbook")
        page.get_by_role("textbox", name=CLIENT).fill("C-0142")
        choose(page, "stSelectbox", "Fitzpatrick skin type", "II")
        page.get_by_role("textbox", name="Device").fill("SkinPen Precision")
        page.get_by_role("textbox", name="Immediate reaction").fill(REACTION)
        choose_fainting(page)
        expect(page.get_by_text(STEPS)).to_be_visible()

        # Out through the steps' lesson link, back with the browser's Back button.
        page.get_by_role("link", name=LESSON).click()
        page.wait_for_url(re.compile(r"/lesson\?id=m6-complications-and-emergencies$"))
        settle(page)
        expect(page.get_by_role("heading", name=LESSON)).to_be_visible()
        page.go_back()
        page.wait_for_url(re.compile(r"/logbook$"))
        settle(page)
        expect_the_draft(page)

        # Out through the lesson link again, back through the sidebar menu.
        page.get_by_role("link", name=LESSON).click()
        settle(page)
        expect(page.get_by_role("heading", name=LESSON)).to_be_visible()
        from_the_menu(page, "My logbook")
        expect_the_draft(page)

        # What is typed just before leaving is kept too: the field's change reaches the
        # server with the click that leaves the page.
        note = page.get_by_role("textbox", name="Adverse event: what happened and what you did")
        note.fill(NOTE)
        from_the_menu(page, "Course")
        from_the_menu(page, "My logbook")
        expect(note).to_have_value(NOTE)
        expect_the_draft(page)

        choose(page, "stMultiSelect", "Scar types", "Rolling")
        choose(page, "stSelectbox", "Goodman and Baron grade", "3 Moderate")
        choose(page, "stSelectbox", "Screening decision", "Treat")
        page.get_by_text("Consent recorded").click()
        page.get_by_role("textbox", name="Consent form version").fill("v3")
        page.get_by_role("spinbutton", name=CHEEKS).fill("0.5")
        page.get_by_role("spinbutton", name="Passes").fill("2")
        page.get_by_role("button", name="Save entry").click()
        settle(page)
        expect(page.get_by_text("waits for a supervisor's countersignature")).to_be_visible()
        [saved] = entries.for_trainee(engine, tess.id)
        assert saved.client_ref == "C-0142" and saved.details["device"] == "SkinPen Precision"
        assert saved.details["immediate_reaction"] == REACTION
        assert saved.details["adverse_events"] == ["fainting"]
        assert saved.details["adverse_event_note"] == NOTE
        expect(page.get_by_role("textbox", name=CLIENT)).to_have_value("")
        # Leaving and coming back does not bring the saved entry's draft back either.
        from_the_menu(page, "Course")
        from_the_menu(page, "My logbook")
        expect(page.get_by_role("textbox", name=CLIENT)).to_have_value("")
        expect(page.get_by_role("textbox", name="Device")).to_have_value("")
        expect(page.get_by_text(STEPS)).to_have_count(0)
        leave(page)
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "logbook-draft-phone.png"), full_page=True)
        raise
    finally:
        context.close()


def test_a_locked_lesson_is_named_with_why_not_linked(app, page):
    from playwright.sync_api import expect

    address, _, _, _ = app
    sign_in(page, address, "tom")
    visit(page, f"{address}/logbook")
    choose_fainting(page)
    expect(page.get_by_text(STEPS)).to_be_visible()  # the steps stay in the form
    expect(page.get_by_text(f"{LESSON} (locked)")).to_be_visible()
    expect(page.get_by_text(LOCKED_WHY)).to_be_visible()
    expect(page.get_by_role("link", name=LESSON)).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("lesson", re.I))).to_have_count(0)
    leave(page)


def test_a_saved_correction_is_labelled_waiting_in_the_picker_at_once(app, page):
    from playwright.sync_api import expect

    address, engine, _, returned = app
    day = entries.get(engine, returned).treated_on.date().isoformat()
    sign_in(page, address, "rita")
    visit(page, f"{address}/logbook")
    choose(page, "stSelectbox", "Record or correct", f"Entry {returned} · {day} · returned")
    expect(page.get_by_text("Returned by Ian Instructor: Passes missing")).to_be_visible()
    page.get_by_role("spinbutton", name="Passes").fill("3")
    page.get_by_role("button", name="Save entry").click()
    settle(page)
    expect(page.get_by_text(f"Entry {returned} updated")).to_be_visible()
    assert entries.get(engine, returned).status == "submitted"
    picker = page.get_by_test_id("stSelectbox").filter(has_text="Record or correct")
    expect(picker.locator("input")).to_have_value(f"Entry {returned} · {day} · waiting")
    expect(page.get_by_text("Returned by")).to_have_count(0)
    leave(page)
