"""Logbook review in a real browser: an entry that does not record the client's consent
says so before the instructor tries, with what to do, its Countersign button is disabled,
and it can be returned to the trainee; an entry with consent recorded is countersigned."""

from __future__ import annotations

import pytest

from needlewise import clock
from needlewise.logbook import entries
from needlewise.store import open_store

from .browser_harness import ARTIFACTS, choose, leave, running_app, settle, sign_in
from .builders import add_user, log_treatment

pytestmark = pytest.mark.browser
NO_CONSENT = "does not record the client's consent, so it cannot be countersigned"


def test_an_entry_without_consent_is_refused_before_countersigning_and_returned(tmp_path, page):
    from playwright.sync_api import expect

    url = f"sqlite:///{tmp_path / 'nw.db'}"
    engine = open_store(url)
    add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    tess = add_user(engine, "tess", name="Tess Trainee")
    missing = log_treatment(engine, tess, consent=False)
    recorded = log_treatment(engine, tess)
    day = clock.now().date().isoformat()
    with running_app(url) as address:
        try:
            sign_in(page, address, "ian")
            page.get_by_role("link", name="Logbook review").click()
            settle(page)
            choose(page, "stSelectbox", "Entry", f"Entry {missing} · Tess Trainee · {day}")
            refusal = page.get_by_test_id("stAlertContentError").filter(has_text=NO_CONSENT)
            expect(refusal).to_be_visible()
            expect(refusal).to_contain_text("Return it to the trainee with your reason")
            expect(page.get_by_role("button", name="Countersign")).to_be_disabled()
            page.get_by_role("textbox", name="Comment (required when you return the entry)").fill(
                "Record the client's consent and the form version"
            )
            page.get_by_role("button", name="Return to the trainee").click()
            settle(page)
            expect(page.get_by_text(f"Entry {missing} returned to the trainee.")).to_be_visible()
            assert entries.get(engine, missing).status == "returned"

            choose(page, "stSelectbox", "Entry", f"Entry {recorded} · Tess Trainee · {day}")
            expect(page.get_by_text(NO_CONSENT)).to_have_count(0)
            page.get_by_role("button", name="Countersign").click()
            settle(page)
            expect(page.get_by_text(f"Entry {recorded} countersigned.")).to_be_visible()
            assert entries.get(engine, recorded).status == "accepted"
            leave(page)
        except Exception:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "countersign-consent.png"), full_page=True)
            raise
    engine.dispose()
