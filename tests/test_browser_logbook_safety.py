"""The logbook's safety rules in a real browser, on one app: a trainee on a phone is not
offered the eyelid and must choose the client's skin type; an instructor sees an old
eyelid entry flagged and cannot countersign it; an admin confirms a deleting retention
run, told how many entries go."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from needlewise import accounts, clock, settings
from needlewise.acting import Operator
from needlewise.logbook import entries
from needlewise.store import open_store
from needlewise.store.schema import logbook_entries

from .browser_harness import ARTIFACTS, choose, leave, running_app, settle, sign_in, visit
from .builders import add_user, log_treatment

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
EYELID = "Eyelids, upper and lower (inside the orbital rim)"


def _trainees(engine):
    return accounts.with_role(engine, "trainee")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('logbook_safety') / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    add_user(engine, "ada", roles=("admin",), name="Ada Admin")
    add_user(engine, "tess", name="Tess Trainee")
    add_user(engine, "tom", name="Tom Trainee")
    add_user(engine, "old", name="Olive Trainee")
    settings.save(
        engine,
        {"logbook_retention_months": 6, "logbook_retention_action": "delete"},
        Operator("setup"),
    )
    with running_app(url) as address:
        yield address, engine
    engine.dispose()


def test_a_trainee_is_not_offered_the_eyelid_and_must_choose_the_skin_type(app, browser):
    from playwright.sync_api import expect

    address, engine = app
    tess = next(u for u in _trainees(engine) if u.username == "tess")
    phone = browser.new_context(viewport=PHONE)
    trainee = phone.new_page()
    trainee.set_default_timeout(30_000)
    try:
        sign_in(trainee, address, "tess")
        visit(trainee, f"{address}/logbook")
        expect(
            trainee.get_by_text(f"Not offered: {EYELID}. The course does not treat this area")
        ).to_be_visible()
        expect(trainee.get_by_role("spinbutton", name=f"{EYELID} (mm)")).to_have_count(0)
        trainee.get_by_role("textbox", name="Client reference (pseudonymous code)").fill("C-0142")
        choose(trainee, "stMultiSelect", "Scar types", "Rolling")
        choose(trainee, "stSelectbox", "Goodman and Baron grade", "3 Moderate")
        choose(trainee, "stSelectbox", "Screening decision", "Treat")
        trainee.get_by_role("spinbutton", name="Cheeks (over the cheekbone, the zygoma) (mm)").fill(
            "0.5"
        )
        trainee.get_by_role("spinbutton", name="Passes").fill("3")
        events = trainee.get_by_test_id("stMultiSelect").filter(has_text="Adverse events")
        note = trainee.get_by_role("textbox", name="Follow-up at the next visit")
        assert events.bounding_box()["y"] > note.bounding_box()["y"], "adverse events not last"
        trainee.get_by_role("button", name="Save entry").click()
        settle(trainee)
        expect(
            trainee.get_by_text("Fitzpatrick skin type: choose the client's type")
        ).to_be_visible()
        assert entries.for_trainee(engine, tess.id) == []
        expect(
            trainee.get_by_role("textbox", name="Client reference (pseudonymous code)")
        ).to_have_value("C-0142")
        choose(trainee, "stSelectbox", "Fitzpatrick skin type", "IV")
        trainee.get_by_role("button", name="Save entry").click()
        settle(trainee)
        expect(trainee.get_by_text("waits for a supervisor's countersignature")).to_be_visible()
        [saved] = entries.for_trainee(engine, tess.id)
        assert saved.fitzpatrick == 4 and saved.details["areas"] == {"cheeks": 0.5}
        leave(trainee)
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        trainee.screenshot(path=str(ARTIFACTS / "logbook-safety-phone.png"), full_page=True)
        raise
    finally:
        phone.close()


def test_an_old_eyelid_entry_is_flagged_and_cannot_be_countersigned(app, page):
    from playwright.sync_api import expect

    address, engine = app
    tom = next(u for u in _trainees(engine) if u.username == "tom")
    entry_id = log_treatment(engine, tom, {"periorbital": 0.25})
    sign_in(page, address, "ian")
    page.get_by_role("link", name="Logbook review").click()
    settle(page)
    day = entries.get(engine, entry_id).treated_on.date().isoformat()
    choose(page, "stSelectbox", "Entry", f"Entry {entry_id} · Tom Trainee · {day}")
    expect(page.get_by_text("Area the course does not treat, at any depth")).to_be_visible()
    expect(page.get_by_role("button", name="Countersign")).to_be_disabled()
    page.get_by_role("textbox", name="Comment (required when you return the entry)").fill(
        "The eyelid inside the orbital rim is never needled"
    )
    page.get_by_role("button", name="Return to the trainee").click()
    settle(page)
    expect(page.get_by_text(f"Entry {entry_id} returned to the trainee.")).to_be_visible()
    assert entries.get(engine, entry_id).status == "returned"
    leave(page)


def test_an_admin_confirms_a_deleting_retention_run_told_how_many(app, page):
    from playwright.sync_api import expect

    address, engine = app
    olive = next(u for u in _trainees(engine) if u.username == "old")
    old = [log_treatment(engine, olive) for _ in range(2)]
    with engine.begin() as connection:
        connection.execute(
            update(logbook_entries)
            .where(logbook_entries.c.id.in_(old))
            .values(treated_on=clock.now() - timedelta(days=400))
        )
    sign_in(page, address, "ada")
    visit(page, f"{address}/logbook_review")
    page.get_by_role("button", name="Apply the retention rule now").click()
    settle(page)
    expect(
        page.get_by_text("This permanently deletes 2 logbook entries older than 6 months.")
    ).to_be_visible()
    assert len(entries.for_trainee(engine, olive.id)) == 2
    page.get_by_role("button", name="Cancel").click()
    settle(page)
    expect(page.get_by_text("permanently deletes")).to_have_count(0)
    assert len(entries.for_trainee(engine, olive.id)) == 2
    page.get_by_role("button", name="Apply the retention rule now").click()
    settle(page)
    page.get_by_role("button", name="Delete 2 entries").click()
    settle(page)
    expect(page.get_by_text("Retention applied to 2 entries.")).to_be_visible()
    assert entries.for_trainee(engine, olive.id) == []
    leave(page)
