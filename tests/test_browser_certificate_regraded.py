"""In a real browser: after a regrade turns the pass a certificate rests on into a fail,
the public verification page says the certificate is under review and why, the
Certificates page lists it with the reason, and an administrator who decides it stands
says why; the verification page then says it is valid."""

from __future__ import annotations

from datetime import timedelta

import pytest

from needlewise import regrade
from needlewise.attempts import save_many, start_or_resume, submit
from needlewise.certification import records
from needlewise.store import open_store
from needlewise.store.schema import certificates

from .browser_harness import running_app, settle, sign_in, visit
from .builders import add_user, parsed, rekeyed_quiz

pytestmark = pytest.mark.browser
FIRST, CORRECTED = rekeyed_quiz("rc", "Regraded safety quiz")
CODE = "R" * 32


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """Tia passed the quiz and holds a certificate issued after; a corrected key turned
    her pass into a fail. Ada is the administrator."""
    folder = tmp_path_factory.mktemp("certificate_regraded")
    url = f"sqlite:///{folder / 'nw.db'}"
    engine = open_store(url)
    ada = add_user(engine, "ada", roles=("admin",), name="Ada Admin")
    tia = add_user(engine, "tia", name="Tia Trainee")
    attempt = start_or_resume(engine, tia.id, parsed(FIRST), 60)
    save_many(engine, attempt.id, tia.id, {"rc-single": {"choice": 0}})
    handed_in = submit(engine, attempt.id, tia.id)
    with engine.begin() as connection:
        connection.execute(
            certificates.insert().values(
                code=CODE,
                user_id=tia.id,
                number=1,
                issued_at=handed_in.submitted_at + timedelta(minutes=1),
                expires_at=handed_in.submitted_at + timedelta(days=700),
                # The days a certificate states, as issuing freezes them.
                snapshot={
                    "trainee": "Tia Trainee",
                    "completed_on": handed_in.submitted_at.date().isoformat(),
                    "expires_on": (handed_in.submitted_at + timedelta(days=700)).date().isoformat(),
                },
            )
        )
    regrade.apply(engine, parsed(CORRECTED), actor=ada, instructors_publish=False)
    with running_app(url, log_path=folder / "nw.log") as address:
        yield address, engine
    engine.dispose()


def test_a_certificate_on_a_regraded_pass_is_under_review_until_an_administrator_decides(
    browser, page, app
):
    from playwright.sync_api import expect

    address, engine = app
    stranger = browser.new_context()
    try:
        visitor = stranger.new_page()
        visitor.set_default_timeout(30_000)
        visit(visitor, records.verify_url(address, CODE))
        expect(visitor.get_by_text("This certificate is valid but under review")).to_be_visible()
        expect(
            visitor.get_by_text("a result it rests on was re-marked as not passed")
        ).to_be_visible()

        sign_in(page, address, "ada")
        visit(page, f"{address}/certificates_admin")
        expect(page.get_by_text("Regraded safety quiz, attempt 1", exact=False)).to_be_visible()
        assert page.locator("[data-testid='stException']").count() == 0
        page.get_by_role("textbox", name="Why it stands (required)").fill(
            "Reassessed in person and passed"
        )
        page.get_by_role("button", name="It stands", exact=True).click()
        settle(page)
        expect(page.get_by_text("The certificate stands")).to_be_visible()
        assert page.locator("[data-testid='stException']").count() == 0
        assert not records.verify(engine, CODE).under_review

        visit(visitor, records.verify_url(address, CODE))
        expect(visitor.get_by_text("This certificate is valid.", exact=True)).to_be_visible()
    finally:
        stranger.close()
