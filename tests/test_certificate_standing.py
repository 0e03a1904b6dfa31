"""A certificate's address, its standing after a sign-off it lists is revoked, its dates in
the clinic's time zone, and the days a sign-off can be dated."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from pypdf import PdfReader

from needlewise import clock, display, settings
from needlewise.acting import Operator
from needlewise.certification import issuing, pdf, records, signoffs
from needlewise.errors import SignOffError
from needlewise.settings import read_all

from .builders import add_user, certify_trainee, load_test_course


@pytest.fixture
def course(tmp_path):
    return load_test_course(tmp_path)


@pytest.mark.parametrize(
    ("page_url", "root"),
    [
        ("http://host:8501/certificate", "http://host:8501"),
        ("http://host:8501/certificate/", "http://host:8501"),
        ("https://clinic.example/nw/certificate", "https://clinic.example/nw"),
        ("https://clinic.example/a/b/certificate", "https://clinic.example/a/b"),
        # The certificate page as a visitor's landing page has no name in the address.
        ("http://host:8501/", "http://host:8501"),
        ("http://host:8501/nw", "http://host:8501/nw"),
    ],
)
def test_the_verification_address_is_on_the_apps_own_address_not_the_page(page_url, root):
    code = "C" * 32
    assert records.app_root(page_url) == root
    address = records.verify_address(None, page_url, "http://localhost:8501", code)
    assert address == f"{root}/verify?code={code}"
    assert "/certificate/" not in address


def test_the_public_address_wins_and_the_fallback_is_used_without_a_browser_address():
    code = "C" * 32
    assert (
        records.verify_address("https://clinic.example/", "http://x/certificate", "f", code)
        == f"https://clinic.example/verify?code={code}"
    )
    assert (
        records.verify_address(None, None, "http://localhost:8501/nw", code)
        == f"http://localhost:8501/nw/verify?code={code}"
    )


def test_revoking_a_sign_off_puts_the_certificate_under_review_everywhere(engine, course):
    trainee, instructor, certificate = certify_trainee(engine, course)
    hygiene = signoffs.active(engine, trainee.id)["hygiene"]
    assert records.resting_on(engine, hygiene) == [certificate]
    resting = issuing.revoke_signoff(engine, hygiene, "Observed the wrong trainee", instructor)
    assert [c.code for c in resting] == [certificate.code]
    assert "Certificates page" in issuing.under_review_note(resting, trainee.name)

    result = records.verify(engine, certificate.code)
    assert result.status == "valid" and result.under_review
    assert result.label == "valid, under review"
    assert "under review" in result.message
    titles = {c.id: c.title for c in course.course.competencies}
    withdrawn = {item["title"]: day for item, day in result.competencies(titles)}
    assert withdrawn["Hygiene"] == certificate.day(clock.now())
    assert {title for title, day in withdrawn.items() if day is None} == {"Depth"}
    # The trainee keeps the certificate that was issued, with the same standing.
    held = issuing.certificate_for(engine, course, trainee, read_all(engine))
    assert held is not None and held.code == certificate.code
    assert records.standing(engine, held).label == result.label
    admin = add_user(engine, "ada", roles=("admin",))
    table = records.standings(engine, records.all_certificates(engine))
    assert [(c.code, s.label) for c, s, _ in table] == [(certificate.code, "valid, under review")]

    # Signed off again, the competency does not clear the flag: the certificate still
    # names the withdrawn sign-off, and only an administrator's decision ends the review.
    signoffs.sign_off(
        engine, course.course, trainee, "hygiene", clock.now(), "Seen again, properly.", instructor
    )
    assert records.verify(engine, certificate.code).under_review
    records.revoke(engine, certificate.code, "Rests on a withdrawn sign-off", admin)
    after = records.verify(engine, certificate.code)
    assert after.status == "revoked" and not after.under_review
    assert after.label == "revoked"


def test_a_sign_off_made_after_the_certificate_was_issued_is_not_one_it_rests_on(engine, course):
    trainee, instructor, certificate = certify_trainee(engine, course)
    hygiene = signoffs.active(engine, trainee.id)["hygiene"]
    signoffs.revoke(engine, hygiene.id, "Observed the wrong trainee", instructor)
    signoffs.sign_off(
        engine, course.course, trainee, "hygiene", clock.now(), "Seen again, properly.", instructor
    )
    again = signoffs.active(engine, trainee.id)["hygiene"]
    assert records.resting_on(engine, again) == []
    assert not certificate.lists(again)


def test_a_revoked_certificate_says_when_and_was_valid_until(engine, course):
    _, _, certificate = certify_trainee(engine, course)
    admin = add_user(engine, "ada", roles=("admin",))
    records.revoke(engine, certificate.code, "Issued in error", admin)
    result = records.verify(engine, certificate.code)
    until = records.long_day(certificate.expires_on)
    today = records.long_day(certificate.day(clock.now()))
    assert result.validity == f"Revoked on {today}; it was valid until {until}."
    assert records.verify(engine, certificate.code).validity.count("valid until") == 1


def test_a_certificates_dates_are_the_clinics_days(engine, course):
    """Issued at 13:00 UTC on 1 December 2026, which is 02:00 on 2 December in Auckland."""
    settings.save(engine, {"time_zone": "Pacific/Auckland"}, actor=Operator("ada"))
    rule = course.course.completion
    rule.module_quizzes = rule.final_assessment = rule.competencies = False
    trainee = add_user(engine, "tess")
    now = datetime(2026, 12, 1, 13, 0)
    certificate = issuing.certificate_for(engine, course, trainee, read_all(engine), now=now)
    assert certificate is not None
    assert certificate.issued_on == date(2026, 12, 2)
    assert certificate.completed_on == date(2026, 12, 2)
    assert certificate.expires_on == date(2028, 12, 2)
    # The stored expiry is that day in Auckland too, as the Certificates page reads it.
    assert display.local(certificate.expires_at, "Pacific/Auckland").date() == date(2028, 12, 2)
    text = PdfReader(io.BytesIO(pdf.render(certificate, "http://x/verify?code=1"))).pages[0]
    printed = text.extract_text()
    assert "on 02 December 2026" in printed and "Valid until 02 December 2028" in printed
    shown = records.verify(engine, certificate.code, now=now)
    assert shown.validity == "Valid until 02 December 2028."
    assert records.long_day(shown.certificate.issued_on) == "02 December 2026"


def test_a_certificate_issued_before_dates_were_kept_reads_its_days_in_utc(engine, course):
    _, _, certificate = certify_trainee(engine, course)
    older = records.Certificate(
        **{
            **certificate.__dict__,
            "snapshot": {
                k: v for k, v in certificate.snapshot.items() if k not in {"time_zone", "issued_on"}
            },
        }
    )
    assert older.zone == "UTC"
    assert older.issued_on == certificate.issued_at.date()


def test_a_sign_off_can_be_dated_the_clinics_today_east_of_utc(engine, course):
    settings.save(engine, {"time_zone": "Pacific/Kiritimati"}, actor=Operator("ada"))
    trainee = add_user(engine, "tess")
    instructor = add_user(engine, "ian", roles=("instructor",))
    # Noon UTC tomorrow is 02:00 the day after on Kiritimati (UTC+14): the clinic's today.
    now = datetime.combine(clock.now().date() + timedelta(days=1), datetime.min.time())
    now += timedelta(hours=12)
    clinic_today = display.local(now, "Pacific/Kiritimati").date()
    assert clinic_today > now.date()
    note = "Washed hands before and after."
    signoffs.sign_off(
        engine, course.course, trainee, "hygiene", clinic_today, note, instructor, now=now
    )
    assert signoffs.active(engine, trainee.id)["hygiene"].observed_on.date() == clinic_today
    with pytest.raises(SignOffError, match="in the future; the clinic's date today is"):
        signoffs.sign_off(
            engine,
            course.course,
            trainee,
            "depth",
            clinic_today + timedelta(days=1),
            "Chose the depth for the area.",
            instructor,
            now=now,
        )


def test_a_sign_off_dated_before_the_trainee_joined_is_refused(engine, course):
    trainee = add_user(engine, "tess", name="Tess Trainee")
    instructor = add_user(engine, "ian", roles=("instructor",))
    joined = trainee.created_at.date()
    for day in (date(1999, 1, 1), joined - timedelta(days=1)):
        with pytest.raises(SignOffError, match="before Tess Trainee's account was created") as e:
            signoffs.sign_off(
                engine, course.course, trainee, "hygiene", day, "Washed hands.", instructor
            )
        assert "Observed on:" in str(e.value)
    assert signoffs.history(engine, trainee.id) == []
    signoffs.sign_off(
        engine, course.course, trainee, "hygiene", joined, "Washed hands.", instructor
    )
    assert signoffs.active(engine, trainee.id)["hygiene"].observed_on.date() == joined
