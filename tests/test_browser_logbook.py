"""The practice logbook in a real browser: a trainee records a treatment on a phone-sized
screen (an over-limit depth is refused), an instructor countersigns it, and the
trainee's Home and Certificate pages show the progress; the instructor downloads the
trainee's logbook as a PDF for an accreditor."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from needlewise import audit, settings
from needlewise.acting import Operator
from needlewise.logbook import entries
from needlewise.store import open_store

from .browser_harness import ARTIFACTS, choose, leave, running_app, settle, sign_in, visit
from .builders import add_user, log_treatment

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
CHEEKS = "Cheeks (over the cheekbone, the zygoma) (mm)"


def test_a_trainee_records_a_treatment_on_a_phone_and_an_instructor_countersigns_it(
    browser, page, tmp_path
):
    from playwright.sync_api import expect

    url = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    tess = add_user(engine, "tess", name="Tess Trainee")
    settings.save(
        engine,
        {"logbook_for_certificate": True, "logbook_required_treatments": 1},
        Operator("setup"),
    )
    phone = browser.new_context(viewport=PHONE)
    trainee = phone.new_page()
    trainee.set_default_timeout(30_000)
    try:
        with running_app(url) as address:
            sign_in(trainee, address, "tess")
            visit(trainee, f"{address}/logbook")
            expect(trainee.get_by_role("heading", name="My logbook")).to_be_visible()
            expect(trainee.get_by_text("Never enter a client's name")).to_be_visible()
            trainee.get_by_role("textbox", name="Client reference (pseudonymous code)").fill(
                "C-0142"
            )
            choose(trainee, "stSelectbox", "Fitzpatrick skin type", "II")
            choose(trainee, "stMultiSelect", "Scar types", "Rolling")
            choose(trainee, "stSelectbox", "Goodman and Baron grade", "3 Moderate")
            choose(trainee, "stSelectbox", "Screening decision", "Treat")
            trainee.get_by_text("Consent recorded").click()
            trainee.get_by_role("textbox", name="Consent form version").fill("v3")
            trainee.get_by_role("spinbutton", name=CHEEKS).fill("1.0")
            trainee.get_by_role("spinbutton", name="Passes").fill("3")
            trainee.get_by_role("button", name="Save entry").click()
            settle(trainee)
            expect(
                trainee.get_by_text("1 mm is deeper than the clinic's depth limit of 0.5 mm")
            ).to_be_visible()
            expect(trainee.get_by_text("Nothing was saved")).to_be_visible()
            assert entries.for_trainee(engine, tess.id) == []
            # Nothing typed was lost: only the depth needs correcting.
            expect(
                trainee.get_by_role("textbox", name="Client reference (pseudonymous code)")
            ).to_have_value("C-0142")
            trainee.get_by_role("spinbutton", name=CHEEKS).fill("0.5")
            trainee.get_by_role("button", name="Save entry").click()
            settle(trainee)
            expect(trainee.get_by_text("waits for a supervisor's countersignature")).to_be_visible()
            [saved] = entries.for_trainee(engine, tess.id)
            assert saved.details["areas"] == {"cheeks": 0.5} and saved.status == "submitted"
            # The form starts empty for the next treatment: a second click saves no copy.
            client = trainee.get_by_role("textbox", name="Client reference (pseudonymous code)")
            expect(client).to_have_value("")
            trainee.get_by_role("button", name="Save entry").click()
            settle(trainee)
            expect(trainee.get_by_text("Nothing was saved")).to_be_visible()
            assert len(entries.for_trainee(engine, tess.id)) == 1
            width = trainee.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"the page scrolls sideways on a phone ({width} px)"
            leave(trainee)

            # Another trainee's entry waits too: the one chosen stays chosen on a reload.
            other = entries.get(engine, log_treatment(engine, add_user(engine, "tom")))

            def label(entry) -> str:
                return f"Entry {entry.id} · {entry.trainee_name} · {entry.treated_on.date()}"

            sign_in(page, address, "ian")
            page.get_by_role("link", name="Logbook review").click()
            settle(page)
            choose(page, "stSelectbox", "Entry", label(other))
            expect(page.get_by_text("Client reference: C-1")).to_be_visible()
            page.reload()
            settle(page)
            expect(page.get_by_text("Client reference: C-1")).to_be_visible()
            choose(page, "stSelectbox", "Entry", label(saved))
            expect(page.get_by_text("Client reference: C-0142")).to_be_visible()
            page.get_by_role("textbox", name="Comment (required when you return the entry)").fill(
                "Even passes, endpoint reached"
            )
            page.get_by_role("button", name="Countersign").click()
            settle(page)
            expect(page.get_by_text(f"Entry {saved.id} countersigned.")).to_be_visible()
            page.get_by_role("button", name="Prepare this logbook as a PDF").click()
            settle(page)
            with page.expect_download() as download:
                page.get_by_role("button", name="Logbook (PDF)").click()
            pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
            text = " ".join(p.extract_text() for p in pdf.pages)
            assert "Tess Trainee" in text and "client C-0142" in text
            assert "Supervisors: Ian Instructor" in text
            leave(page)

            visit(trainee, address)  # the trainee's sign-in cookie brings them back
            expect(trainee.get_by_text("Logbook: 1 of 1 countersigned treatments")).to_be_visible()
            visit(trainee, f"{address}/certificate")
            expect(trainee.get_by_text("Supervised practice logbook")).to_be_visible()
            expect(trainee.get_by_text("1 of 1 countersigned")).to_be_visible()
            expect(trainee.get_by_text("more supervised treatment")).to_have_count(0)
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)  # the page fixture saves only its own screen
        trainee.screenshot(path=str(ARTIFACTS / "logbook-trainee-phone.png"), full_page=True)
        raise
    finally:
        phone.close()
    accepted = entries.get(engine, saved.id)
    assert accepted.status == "accepted" and accepted.reviewer_name == "Ian Instructor"
    [logged] = audit.entries(engine, actions=["logbook_entry_accepted"])
    assert logged.actor == "ian" and logged.target == "tess"
