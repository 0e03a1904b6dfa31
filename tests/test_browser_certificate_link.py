"""Certificates in a real browser, on an app served under a base path with no public
address configured (the default) and a clinic whose date is not UTC's: the link printed on
a certificate opens its verification; revoking a sign-off a certificate rests on tells
the instructor and shows on the verification page; the sign-off form keeps what was typed
when it is refused and takes the clinic's today; a certificate an administrator revoked is
not issued again until an administrator decides, after confirming."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import update

from needlewise import clock, display, settings
from needlewise.acting import Operator
from needlewise.certification import issuing, records, signoffs
from needlewise.content import load_content
from needlewise.settings import read_all
from needlewise.store import open_store
from needlewise.store.schema import users

from .browser_harness import choose, leave, open_from_menu, running_app, settle, sign_in, visit
from .builders import ROOT, add_user, complete_the_course

pytestmark = pytest.mark.browser
BASE_PATH = "nw"


def clinic_zone() -> str:
    """A zone whose date differs from UTC's now: UTC+14 from 10:00 UTC, UTC-11 before 11:00."""
    return "Pacific/Kiritimati" if clock.now().hour >= 10 else "Pacific/Pago_Pago"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """Gina (certified, no certificate yet), Hana and Rae (certificates issued), Ivy (nothing
    signed off, joined 30 days ago), Ian the instructor, Ada the administrator; the clinic's
    zone set afterwards."""
    folder = tmp_path_factory.mktemp("certificate_link")
    url = f"sqlite:///{folder / 'nw.db'}"
    engine = open_store(url)
    ian = add_user(engine, "ian", roles=("instructor",), name="Ian Instructor")
    gina = add_user(engine, "gina", name="Gina Graduate")
    hana = add_user(engine, "hana", name="Hana Holder")
    ivy = add_user(engine, "ivy", name="Ivy Intake")
    rae = add_user(engine, "rae", name="Rae Revoked")
    add_user(engine, "ada", roles=("admin",), name="Ada Admin")
    with engine.begin() as connection:
        connection.execute(
            update(users)
            .where(users.c.id == ivy.id)
            .values(created_at=ivy.created_at - timedelta(days=30))
        )
    complete_the_course(engine, gina, ian)
    complete_the_course(engine, hana, ian)
    complete_the_course(engine, rae, ian)
    zone = clinic_zone()
    settings.save(engine, {"time_zone": zone}, actor=Operator("setup"))
    content = load_content(ROOT / "content", ROOT / "quizzes")
    certificate = issuing.certificate_for(engine, content, hana, read_all(engine))
    issuing.certificate_for(engine, content, rae, read_all(engine))
    people = {"gina": gina, "ivy": ivy, "rae": rae}
    with running_app(
        url, log_path=folder / "nw.log", base_path=BASE_PATH, public_url=False
    ) as address:
        yield address, engine, zone, certificate, people
    engine.dispose()


def text_of(pdf_bytes: bytes) -> str:
    return PdfReader(io.BytesIO(pdf_bytes)).pages[0].extract_text()


def test_the_printed_verification_link_opens_the_verification_result(browser, page, app):
    from playwright.sync_api import expect

    address, engine, zone, _, _ = app
    sign_in(page, address, "gina")
    visit(page, f"{address}/certificate")
    expect(page.get_by_text("Anyone can check it at")).to_be_visible()
    printed = re.search(
        r"Anyone can check it at (\S+)", page.get_by_text("Anyone can check it at").inner_text()
    ).group(1)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my certificate (PDF)").click()
    pdf_text = text_of(Path(download.value.path()).read_bytes())
    assert f"Check it at {printed}" in pdf_text.replace("\n", " ")
    trainee_page = page.get_by_text("You completed").inner_text()
    leave(page)

    stranger = browser.new_context()
    try:
        visitor = stranger.new_page()
        visitor.set_default_timeout(30_000)
        visit(visitor, printed)
        expect(visitor.get_by_text("This certificate is valid.")).to_be_visible()
        assert visitor.get_by_role("button", name="Sign in").count() == 0
        public = visitor.get_by_text("completed").inner_text()
        public_issued = visitor.get_by_text("Name as it stood").inner_text()
    finally:
        stranger.close()

    certificate = records.verify(engine, printed.rsplit("code=", 1)[-1]).certificate
    assert printed == f"{address}/verify?code={certificate.code}"
    # Every date is the clinic's day, the same on the PDF and on both pages.
    assert certificate.issued_on == display.local(certificate.issued_at, zone).date()
    completed = records.long_day(certificate.completed_on)
    until = records.long_day(certificate.expires_on)
    assert f"on {completed}" in pdf_text and f"Valid until {until}" in pdf_text
    assert f"on {completed}. Your certificate is valid until {until}." in trainee_page
    assert f"on {completed}. Valid until {until}." in public
    assert f"issued on {records.long_day(certificate.issued_on)}" in public_issued


def test_revoking_a_sign_off_tells_the_instructor_and_the_verification_page_says_so(
    browser, page, app
):
    from playwright.sync_api import expect

    address, _, _, certificate, _ = app
    sign_in(page, address, "ian")
    visit(page, f"{address}/signoff")
    choose(page, "stSelectbox", "Trainee", "Hana Holder (hana)")
    expect(page.get_by_text("lists this competency")).to_be_visible()
    page.get_by_role("textbox", name="Reason (required)").fill("Observed the wrong trainee")
    page.get_by_role("button", name="Revoke", exact=True).click()
    settle(page)
    told = page.get_by_test_id("stAlertContentSuccess")
    expect(told).to_contain_text("Sign-off revoked")
    expect(told).to_contain_text(
        "until an administrator revokes it, with a reason, on the Certificates page"
    )
    expect(page.get_by_text("rests on a sign-off revoked since it was issued")).to_be_visible()
    leave(page)

    stranger = browser.new_context()
    try:
        visitor = stranger.new_page()
        visitor.set_default_timeout(30_000)
        visit(visitor, records.verify_url(address, certificate.code))
        expect(visitor.get_by_text("This certificate is valid but under review")).to_be_visible()
        expect(visitor.get_by_text("sign-off withdrawn on")).to_be_visible()
    finally:
        stranger.close()


def test_what_is_typed_for_one_trainee_is_not_sent_for_another_and_a_reload_keeps_the_trainee(
    page, app
):
    """Nothing is submitted: a note typed for Ivy and a reason typed for Gina are emptied
    when another trainee is chosen; the chosen trainee is in the address."""
    from playwright.sync_api import expect

    address, *_ = app
    sign_in(page, address, "ian")
    visit(page, f"{address}/signoff")
    note = page.get_by_role("textbox", name="What you observed")
    reason = page.get_by_role("textbox", name="Reason (required)")
    choose(page, "stSelectbox", "Trainee", "Ivy Intake (ivy)")
    note.fill("Seen for Ivy only")
    note.press("Tab")
    choose(page, "stSelectbox", "Trainee", "Gina Graduate (gina)")
    reason.fill("Typed for Gina only")
    reason.press("Tab")
    settle(page)
    choose(page, "stSelectbox", "Trainee", "Hana Holder (hana)")
    expect(reason).to_have_value("")
    choose(page, "stSelectbox", "Trainee", "Ivy Intake (ivy)")
    expect(note).to_have_value("")
    expect(page).to_have_url(re.compile(r"signoff_trainee=Ivy"))
    page.reload()
    settle(page)
    trainee = page.get_by_test_id("stSelectbox").filter(has_text="Trainee").locator("input")
    expect(trainee).to_have_value("Ivy Intake (ivy)")
    expect(page.get_by_role("textbox", name="What you observed")).to_have_value("")


def test_a_refused_sign_off_keeps_what_was_typed_and_takes_the_clinics_today(page, app):
    from playwright.sync_api import expect

    address, engine, zone, _, people = app
    sign_in(page, address, "ian")
    visit(page, f"{address}/signoff")
    choose(page, "stSelectbox", "Trainee", "Ivy Intake (ivy)")
    field = page.get_by_test_id("stDateInput").filter(has_text="Observed on")
    # The field's value as the form will send it (it is shown as year, month, day parts).
    day = field.locator("input[type=date]")
    today = display.local(clock.now(), zone).date()
    expect(day).to_have_value(f"{today:%Y-%m-%d}")
    note = page.get_by_role("textbox", name="What you observed")

    def enter_date(value) -> None:
        field.get_by_role("spinbutton", name=re.compile("^year")).click()
        page.keyboard.type(f"{value:%Y%m%d}")
        page.keyboard.press("Tab")
        expect(day).to_have_value(f"{value:%Y-%m-%d}")

    earlier = today - timedelta(days=3)
    enter_date(earlier)
    note.fill("ok")
    page.get_by_role("button", name="Sign off", exact=True).click()
    settle(page)
    expect(page.get_by_text("note on what you observed")).to_be_visible()
    expect(day).to_have_value(f"{earlier:%Y-%m-%d}")
    expect(note).to_have_value("ok")

    enter_date(today - timedelta(days=40))
    note.fill("Washed hands before and after, as taught.")
    page.get_by_role("button", name="Sign off", exact=True).click()
    settle(page)
    expect(page.get_by_text("before Ivy Intake's account was created")).to_be_visible()
    expect(note).to_have_value("Washed hands before and after, as taught.")

    enter_date(today)
    page.get_by_role("button", name="Sign off", exact=True).click()
    settle(page)
    expect(page.get_by_text("signed off for Ivy Intake")).to_be_visible()
    expect(note).to_have_value("")
    [signed] = signoffs.history(engine, people["ivy"].id)
    assert signed.observed_on.date() == today


def test_a_revoked_certificate_stays_revoked_until_an_administrator_issues_a_new_one(
    browser, page, app
):
    from playwright.sync_api import expect

    address, engine, _, _, people = app
    [revoked] = records.for_user(engine, people["rae"].id)
    sign_in(page, address, "ada")
    open_from_menu(page, "Certificates")
    issued = records.long_day(revoked.issued_on)
    choose(page, "stSelectbox", "Certificate", f"Rae Revoked (issued {issued})")
    page.get_by_role("textbox", name="Reason (required)").fill("Logbook entries found falsified")
    page.get_by_role("button", name="Revoke certificate", exact=True).click()
    settle(page)
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text("Certificate revoked")
    [revoked] = records.for_user(engine, people["rae"].id)
    day = records.long_day(revoked.revoked_on)

    trainee_side = browser.new_context()
    try:
        trainee = trainee_side.new_page()
        trainee.set_default_timeout(30_000)
        sign_in(trainee, address, "rae")
        visit(trainee, f"{address}/certificate")
        told = trainee.get_by_test_id("stAlertContentError")
        expect(told).to_contain_text(f"was revoked by the clinic on {day}")
        expect(told).to_contain_text("needs an administrator's decision")
        expect(trainee.get_by_text("becomes available")).to_have_count(0)
        expect(trainee.get_by_role("button", name="Download my certificate (PDF)")).to_have_count(0)
        assert len(records.for_user(engine, people["rae"].id)) == 1

        visit(page, f"{address}/certificates_admin")
        choose(page, "stSelectbox", "Trainee", f"Rae Revoked (rae), revoked {day}")
        page.get_by_role("textbox", name="Why a new certificate is issued").fill(
            "Appeal upheld by the board"
        )
        page.get_by_role("button", name="Issue a new certificate…").click()
        settle(page)
        expect(page.get_by_test_id("stAlertContentWarning").last).to_contain_text(
            "Issue a new certificate to Rae Revoked (rae)?"
        )
        assert len(records.for_user(engine, people["rae"].id)) == 1
        page.get_by_role("button", name="Issue the new certificate", exact=True).click()
        settle(page)
        expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(
            "New certificate issued to Rae Revoked"
        )
        leave(page)

        visit(trainee, f"{address}/certificate")
        expect(trainee.get_by_text("Your certificate is valid until")).to_be_visible()
        expect(trainee.get_by_role("button", name="Download my certificate (PDF)")).to_be_visible()
        leave(trainee)
    finally:
        trainee_side.close()
    renewed = records.held(engine, people["rae"].id)
    assert renewed is not None and renewed.code != revoked.code
    assert records.verify(engine, revoked.code).status == "revoked"
